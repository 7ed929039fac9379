using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Admin.Internal;

/// <summary>
/// A page that fails shows a fixed message and the request's id, never the exception (the developer exception page
/// would show a stack trace in Development); the exception goes to the log with that id.
/// </summary>
internal sealed partial class AdminErrorFilter : IAsyncExceptionFilter
{
    public Task OnExceptionAsync(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (http.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Maimai.Admin");
        PageFailed(logger, http.Request.Path.Value ?? "", http.TraceIdentifier, context.Exception);
        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status500InternalServerError,
            ContentType = "text/html; charset=utf-8",
            Content = Page("Something went wrong", $"The page could not be shown and nothing was changed. Try again; if it keeps failing, give an operator this id: {http.TraceIdentifier}"),
        };
        context.ExceptionHandled = true;
        return Task.CompletedTask;
    }

    /// <summary>A whole small page (for answers written outside the layout: refusals and failures).</summary>
    public static string Page(string title, string message) => $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlEncoder.Default.Encode(title)} · admin</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem">
        <h1>{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(message)}</p><p><a href="/admin">Admin home</a> · <a href="/">The site</a></p></body></html>
        """;

    [LoggerMessage(EventId = 1, EventName = "AdminPageFailed", Level = LogLevel.Error, Message = "Admin page {Path} failed (request {RequestId})")]
    private static partial void PageFailed(ILogger logger, string path, string requestId, Exception exception);
}

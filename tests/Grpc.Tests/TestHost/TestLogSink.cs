using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>Captures every log entry of a test server so tests can fail on unexpected errors.</summary>
public sealed class TestLogSink : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    public IReadOnlyList<LogEntry> Errors => [.. Entries.Where(e => e.Level >= LogLevel.Error)];

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class SinkLogger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

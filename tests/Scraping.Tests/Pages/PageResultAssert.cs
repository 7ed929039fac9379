using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Tests.Pages;

internal static class PageResultAssert
{
    public static T Parsed<T>(PageResult<T> result)
        where T : class
    {
        Assert.True(result.Failure is null, result.Failure?.Message);
        return result.Value!;
    }

    public static TFailure Failed<T, TFailure>(PageResult<T> result)
        where T : class
        where TFailure : PageFailure
    {
        Assert.False(result.Failure is null, "the page parsed, but it should have failed");
        Assert.Null(result.Value);
        return Assert.IsType<TFailure>(result.Failure);
    }

    public static UnexpectedPage Unexpected<T>(PageResult<T> result, DxNetPageKind expected)
        where T : class
    {
        var failure = Failed<T, UnexpectedPage>(result);
        Assert.Equal(expected, failure.Expected);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
        return failure;
    }
}

namespace Maimai.Scraping.Pages;

/// <summary>
/// What a page parser returns: the parsed record, or a typed <see cref="PageFailure"/> saying why the page
/// could not be read. Parsers never throw for bad input and never return partial data.
/// </summary>
public sealed class PageResult<T>
    where T : class
{
    internal PageResult(T? value, PageFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    /// <summary>The parsed page; null exactly when <see cref="Failure"/> is set.</summary>
    public T? Value { get; }

    /// <summary>Why the page could not be parsed; null on success.</summary>
    public PageFailure? Failure { get; }

    public static implicit operator PageResult<T>(PageFailure failure) => PageResult.Fail<T>(failure);

    public static implicit operator PageResult<T>(T value) => PageResult.Success(value);

    public bool TryGetValue(out T value, out PageFailure? failure)
    {
        value = Value!;
        failure = Failure;
        return Failure is null;
    }

    public override string ToString() => Failure is null ? $"Success({typeof(T).Name})" : Failure.ToString();
}

/// <summary>Builds <see cref="PageResult{T}"/> values.</summary>
public static class PageResult
{
    public static PageResult<T> Success<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static PageResult<T> Fail<T>(PageFailure failure)
        where T : class => new(null, failure ?? throw new ArgumentNullException(nameof(failure)));
}

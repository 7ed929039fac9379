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

    public bool IsSuccess => Failure is null;

    public static implicit operator PageResult<T>(PageFailure failure) => PageResult.Fail<T>(failure);

    public static implicit operator PageResult<T>(T value) => PageResult.Success(value);

    /// <summary>The value, or a <see cref="DxNetPageException"/> carrying the failure (for callers that prefer exceptions).</summary>
    public T GetValueOrThrow() => Value ?? throw new DxNetPageException(Failure!);

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

/// <summary>Thrown only by <see cref="PageResult{T}.GetValueOrThrow"/>; carries the typed failure.</summary>
public sealed class DxNetPageException : Exception
{
    public DxNetPageException(PageFailure failure)
        : base(failure?.Message)
    {
        Failure = failure ?? throw new ArgumentNullException(nameof(failure));
    }

    public DxNetPageException()
        : this(new UnexpectedPage(DxNetPageKind.Unknown, "unknown", string.Empty))
    {
    }

    public DxNetPageException(string message)
        : this(new UnexpectedPage(DxNetPageKind.Unknown, message, string.Empty))
    {
    }

    public DxNetPageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new UnexpectedPage(DxNetPageKind.Unknown, message, string.Empty);
    }

    public PageFailure Failure { get; }
}

using Maimai.DxNetSimulator.Requests;

namespace Maimai.DxNetSimulator.Faults;

/// <summary>What a fault makes the site answer.</summary>
public enum FaultKind
{
    /// <summary>HTTP 200 with the maintenance page ("Sorry, servers are under maintenance." / "定期メンテナンス中です").</summary>
    MaintenancePage,

    /// <summary>A 302 to /maimai-mobile/error/, which shows <see cref="FaultRule.ErrorCode"/>.</summary>
    ErrorPage,

    /// <summary>HTTP 503 with an empty body.</summary>
    ServiceUnavailable,

    /// <summary>The page's headers and Content-Length are sent, then half the body, then the connection is closed.</summary>
    TruncatedBody,

    /// <summary>The full page, written in small chunks spread over <see cref="FaultRule.SlowBodyDuration"/>.</summary>
    SlowBody,

    /// <summary>
    /// The full page with one odd entry, as real pages sometimes have: the first achievement on the page (a record
    /// entry's, a played score row's or a playlogDetail play's) reads "??.????%", which no parser may guess.
    /// </summary>
    OddEntry,
}

/// <summary>
/// A fault and when it applies. It watches requests of <see cref="Page"/> (any kind when null), lets the
/// first <see cref="Skip"/> pass, then applies to the next <see cref="Times"/> (for ever when null).
/// </summary>
public sealed record FaultRule(FaultKind Kind)
{
    public PageKind? Page { get; init; }

    public int Skip { get; init; }

    /// <summary>How many requests it applies to; null for every later request. Defaults to 1.</summary>
    public int? Times { get; init; } = 1;

    /// <summary>The code an <see cref="FaultKind.ErrorPage"/> shows. Defaults to 100001.</summary>
    public int ErrorCode { get; init; } = 100001;

    /// <summary>How long a <see cref="FaultKind.SlowBody"/> takes to arrive. Defaults to 2 seconds.</summary>
    public TimeSpan SlowBodyDuration { get; init; } = TimeSpan.FromSeconds(2);

    public static FaultRule Once(FaultKind kind, PageKind? page = null) => new(kind) { Page = page };

    public static FaultRule Repeated(FaultKind kind, int times, PageKind? page = null) => new(kind) { Page = page, Times = times };

    /// <summary>Applies to every request after the first <paramref name="requests"/> (of that page kind).</summary>
    public static FaultRule After(FaultKind kind, int requests, PageKind? page = null) =>
        new(kind) { Page = page, Skip = requests, Times = null };
}

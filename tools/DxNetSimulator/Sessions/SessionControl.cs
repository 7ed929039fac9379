using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Maimai.DxNetSimulator.Sessions;

/// <summary>
/// DX NET sessions: the <c>userId</c> cookie, which the site replaces with a new value on most responses,
/// and (international) the <c>clal</c> "remember me" cookie traded for a session at the login gateway.
/// Values are deterministic from the seed.
/// </summary>
public sealed class SessionControl
{
    public const string UserIdCookie = "userId";
    public const string ClalCookie = "clal";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _valid = new(StringComparer.Ordinal);
    private readonly int _seed;
    private long _issued;
    private string? _current;

    internal SessionControl(DxNetSimulatorOptions options)
    {
        _seed = options.Seed;
        Required = options.RequireSession;
        RotateOnEveryResponse = options.RotateSessionOnEveryResponse;
        Strict = options.StrictSessions;
        ClalToken = Value("clal", 0);
        Issue();
    }

    /// <summary>When false, every request is served as logged in, cookie or not. Defaults to true.</summary>
    public bool Required { get; set; }

    /// <summary>Send a new userId with every page response (the site does so with most). Defaults to true.</summary>
    public bool RotateOnEveryResponse { get; set; }

    /// <summary>After a rotation only the newest userId is valid. Defaults to false.</summary>
    public bool Strict { get; set; }

    /// <summary>The clal value the login gateway accepts (international only).</summary>
    public string ClalToken { get; }

    /// <summary>Whether the gateway accepts <see cref="ClalToken"/>; false simulates a lapsed "remember me".</summary>
    public bool ClalValid { get; set; } = true;

    /// <summary>The newest userId value, or null after <see cref="ExpireAll"/>.</summary>
    public string? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Issues a new valid userId (a fresh login) and makes it the newest.</summary>
    public string Issue()
    {
        lock (_gate)
        {
            return IssueLocked(invalidateOthers: false);
        }
    }

    /// <summary>Replaces the session value as the site does; in strict mode older values stop working.</summary>
    public string Rotate()
    {
        lock (_gate)
        {
            return IssueLocked(invalidateOthers: Strict);
        }
    }

    /// <summary>Ends every session: the next page request is sent to the error page (100001).</summary>
    public void ExpireAll()
    {
        lock (_gate)
        {
            _valid.Clear();
            _current = null;
        }
    }

    public bool IsValid(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        lock (_gate)
        {
            return _valid.Contains(userId);
        }
    }

    public bool IsValidClal(string? clal) => ClalValid && string.Equals(clal, ClalToken, StringComparison.Ordinal);

    private string IssueLocked(bool invalidateOthers)
    {
        if (invalidateOthers)
        {
            _valid.Clear();
        }

        _issued++;
        _current = Value("userId", _issued);
        _valid.Add(_current);
        return _current;
    }

    /// <summary>A 19-digit value derived from the seed and a counter.</summary>
    private string Value(string kind, long n)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{_seed}:{n}")));
        var number = BitConverter.ToUInt64(hash, 0) % 10_000_000_000_000_000_000UL;
        return number.ToString("D19", CultureInfo.InvariantCulture);
    }
}

namespace Maimai.Core.Sharing;

/// <summary>
/// The rules for a public username, the last segment of /u/&lt;username&gt;: 3 to 20 of a-z, 0-9, '_' and '-',
/// compared without letter case (so it is kept lowercased), and none of the names the site or its people need.
/// </summary>
public static class Username
{
    public const int MinLength = 3;

    public const int MaxLength = 20;

    // The site's own addresses and names a visitor could take for the operator's.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "admin", "administrator", "api", "app", "tokens", "intl", "jp", "signin", "signout", "login", "logout",
        "sharing", "settings", "account", "me", "u", "user", "users", "health", "metrics", "grpc", "maimai",
        "root", "system", "support", "help", "official", "sega", "null", "undefined",
    };

    /// <summary>
    /// The username in its stored form (trimmed, lowercased), or null with <paramref name="problem"/> saying what
    /// to change.
    /// </summary>
    public static string? Normalize(string? input, out string problem)
    {
        var name = (input ?? "").Trim().ToLowerInvariant();
        problem = "";
        if (name.Length is < MinLength or > MaxLength)
        {
            problem = $"must be {MinLength} to {MaxLength} characters";
        }
        else if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            problem = "may contain only letters a-z, digits, '_' and '-'";
        }
        else if (Reserved.Contains(name))
        {
            problem = $"'{name}' is reserved; choose another";
        }

        return problem.Length == 0 ? name : null;
    }
}

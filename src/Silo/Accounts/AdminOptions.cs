namespace Maimai.Silo.Accounts;

/// <summary>Section "Admins": who is an admin besides the users the CLI granted the role (users.is_admin).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admins";

    /// <summary>Discord user ids (snowflakes, as text) that are always admins. Defaults to none.</summary>
    public IList<string> DiscordIds { get; } = [];

    /// <summary>Whether the user is an admin: granted in the database or listed here.</summary>
    public bool IsAdmin(bool granted, string discordId) =>
        granted || DiscordIds.Any(id => string.Equals(id.Trim(), discordId, StringComparison.Ordinal));
}

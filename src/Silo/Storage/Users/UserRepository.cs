using Dapper;

namespace Maimai.Silo.Storage.Users;

/// <summary>A person who signed in with Discord (or a local user the CLI or the development login made).</summary>
public sealed record User(
    long Id, string DiscordId, string DisplayName, bool IsAdmin, DateTimeOffset CreatedAt,
    string? DiscordUsername = null, string? DiscordAvatar = null, DateTimeOffset? UpdatedAt = null);

/// <summary>What Discord's users/@me told us at sign-in: the id, the user name and the avatar hash (none when unset).</summary>
public sealed record DiscordProfile(string DiscordId, string Username, string DisplayName, string? Avatar);

/// <summary>The users table.</summary>
public sealed class UserRepository(Database database)
{
    private const string Columns = """
        id AS Id, discord_id AS DiscordId, display_name AS DisplayName, is_admin AS IsAdmin, created_at AS CreatedAt,
        discord_username AS DiscordUsername, discord_avatar AS DiscordAvatar, updated_at AS UpdatedAt
        """;

    /// <summary>Returns the user with this Discord id, creating it on first sign-in (the display name is refreshed).</summary>
    public Task<User> UpsertByDiscordIdAsync(string discordId, string displayName, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpsertAsync(discordId, displayName, username: null, avatar: null, now, cancellationToken);

    /// <summary>
    /// Returns the user with the profile's Discord id, creating it on first sign-in; the display name, Discord user
    /// name and avatar follow what Discord shows now, and updated_at moves.
    /// </summary>
    public Task<User> UpsertByDiscordIdAsync(DiscordProfile profile, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return UpsertAsync(profile.DiscordId, profile.DisplayName, profile.Username, profile.Avatar, now, cancellationToken);
    }

    public async Task<User?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    /// <summary>Grants or revokes the admin role; false when there is no such user.</summary>
    public async Task<bool> SetAdminAsync(long id, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET is_admin = @IsAdmin WHERE id = @Id", new { Id = id, IsAdmin = isAdmin }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task<User> UpsertAsync(string discordId, string displayName, string? username, string? avatar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A sign-in without a Discord profile (CLI, development login) keeps whatever profile the row has.
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UserRow>(new CommandDefinition($"""
            INSERT INTO users (discord_id, display_name, is_admin, created_at, discord_username, discord_avatar, updated_at)
            VALUES (@DiscordId, @DisplayName, @IsAdmin, @Now, @Username, @Avatar, @Now)
            ON CONFLICT (discord_id) DO UPDATE SET display_name = excluded.display_name,
                discord_username = COALESCE(excluded.discord_username, users.discord_username),
                discord_avatar = CASE WHEN excluded.discord_username IS NULL THEN users.discord_avatar ELSE excluded.discord_avatar END,
                updated_at = excluded.updated_at
            RETURNING {Columns}
            """, new { DiscordId = discordId, DisplayName = displayName, IsAdmin = false, Now = now, Username = username, Avatar = avatar },
            cancellationToken: cancellationToken));
        return row.ToUser();
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string DiscordId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public bool IsAdmin { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public string? DiscordUsername { get; set; }
        public string? DiscordAvatar { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }

        public User ToUser() => new(Id, DiscordId, DisplayName, IsAdmin, CreatedAt, DiscordUsername, DiscordAvatar, UpdatedAt);
    }
}

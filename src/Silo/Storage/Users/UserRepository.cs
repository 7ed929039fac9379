using Dapper;

namespace Maimai.Silo.Storage.Users;

/// <summary>A person who signed in with Discord.</summary>
public sealed record User(long Id, string DiscordId, string DisplayName, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>The users table.</summary>
public sealed class UserRepository(Database database)
{
    private const string Columns = "id AS Id, discord_id AS DiscordId, display_name AS DisplayName, is_admin AS IsAdmin, created_at AS CreatedAt";

    /// <summary>Returns the user with this Discord id, creating it on first sign-in (the display name is refreshed).</summary>
    public async Task<User> UpsertByDiscordIdAsync(string discordId, string displayName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UserRow>(new CommandDefinition($"""
            INSERT INTO users (discord_id, display_name, is_admin, created_at) VALUES (@DiscordId, @DisplayName, @IsAdmin, @Now)
            ON CONFLICT (discord_id) DO UPDATE SET display_name = excluded.display_name
            RETURNING {Columns}
            """, new { DiscordId = discordId, DisplayName = displayName, IsAdmin = false, Now = now }, cancellationToken: cancellationToken));
        return row.ToUser();
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

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string DiscordId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public bool IsAdmin { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public User ToUser() => new(Id, DiscordId, DisplayName, IsAdmin, CreatedAt);
    }
}

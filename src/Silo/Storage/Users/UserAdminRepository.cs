using System.Globalization;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Audit;

namespace Maimai.Silo.Storage.Users;

/// <summary>The admin pages' reads of users and their fetches, and the audited role change.</summary>
public sealed class UserAdminRepository(Database database)
{
    private const string ListingColumns = "id AS Id, display_name AS DisplayName, discord_id AS DiscordId, is_admin AS IsAdmin, created_at AS CreatedAt";

    public async Task<IReadOnlyList<UserListing>> SearchAsync(string? text, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var trimmed = text?.Trim() ?? "";
        var id = long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        var rows = await connection.QueryAsync<ListingRow>(new CommandDefinition($"""
            SELECT {ListingColumns} FROM users
            WHERE @Text = '' OR id = @Id OR LOWER(display_name) LIKE @Pattern ESCAPE '\' OR discord_id = @Text
            ORDER BY id DESC LIMIT @Limit
            """, new { Text = trimmed, Id = id, Pattern = "%" + Like(trimmed.ToLowerInvariant()) + "%", Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToListing())];
    }

    public async Task<UserDetail?> GetAsync(long userId, int fetches, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<ListingRow>(new CommandDefinition(
            $"SELECT {ListingColumns} FROM users WHERE id = @Id", new { Id = userId }, cancellationToken: cancellationToken));
        if (user is null)
        {
            return null;
        }

        var regions = await connection.QueryAsync<int>(new CommandDefinition("""
            SELECT region FROM user_tokens WHERE user_id = @Id UNION SELECT region FROM fetch_sessions WHERE user_id = @Id ORDER BY region
            """, new { Id = userId }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<FetchRow>(new CommandDefinition("""
            SELECT id AS Id, region AS Region, state AS State, created_at AS CreatedAt, finished_at AS FinishedAt, error_code AS ErrorCode, error_message AS ErrorMessage
            FROM fetch_sessions WHERE user_id = @Id ORDER BY id DESC LIMIT @Limit
            """, new { Id = userId, Limit = fetches }, cancellationToken: cancellationToken));
        return new UserDetail(user.ToListing(), [.. regions.Select(r => (Region)r)], [.. rows.Select(r => r.ToFetch())]);
    }

    public async Task<bool> SetAdminAsync(long userId, bool isAdmin, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var changed = await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET is_admin = @IsAdmin WHERE id = @Id", new { Id = userId, IsAdmin = isAdmin }, transaction.Transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            return false;
        }

        await AuditRepository.AddAsync(transaction, actor, now, isAdmin ? "user.grant-admin" : "user.revoke-admin", "user",
            userId.ToString(CultureInfo.InvariantCulture), null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class ListingRow
    {
        public long Id { get; set; }
        public string DisplayName { get; set; } = "";
        public string DiscordId { get; set; } = "";
        public bool IsAdmin { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public UserListing ToListing() => new(Id, DisplayName, DiscordId, IsAdmin, CreatedAt);
    }

    private sealed class FetchRow
    {
        public long Id { get; set; }
        public int Region { get; set; }
        public string State { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }

        public UserFetch ToFetch() => new(Id, (Region)Region, State, CreatedAt, FinishedAt, ErrorCode, ErrorMessage);
    }
}

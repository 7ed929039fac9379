using Dapper;
using Maimai.Core.Sharing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Maimai.Silo.Storage.Sharing;

/// <summary>
/// user_sharing: per user, the public username (stored lowercased, unique in any case) and the four part switches.
/// No row is the same as every switch off.
/// </summary>
public sealed class SharingRepository(Database database)
{
    private const string Columns = """
        user_id AS UserId, username AS Username, share_profile AS Profile, share_scores AS Scores,
        share_recent_plays AS RecentPlays, share_play_counts AS PlayCounts
        """;

    /// <summary>The user's settings; <see cref="SharingSettings.Private"/> without a row.</summary>
    public async Task<SharingSettings> GetAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM user_sharing WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken));
        return row is null ? SharingSettings.Private : new SharingSettings(row.Username, row.Parts);
    }

    /// <summary>
    /// Inserts or replaces the user's settings. The unique index decides who gets a contested username: the loser's
    /// statement fails as a whole, so their old settings stay as they were.
    /// </summary>
    public async Task<SharingSave> SetAsync(long userId, SharingSettings settings, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO user_sharing (user_id, username, share_profile, share_scores, share_recent_plays, share_play_counts, updated_at)
                VALUES (@UserId, @Username, @Profile, @Scores, @RecentPlays, @PlayCounts, @Now)
                ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, share_profile = excluded.share_profile,
                    share_scores = excluded.share_scores, share_recent_plays = excluded.share_recent_plays,
                    share_play_counts = excluded.share_play_counts, updated_at = excluded.updated_at
                """, new
                {
                    UserId = userId,
                    settings.Username,
                    settings.Parts.Profile,
                    settings.Parts.Scores,
                    settings.Parts.RecentPlays,
                    settings.Parts.PlayCounts,
                    Now = now,
                }, cancellationToken: cancellationToken));
            return SharingSave.Saved;
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return SharingSave.UsernameTaken;
        }
        catch (Exception e) when (IsMissingUser(e))
        {
            return SharingSave.UserNotFound;
        }
    }

    /// <summary>The settings of the user with this username (the stored, lowercased form); null when nobody has it.</summary>
    public async Task<PublicSharing?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM user_sharing WHERE LOWER(username) = @Username",
            new { Username = username.ToLowerInvariant() }, cancellationToken: cancellationToken));
        return row?.Username is null ? null : new PublicSharing(row.UserId, row.Username, row.Parts);
    }

    private static bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        or SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    private static bool IsMissingUser(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }
        or SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };

    private sealed class Row
    {
        public long UserId { get; set; }

        public string? Username { get; set; }

        public bool Profile { get; set; }

        public bool Scores { get; set; }

        public bool RecentPlays { get; set; }

        public bool PlayCounts { get; set; }

        public SharedParts Parts => new(Profile, Scores, RecentPlays, PlayCounts);
    }
}

using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Silo.Storage.Audit;

namespace Maimai.Silo.Storage.Users;

/// <summary>
/// Deletes a user with every row that belongs to them, in one transaction, audited. The tables this build knows are
/// emptied explicitly (children first); then every other table with a user_id column, found in the database's
/// catalog, so a table a later migration adds is covered without a change here; then the users row (whose ON DELETE
/// CASCADE foreign keys would catch the rest). Orleans' rows carry no user_id: the user's UserRegion grains are found
/// by their key (the user id, extended with the region's name).
/// </summary>
public sealed class UserDeletionRepository(Database database)
{
    // Children before parents: scores name snapshots, snapshots and parse warnings name fetches. The user's past audit entries stay, no
    // longer naming them as actor (as ON DELETE SET NULL would, where SQLite enforces foreign keys).
    private const string DeleteOwnedRows = """
        DELETE FROM user_scores WHERE user_id = @UserId;
        DELETE FROM detailed_scores WHERE user_id = @UserId;
        DELETE FROM user_snapshots WHERE user_id = @UserId;
        DELETE FROM parse_warnings WHERE user_id = @UserId;
        DELETE FROM fetch_sessions WHERE user_id = @UserId;
        DELETE FROM user_tokens WHERE user_id = @UserId;
        DELETE FROM api_tokens WHERE user_id = @UserId;
        DELETE FROM user_region_state WHERE user_id = @UserId;
        UPDATE admin_audit SET actor_user_id = NULL WHERE actor_user_id = @UserId
        """;

    // The state and reminders of one user and region's grains, UserRegion and AutoRefresh (Orleans keeps an integer
    // key with its extension as N1 and the string).
    private const string DeleteGrainRows = """
        DELETE FROM OrleansStorage WHERE GrainIdN0 = 0 AND GrainIdN1 = @UserId AND GrainIdExtensionString = @Region
            AND (LOWER(GrainTypeString) LIKE '%userregion%' OR LOWER(GrainTypeString) LIKE '%autorefresh%');
        DELETE FROM OrleansRemindersTable WHERE GrainId IN (@ReminderGrainId, @AutoRefreshGrainId)
        """;

    /// <summary>
    /// Deletes the user unless a fetch of theirs is pending or running (then nothing changes). On PostgreSQL the
    /// users row is locked first, so a fetch cannot start between that check and the delete (its insert waits on the
    /// row's key lock, then fails on the missing user); SQLite runs one writer at a time anyway.
    /// </summary>
    public async Task<AccountDeletion> DeleteAsync(long userId, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await database.BeginAsync(cancellationToken);
        var connection = transaction.Connection;
        var lockSql = transaction.Dialect.Provider == StorageProvider.Postgres
            ? "SELECT id FROM users WHERE id = @UserId FOR UPDATE"
            : "SELECT id FROM users WHERE id = @UserId";
        if (await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(lockSql, new { UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken)) is null)
        {
            return AccountDeletion.NotFound;
        }

        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM fetch_sessions WHERE user_id = @UserId AND state IN ('pending', 'running')",
            new { UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken));
        if (active > 0)
        {
            return AccountDeletion.FetchRunning;
        }

        foreach (var region in Enum.GetValues<Region>().Select(r => r.ToString().ToLowerInvariant()))
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteGrainRows, new
            {
                UserId = userId,
                Region = region,
                ReminderGrainId = ReminderGrainId("userregion", userId, region),
                AutoRefreshGrainId = ReminderGrainId("autorefresh", userId, region),
            }, transaction.Transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(DeleteOwnedRows, new { UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken));

        // Any other table with a user_id column (a later migration's, e.g. web sessions): emptied of the user's rows
        // whether or not its foreign key cascades, and whether or not SQLite enforces foreign keys on this connection.
        var catalog = transaction.Dialect.Provider == StorageProvider.Postgres
            ? "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'user_id'"
            : "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'user_id'";
        foreach (var table in await connection.QueryAsync<string>(new CommandDefinition(catalog, transaction: transaction.Transaction, cancellationToken: cancellationToken)))
        {
            // The name comes from the database's own catalog, never from a caller; quoted as the catalog spells it.
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WHERE user_id = @UserId",
                new { UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE id = @UserId", new { UserId = userId }, transaction.Transaction, cancellationToken: cancellationToken));

        // The user named as the target, not as the actor: actor_user_id references users and would be nulled anyway.
        var auditActor = actor.UserId == userId ? actor with { UserId = null } : actor;
        await AuditRepository.AddAsync(transaction, auditActor, now, "delete", "user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AccountDeletion.Deleted;
    }

    // Orleans names a reminder's grain "type/key"; an integer key with an extension reads "7+jp".
    private static string ReminderGrainId(string grainType, long userId, string region) =>
        grainType + "/" + GrainIdKeyExtensions.CreateIntegerKey(userId, region).ToString();
}

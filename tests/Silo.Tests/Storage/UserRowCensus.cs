using Dapper;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Tests.Storage;

/// <summary>
/// Counts, in EVERY table of the schema (read from the catalog, so a table added later cannot be missed), the rows
/// that refer to one user: a user_id or *_user_id column, users.id, and the Orleans tables by grain key. A table with
/// no such column must be named in <see cref="WithoutUserData"/>, or the census fails: whoever adds a table decides.
/// </summary>
internal static class UserRowCensus
{
    /// <summary>Tables that hold no user's rows (shared data, Orleans' cluster bookkeeping, the migration log).</summary>
    public static readonly string[] WithoutUserData =
        ["songs", "charts", "songs_revision", "schema_migrations", "data_protection_keys", "orleansquery", "orleansmembershipversiontable", "orleansmembershiptable"];

    /// <summary>Per table, how many rows refer to the user; only tables with at least one appear.</summary>
    public static async Task<Dictionary<string, long>> CountAsync(Database database, long userId)
    {
        await using var connection = await database.OpenAsync();
        var columns = database.Dialect.Provider == StorageProvider.Postgres
            ? (await connection.QueryAsync<(string Table, string Column)>(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()")).ToList()
            : (await connection.QueryAsync<(string Table, string Column)>(
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'")).ToList();
        var found = new Dictionary<string, long>();
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            var name = table.Key.ToLowerInvariant();
            var names = table.Select(c => c.Column.ToLowerInvariant()).ToList();
            var conditions = names.Where(c => c == "user_id" || c.EndsWith("_user_id", StringComparison.Ordinal)).Select(c => $"{c} = @UserId").ToList();
            if (name == "users")
            {
                conditions.Add("id = @UserId");
            }
            else if (name == "orleansstorage")
            {
                conditions.Add("GrainIdN1 = @UserId AND GrainIdExtensionString IN ('intl', 'jp')");
            }
            else if (name == "orleansreminderstable")
            {
                conditions.Add("LOWER(GrainId) LIKE @ReminderKey");
            }

            if (conditions.Count == 0)
            {
                Assert.True(WithoutUserData.Contains(name), $"Table {table.Key} has no user_id column and is not known to hold no user's rows: decide how a user's deletion covers it.");
                continue;
            }

            var count = await connection.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM {table.Key} WHERE " + string.Join(" OR ", conditions.Select(c => "(" + c + ")")),
                new { UserId = userId, ReminderKey = "%/" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "+%" });
            if (count > 0)
            {
                found[name] = count;
            }
        }

        return found;
    }
}

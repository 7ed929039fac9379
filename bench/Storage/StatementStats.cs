using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Maimai.Benchmarks.Storage;

/// <summary>One statement's share of PostgreSQL's time in a phase (pg_stat_statements).</summary>
internal sealed record StatementCost(long Calls, double TotalMilliseconds, double MeanMilliseconds, long Rows, string Query);

/// <summary>
/// PostgreSQL's own account of where its time went: pg_stat_statements (the cluster preloads it), reset at a phase's
/// start and read at its end. Shows which of the service's statements a load pays for, not guesses from the outside.
/// </summary>
internal static partial class StatementStats
{
    public static async Task ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_stat_statements_reset()", cancellationToken: cancellationToken));
    }

    /// <summary>The statements that took the most time since the reset, most first; the query text cut to one line.</summary>
    public static async Task<IReadOnlyList<StatementCost>> TopAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Calls, double Total, double Mean, long Rows, string Query)>(new CommandDefinition(
            """
            SELECT s.calls, s.total_exec_time, s.mean_exec_time, s.rows, s.query
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database()
            ORDER BY s.total_exec_time DESC
            LIMIT @count
            """, new { count }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StatementCost(r.Calls, r.Total, r.Mean, r.Rows, OneLine(r.Query)))];
    }

    public static string Describe(StatementCost cost) => string.Create(CultureInfo.InvariantCulture,
        $"| {cost.Calls:N0} | {cost.TotalMilliseconds / 1000:N1} | {cost.MeanMilliseconds:N2} | {cost.Rows:N0} | `{cost.Query}` |");

    private static string OneLine(string query)
    {
        var line = Whitespace().Replace(query, " ").Trim().Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

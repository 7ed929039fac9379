using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Fetches;

/// <summary>
/// An entry a fetch could not read, as the fetch hands it over: already scrubbed of every secret. PageKind is the
/// page it came from ("Record", "ScoreList", "PlaylogDetail").
/// </summary>
public sealed record NewParseWarning(string PageKind, string Reason, string Fragment);

/// <summary>One stored parse warning; <see cref="ReparsedBy"/> is the plugin build that read it later, if one did.</summary>
public sealed record ParseWarning(
    long Id,
    long FetchId,
    long UserId,
    Region Region,
    string PageKind,
    string PluginVersion,
    string Fragment,
    string Reason,
    DateTimeOffset CreatedAt,
    string? ReparsedBy,
    DateTimeOffset? ReparsedAt);

/// <summary>parse_warnings: the raw entries fetches kept instead of failing, until a plugin reads them.</summary>
public sealed class ParseWarningRepository(Database database)
{
    private const string Columns = """
        id AS Id, fetch_id AS FetchId, user_id AS UserId, region AS Region, page_kind AS PageKind, plugin_version AS PluginVersion,
        fragment AS Fragment, reason AS Reason, created_at AS CreatedAt, reparsed_by AS ReparsedBy, reparsed_at AS ReparsedAt
        """;

    /// <summary>Stores a fetch's warnings inside the transaction that completes it.</summary>
    public async Task<int> InsertAsync(StorageTransaction transaction, long fetchId, long userId, Region region, string pluginVersion,
        IReadOnlyList<NewParseWarning> warnings, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count == 0)
        {
            return 0;
        }

        return await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO parse_warnings (fetch_id, user_id, region, page_kind, plugin_version, fragment, reason, created_at)
            VALUES (@FetchId, @UserId, @Region, @PageKind, @PluginVersion, @Fragment, @Reason, @Now)
            """,
            warnings.Select(w => new { FetchId = fetchId, UserId = userId, Region = (int)region, w.PageKind, PluginVersion = pluginVersion, w.Fragment, w.Reason, Now = now }),
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>One fetch's warnings, scoped by its user, oldest first.</summary>
    public async Task<IReadOnlyList<ParseWarning>> ListForFetchAsync(long userId, long fetchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM parse_warnings WHERE fetch_id = @FetchId AND user_id = @UserId ORDER BY id",
            new { FetchId = fetchId, UserId = userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToWarning())];
    }

    /// <summary>A region's warnings no plugin has read yet, oldest first, after <paramref name="afterId"/> (keyset paging).</summary>
    public async Task<IReadOnlyList<ParseWarning>> ListUnreadAsync(Region region, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM parse_warnings WHERE region = @Region AND reparsed_at IS NULL AND id > @After ORDER BY id LIMIT @Limit",
            new { Region = (int)region, After = afterId, Limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToWarning())];
    }

    /// <summary>Marks a warning read by <paramref name="pluginVersion"/>; false when it was already marked.</summary>
    public async Task<bool> MarkReparsedAsync(long id, string pluginVersion, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE parse_warnings SET reparsed_by = @Version, reparsed_at = @Now WHERE id = @Id AND reparsed_at IS NULL",
            new { Id = id, Version = pluginVersion, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Marks a warning read inside the transaction that stores what it became; false when it was already marked
    /// (another re-parse got there first), and then nothing else may be stored for it.
    /// </summary>
    public async Task<bool> MarkReparsedAsync(StorageTransaction transaction, long id, string pluginVersion, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE parse_warnings SET reparsed_by = @Version, reparsed_at = @Now WHERE id = @Id AND reparsed_at IS NULL",
            new { Id = id, Version = pluginVersion, Now = now }, transaction.Transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Every region's warnings counted by the build that kept them and page kind: unread, and read since.</summary>
    public async Task<IReadOnlyList<(Region Region, string PluginVersion, string PageKind, int Unread, int Read)>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition("""
            SELECT region AS Region, plugin_version AS PluginVersion, page_kind AS PageKind,
                   SUM(CASE WHEN reparsed_at IS NULL THEN 1 ELSE 0 END) AS Unread, SUM(CASE WHEN reparsed_at IS NULL THEN 0 ELSE 1 END) AS Read
            FROM parse_warnings GROUP BY region, plugin_version, page_kind ORDER BY region, plugin_version, page_kind
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => ((Region)r.Region, r.PluginVersion, r.PageKind, (int)r.Unread, (int)r.Read))];
    }

    /// <summary>The newest warnings of any user matching the filters (null: any); unread ones only unless <paramref name="includeRead"/>.</summary>
    public async Task<IReadOnlyList<ParseWarning>> ListAsync(Region? region, string? pluginVersion, string? pageKind, bool includeRead, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM parse_warnings
            WHERE (@Region IS NULL OR region = @Region) AND (@Version IS NULL OR plugin_version = @Version) AND (@Kind IS NULL OR page_kind = @Kind)
              AND (@IncludeRead OR reparsed_at IS NULL)
            ORDER BY id DESC LIMIT @Limit
            """, new { Region = (int?)region, Version = pluginVersion, Kind = pageKind, IncludeRead = includeRead, Limit = Math.Clamp(limit, 1, 1000) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToWarning())];
    }

    private sealed class CountRow
    {
        public int Region { get; set; }
        public string PluginVersion { get; set; } = "";
        public string PageKind { get; set; } = "";
        public long Unread { get; set; }
        public long Read { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long FetchId { get; set; }
        public long UserId { get; set; }
        public int Region { get; set; }
        public string PageKind { get; set; } = "";
        public string PluginVersion { get; set; } = "";
        public string Fragment { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string? ReparsedBy { get; set; }
        public DateTimeOffset? ReparsedAt { get; set; }

        public ParseWarning ToWarning() => new(Id, FetchId, UserId, (Region)Region, PageKind, PluginVersion, Fragment, Reason, CreatedAt, ReparsedBy, ReparsedAt);
    }
}

using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Storage.Songs;

/// <summary>
/// The admin's writes to songs and charts. Each runs in one transaction: it checks the row version the admin was
/// shown (UPDATE ... WHERE row_version = @Seen, so a concurrent save makes it touch nothing), records the row before
/// and after in admin_audit under the song ("song", id), and moves the songs revision so every node reloads.
/// </summary>
public sealed class SongEditRepository(Database database, SongRepository songs)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<SongListPage> SearchAsync(SongListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, orderBy, parameters) = SongSearchQuery.Build(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM songs s {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ListingRow>(new CommandDefinition($"""
            SELECT s.id AS Id, s.song_key AS SongKey, s.title AS Title, s.artist AS Artist, s.genre AS Genre, s.version_code AS VersionCode,
                   s.release_date AS ReleaseDate, s.is_intl AS IsIntl, s.discovered AS Discovered, (SELECT COUNT(*) FROM charts n WHERE n.song_id = s.id) AS Charts
            FROM songs s {where} ORDER BY {orderBy} {SongSearchQuery.Page(query.Page, query.PageSize)}
            """, parameters, cancellationToken: cancellationToken));
        var genres = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT genre FROM songs ORDER BY genre", cancellationToken: cancellationToken));
        return new SongListPage([.. rows.Select(r => r.ToListing())], (int)total, [.. genres]);
    }

    public async Task<EditableSong?> GetAsync(int songId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var song = await connection.QuerySingleOrDefaultAsync<SongRow>(new CommandDefinition(
            SongRow.SelectEditable + " WHERE id = @Id", new { Id = songId }, cancellationToken: cancellationToken));
        if (song is null)
        {
            return null;
        }

        var charts = await connection.QueryAsync<ChartRow>(new CommandDefinition(
            ChartRow.SelectEditable + " WHERE song_id = @Id ORDER BY chart_type, difficulty", new { Id = songId }, cancellationToken: cancellationToken));
        return new EditableSong(song.Id, song.RowVersion, song.ToFields(), [.. charts.Select(c => new EditableChart(c.Id, c.SongId, c.RowVersion, c.ToFields()))]);
    }

    public async Task<IReadOnlyList<EditableSong>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var songs = await connection.QueryAsync<SongRow>(new CommandDefinition(SongRow.SelectEditable + " ORDER BY id", cancellationToken: cancellationToken));
        var charts = (await connection.QueryAsync<ChartRow>(new CommandDefinition(
            ChartRow.SelectEditable + " ORDER BY song_id, chart_type, difficulty", cancellationToken: cancellationToken))).ToLookup(c => c.SongId);
        return [.. songs.Select(s => new EditableSong(s.Id, s.RowVersion, s.ToFields(), [.. charts[s.Id].Select(c => new EditableChart(c.Id, c.SongId, c.RowVersion, c.ToFields()))]))];
    }

    public async Task<int?> FindChartSongAsync(int chartId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT song_id FROM charts WHERE id = @Id", new { Id = chartId }, cancellationToken: cancellationToken));
    }

    public async Task<SongEditResult> CreateSongAsync(SongFields fields, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        await using var tx = await database.BeginAsync(cancellationToken);
        if (await tx.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT id FROM songs WHERE song_key = @Key", new { fields.Key }, tx.Transaction, cancellationToken: cancellationToken)) is not null)
        {
            return new SongEditResult(SongEditOutcome.Refused, Message: $"A song with the key \"{fields.Key}\" exists already.");
        }

        var id = await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"INSERT INTO songs ({SongRow.Names}) VALUES ({SongRow.Parameters}) RETURNING id", SongRow.From(fields), tx.Transaction, cancellationToken: cancellationToken));
        return await CommitAsync(tx, actor, now, "song.create", id, null, new SongState(id, fields), cancellationToken);
    }

    public async Task<SongEditResult> UpdateSongAsync(int songId, long seen, SongFields fields, AuditActor actor, DateTimeOffset now, string action = "song.update", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        await using var tx = await database.BeginAsync(cancellationToken);
        var before = await ReadSongAsync(tx, songId, cancellationToken);
        if (before is null)
        {
            return SongEditResult.NotFound;
        }

        var row = SongRow.From(fields with { Key = before.SongKey });
        row.Id = songId;
        if (before.RowVersion != seen || await tx.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE songs SET {SongRow.EditAssignments} WHERE id = @Id AND row_version = @Seen",
            new DynamicParameters(row).With("Seen", seen), tx.Transaction, cancellationToken: cancellationToken)) == 0)
        {
            return Conflict(songId, new SongState(songId, before.ToFields(), before.RowVersion));
        }

        await ScoreListingKeys.SongChangedAsync(tx, songId, cancellationToken);
        return await CommitAsync(tx, actor, now, action, songId, new SongState(songId, before.ToFields(), before.RowVersion), new SongState(songId, row.ToFields(), before.RowVersion + 1), cancellationToken);
    }

    public async Task<SongEditResult> DeleteSongAsync(int songId, long seen, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var tx = await database.BeginAsync(cancellationToken);
        var before = await ReadSongAsync(tx, songId, cancellationToken);
        if (before is null)
        {
            return SongEditResult.NotFound;
        }

        if (before.RowVersion != seen)
        {
            return Conflict(songId, new SongState(songId, before.ToFields(), before.RowVersion));
        }

        if (await CountScoresAsync(tx, "c.song_id = @Id", songId, cancellationToken) is > 0 and var scores)
        {
            return new SongEditResult(SongEditOutcome.Refused, songId, Message: $"{scores} scores or plays name this song's charts: it cannot be deleted.");
        }

        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM songs WHERE id = @Id", new { Id = songId }, tx.Transaction, cancellationToken: cancellationToken));
        return await CommitAsync(tx, actor, now, "song.delete", songId, new SongState(songId, before.ToFields(), before.RowVersion), null, cancellationToken);
    }

    public async Task<SongEditResult> CreateChartAsync(int songId, ChartFields fields, AuditActor actor, DateTimeOffset now, int? chartId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        await using var tx = await database.BeginAsync(cancellationToken);
        if (await ReadSongAsync(tx, songId, cancellationToken) is null)
        {
            return SongEditResult.NotFound;
        }

        if (await HasChartAsync(tx, songId, fields, exceptChartId: 0, cancellationToken))
        {
            return new SongEditResult(SongEditOutcome.Refused, songId, Message: $"This song has a {fields.Type} {fields.Difficulty} chart already.");
        }

        var row = ChartRow.From(songId, fields);
        // A revert puts a deleted chart back under its old id, so audit entries and exports that named it still do.
        var id = chartId is { } old
            ? await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"INSERT INTO charts (id, {ChartRow.Names}) VALUES (@Id, {ChartRow.Parameters}) RETURNING id", new DynamicParameters(row).With("Id", old), tx.Transaction, cancellationToken: cancellationToken))
            : await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"INSERT INTO charts ({ChartRow.Names}) VALUES ({ChartRow.Parameters}) RETURNING id", row, tx.Transaction, cancellationToken: cancellationToken));
        return await CommitAsync(tx, actor, now, "chart.create", songId, null, new ChartState(id, songId, fields, 1), cancellationToken);
    }

    public async Task<SongEditResult> UpdateChartAsync(int chartId, long seen, ChartFields fields, AuditActor actor, DateTimeOffset now, string action = "chart.update", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        await using var tx = await database.BeginAsync(cancellationToken);
        var before = await ReadChartAsync(tx, chartId, cancellationToken);
        if (before is null)
        {
            return SongEditResult.NotFound;
        }

        if (await HasChartAsync(tx, before.SongId, fields, exceptChartId: chartId, cancellationToken))
        {
            return new SongEditResult(SongEditOutcome.Refused, before.SongId, Message: $"This song has a {fields.Type} {fields.Difficulty} chart already.");
        }

        var row = ChartRow.From(before.SongId, fields);
        row.Id = chartId;
        if (before.RowVersion != seen || await tx.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE charts SET {ChartRow.EditAssignments} WHERE id = @Id AND row_version = @Seen",
            new DynamicParameters(row).With("Seen", seen), tx.Transaction, cancellationToken: cancellationToken)) == 0)
        {
            return Conflict(before.SongId, new ChartState(chartId, before.SongId, before.ToFields(), before.RowVersion));
        }

        await ScoreListingKeys.SongChangedAsync(tx, before.SongId, cancellationToken);
        return await CommitAsync(tx, actor, now, action, before.SongId,
            new ChartState(chartId, before.SongId, before.ToFields(), before.RowVersion), new ChartState(chartId, before.SongId, fields, before.RowVersion + 1), cancellationToken);
    }

    public async Task<SongEditResult> DeleteChartAsync(int chartId, long seen, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var tx = await database.BeginAsync(cancellationToken);
        var before = await ReadChartAsync(tx, chartId, cancellationToken);
        if (before is null)
        {
            return SongEditResult.NotFound;
        }

        var state = new ChartState(chartId, before.SongId, before.ToFields(), before.RowVersion);
        if (before.RowVersion != seen)
        {
            return Conflict(before.SongId, state);
        }

        if (await CountScoresAsync(tx, "c.id = @Id", chartId, cancellationToken) is > 0 and var scores)
        {
            return new SongEditResult(SongEditOutcome.Refused, before.SongId, Message: $"{scores} scores or plays name this chart: it cannot be deleted.");
        }

        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM charts WHERE id = @Id", new { Id = chartId }, tx.Transaction, cancellationToken: cancellationToken));
        return await CommitAsync(tx, actor, now, "chart.delete", before.SongId, state, null, cancellationToken);
    }

    /// <summary>One recorded change of a song's, or null.</summary>
    public async Task<AuditChange?> GetChangeAsync(long changeId, CancellationToken cancellationToken = default)
    {
        await using var tx = await database.BeginAsync(cancellationToken);
        var change = await AuditRepository.GetChangeAsync(tx, changeId, cancellationToken);
        return change is { Entity: AuditEntity } ? change : null;
    }

    /// <summary>The entity name song changes are recorded under (entity_id: the song's id).</summary>
    public const string AuditEntity = "song";

    private async Task<SongEditResult> CommitAsync(StorageTransaction tx, AuditActor actor, DateTimeOffset now, string action, int songId, object? before, object? after, CancellationToken cancellationToken)
    {
        await AuditRepository.AddChangeAsync(tx, actor, now, action, AuditEntity, songId.ToString(CultureInfo.InvariantCulture),
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json), cancellationToken);
        await songs.BumpRevisionAsync(tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new SongEditResult(SongEditOutcome.Saved, songId);
    }

    private static SongEditResult Conflict(int songId, SongState current) =>
        new(SongEditOutcome.Conflict, songId, JsonSerializer.Serialize(current, Json), CurrentVersion: current.Version);

    private static SongEditResult Conflict(int songId, ChartState current) =>
        new(SongEditOutcome.Conflict, songId, JsonSerializer.Serialize(current, Json), CurrentVersion: current.Version);

    private static Task<SongRow?> ReadSongAsync(StorageTransaction tx, int songId, CancellationToken cancellationToken) =>
        tx.Connection.QuerySingleOrDefaultAsync<SongRow>(new CommandDefinition(
            SongRow.SelectEditable + " WHERE id = @Id", new { Id = songId }, tx.Transaction, cancellationToken: cancellationToken));

    private static Task<ChartRow?> ReadChartAsync(StorageTransaction tx, int chartId, CancellationToken cancellationToken) =>
        tx.Connection.QuerySingleOrDefaultAsync<ChartRow>(new CommandDefinition(
            ChartRow.SelectEditable + " WHERE id = @Id", new { Id = chartId }, tx.Transaction, cancellationToken: cancellationToken));

    private static async Task<bool> HasChartAsync(StorageTransaction tx, int songId, ChartFields fields, int exceptChartId, CancellationToken cancellationToken) =>
        await tx.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM charts WHERE song_id = @SongId AND chart_type = @Type AND difficulty = @Difficulty AND id <> @Except",
            new { SongId = songId, Type = (int)fields.Type, Difficulty = (int)fields.Difficulty, Except = exceptChartId }, tx.Transaction, cancellationToken: cancellationToken)) > 0;

    // Scores and recent plays keep their chart (no cascade): a chart they name is merged, never deleted.
    private static Task<long> CountScoresAsync(StorageTransaction tx, string charts, int id, CancellationToken cancellationToken) =>
        tx.Connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT (SELECT COUNT(*) FROM user_scores u JOIN charts c ON c.id = u.chart_id WHERE {charts})
                 + (SELECT COUNT(*) FROM detailed_scores d JOIN charts c ON c.id = d.chart_id WHERE {charts})
            """, new { Id = id }, tx.Transaction, cancellationToken: cancellationToken));

    private sealed class ListingRow
    {
        public int Id { get; set; }
        public string SongKey { get; set; } = "";
        public string Title { get; set; } = "";
        public string Artist { get; set; } = "";
        public string Genre { get; set; } = "";
        public int VersionCode { get; set; }
        public DateOnly? ReleaseDate { get; set; }
        public bool IsIntl { get; set; }
        public bool Discovered { get; set; }
        public long Charts { get; set; }

        public SongListing ToListing() => new(Id, SongKey, Title, Artist, Genre, VersionCode, ReleaseDate, IsIntl, Discovered, (int)Charts);
    }
}

/// <summary>A song as admin_audit records it.</summary>
public sealed record SongState(int SongId, SongFields Fields, long Version = 1);

/// <summary>A chart as admin_audit records it.</summary>
public sealed record ChartState(int ChartId, int SongId, ChartFields Fields, long Version = 1);

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, string name, object value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}

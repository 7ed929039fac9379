using System.Globalization;
using System.Text.Json;
using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Storage.Songs;

/// <summary>
/// The queue of discovered charts and their merge into the chart they really are. Score versions combine by
/// snapshot: a player's versions of both charts become one history on the target, each still at its own snapshot,
/// so "the newest version at or before a snapshot" reads the same scores as before and nothing is dropped. A player
/// with a version on both charts in the same snapshot read them as two rows of one fetch, so they are two charts:
/// that merge is refused. A merge is one transaction, audited under the target's song ("chart.merge") with the ids
/// it moved, which is what its revert moves back.
/// </summary>
public sealed class ChartMergeRepository(Database database, SongRepository songs)
{
    /// <summary>The action a merge is recorded under; <see cref="UnmergeAsync"/> reverts it.</summary>
    public const string MergeAction = "chart.merge";

    public async Task<IReadOnlyList<DiscoveredEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition("""
            SELECT c.id AS ChartId, s.id AS SongId, s.title AS Title, s.genre AS Genre, c.chart_type AS ChartType, c.difficulty AS Difficulty,
                   c.level_x10 AS Level, s.discovered AS SongDiscovered, c.discovered AS ChartDiscovered,
                   (SELECT COUNT(DISTINCT u.user_id) FROM user_scores u WHERE u.chart_id = c.id) AS Players,
                   (SELECT COUNT(*) FROM user_scores u WHERE u.chart_id = c.id) AS ScoreVersions,
                   (SELECT COUNT(*) FROM detailed_scores d WHERE d.chart_id = c.id) AS Plays
            FROM charts c JOIN songs s ON s.id = c.song_id
            WHERE c.discovered OR s.discovered
            ORDER BY c.id
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<SongEditResult> MergeAsync(int discoveredChartId, int targetChartId, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var tx = await database.BeginAsync(cancellationToken);
        var discovered = await ReadChartAsync(tx, discoveredChartId, cancellationToken);
        var target = await ReadChartAsync(tx, targetChartId, cancellationToken);
        if (discovered is null || target is null)
        {
            return SongEditResult.NotFound;
        }

        var discoveredSong = (await ReadSongAsync(tx, discovered.SongId, cancellationToken))!;
        var targetSong = (await ReadSongAsync(tx, target.SongId, cancellationToken))!;
        var refusal = discovered.Id == target.Id ? "A chart cannot be merged into itself."
            : !(discovered.Discovered || discoveredSong.Discovered) ? "That chart is not in the discovered queue."
            : target.Discovered || targetSong.Discovered ? "The target is itself discovered: complete it first, or merge the other way."
            : (discovered.ChartType, discovered.Difficulty) != (target.ChartType, target.Difficulty)
                ? $"The discovered chart is {(ChartType)discovered.ChartType} {(Difficulty)discovered.Difficulty} and the target {(ChartType)target.ChartType} {(Difficulty)target.Difficulty}: scores move only to the same chart."
            : null;
        if (refusal is null && await CountSharedSnapshotsAsync(tx, discovered.Id, target.Id, cancellationToken) is > 0 and var shared)
        {
            refusal = $"{shared} snapshots hold a score on both charts: the site listed them as two charts, so they are not one. Complete the discovered chart instead.";
        }

        if (refusal is not null)
        {
            return new SongEditResult(SongEditOutcome.Refused, target.SongId, Message: refusal);
        }

        var scoreIds = (await tx.Connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM user_scores WHERE chart_id = @Id ORDER BY id", new { Id = discovered.Id }, tx.Transaction, cancellationToken: cancellationToken))).ToArray();
        var playIds = (await tx.Connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM detailed_scores WHERE chart_id = @Id ORDER BY id", new { Id = discovered.Id }, tx.Transaction, cancellationToken: cancellationToken))).ToArray();
        await MoveAsync(tx, "user_scores", discovered.Id, target.Id, null, cancellationToken);
        await MoveAsync(tx, "detailed_scores", discovered.Id, target.Id, null, cancellationToken);
        await ScoreListingKeys.ChartsMergedAsync(tx, discovered.Id, target.Id, cancellationToken);
        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM charts WHERE id = @Id", new { Id = discovered.Id }, tx.Transaction, cancellationToken: cancellationToken));

        // A discovered song left without charts goes too; the audit keeps its row, so the revert brings it back.
        SongRow? removedSong = null;
        if (discoveredSong.Discovered && await tx.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM charts WHERE song_id = @Id", new { Id = discoveredSong.Id }, tx.Transaction, cancellationToken: cancellationToken)) == 0)
        {
            await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM songs WHERE id = @Id", new { Id = discoveredSong.Id }, tx.Transaction, cancellationToken: cancellationToken));
            removedSong = discoveredSong;
        }

        var merge = new ChartMerge(discovered.Id, target.Id, discoveredSong.Title, scoreIds, playIds,
            new ChartState(discovered.Id, discovered.SongId, discovered.ToFields(), discovered.RowVersion), removedSong is null ? null : SongRecord.From(removedSong));
        await AuditRepository.AddChangeAsync(tx, actor, now, MergeAction, SongEditRepository.AuditEntity, target.SongId.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(merge.Discovered, SongEditRepository.Json), JsonSerializer.Serialize(merge, SongEditRepository.Json), cancellationToken);
        await songs.BumpRevisionAsync(tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new SongEditResult(SongEditOutcome.Saved, target.SongId);
    }

    /// <summary>
    /// Undoes a merge: the discovered chart (and its song, if the merge removed it) come back under their ids and
    /// the score versions and plays the merge moved go back to it, those still on the target. Refused while the
    /// target is gone or the chart's id is taken again.
    /// </summary>
    public async Task<SongEditResult> UnmergeAsync(ChartMerge merge, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merge);
        await using var tx = await database.BeginAsync(cancellationToken);
        var target = await ReadChartAsync(tx, merge.TargetChartId, cancellationToken);
        var songId = merge.Discovered.SongId;
        if (target is null)
        {
            return new SongEditResult(SongEditOutcome.Refused, songId, Message: "The chart it was merged into is gone.");
        }

        if (await ReadChartAsync(tx, merge.DiscoveredChartId, cancellationToken) is not null)
        {
            return new SongEditResult(SongEditOutcome.Refused, target.SongId, Message: "The merged chart is there already.");
        }

        if (await ReadSongAsync(tx, songId, cancellationToken) is null)
        {
            if (merge.RemovedSong is not { } song)
            {
                return new SongEditResult(SongEditOutcome.Refused, target.SongId, Message: "The merged chart's song is gone.");
            }

            await tx.Connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO songs (id, {SongRow.Names}) VALUES (@Id, {SongRow.Parameters})", song.ToRow(), tx.Transaction, cancellationToken: cancellationToken));
        }

        if (await tx.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM charts WHERE song_id = @SongId AND chart_type = @Type AND difficulty = @Difficulty",
                new { SongId = songId, Type = (int)merge.Discovered.Fields.Type, Difficulty = (int)merge.Discovered.Fields.Difficulty }, tx.Transaction, cancellationToken: cancellationToken)) > 0)
        {
            return new SongEditResult(SongEditOutcome.Refused, target.SongId, Message: "Its song has a chart of that type and difficulty again: it cannot come back.");
        }

        var row = ChartRow.From(songId, merge.Discovered.Fields);
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO charts (id, {ChartRow.Names}) VALUES (@Id, {ChartRow.Parameters})", new DynamicParameters(row).With("Id", merge.DiscoveredChartId),
            tx.Transaction, cancellationToken: cancellationToken));
        await MoveAsync(tx, "user_scores", target.Id, merge.DiscoveredChartId, merge.ScoreIds, cancellationToken);
        await MoveAsync(tx, "detailed_scores", target.Id, merge.DiscoveredChartId, merge.PlayIds, cancellationToken);
        await ScoreListingKeys.ChartsMergedAsync(tx, target.Id, merge.DiscoveredChartId, cancellationToken);
        await AuditRepository.AddChangeAsync(tx, actor, now, "chart.unmerge", SongEditRepository.AuditEntity, target.SongId.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(merge, SongEditRepository.Json), JsonSerializer.Serialize(merge.Discovered, SongEditRepository.Json), cancellationToken);
        await songs.BumpRevisionAsync(tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new SongEditResult(SongEditOutcome.Saved, target.SongId);
    }

    // Moves rows naming chart `from` to chart `to`: all of them, or only those of `ids` (a revert's own).
    private async Task MoveAsync(StorageTransaction tx, string table, int from, int to, IReadOnlyList<long>? ids, CancellationToken cancellationToken)
    {
        if (ids is null)
        {
            await tx.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {table} SET chart_id = @To WHERE chart_id = @From", new { From = from, To = to }, tx.Transaction, cancellationToken: cancellationToken));
            return;
        }

        // PostgreSQL takes the ids as one array; SQLite gets Dapper's expanded list, in slices under its parameter limit.
        var match = database.Dialect.Provider == StorageProvider.Postgres ? "id = ANY(@Ids)" : "id IN @Ids";
        foreach (var slice in ids.Chunk(500))
        {
            await tx.Connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {table} SET chart_id = @To WHERE chart_id = @From AND {match}", new { From = from, To = to, Ids = slice }, tx.Transaction, cancellationToken: cancellationToken));
        }
    }

    private static Task<long> CountSharedSnapshotsAsync(StorageTransaction tx, int discovered, int target, CancellationToken cancellationToken) =>
        tx.Connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM user_scores d JOIN user_scores t
              ON t.user_id = d.user_id AND t.region = d.region AND t.snapshot_seq = d.snapshot_seq AND t.chart_id = @Target
            WHERE d.chart_id = @Discovered
            """, new { Discovered = discovered, Target = target }, tx.Transaction, cancellationToken: cancellationToken));

    private static Task<ChartRow?> ReadChartAsync(StorageTransaction tx, int chartId, CancellationToken cancellationToken) =>
        tx.Connection.QuerySingleOrDefaultAsync<ChartRow>(new CommandDefinition(
            ChartRow.SelectEditable + " WHERE id = @Id", new { Id = chartId }, tx.Transaction, cancellationToken: cancellationToken));

    private static Task<SongRow?> ReadSongAsync(StorageTransaction tx, int songId, CancellationToken cancellationToken) =>
        tx.Connection.QuerySingleOrDefaultAsync<SongRow>(new CommandDefinition(
            SongRow.SelectEditable + " WHERE id = @Id", new { Id = songId }, tx.Transaction, cancellationToken: cancellationToken));

    private sealed class EntryRow
    {
        public int ChartId { get; set; }
        public int SongId { get; set; }
        public string Title { get; set; } = "";
        public string Genre { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Level { get; set; }
        public bool SongDiscovered { get; set; }
        public bool ChartDiscovered { get; set; }
        public long Players { get; set; }
        public long ScoreVersions { get; set; }
        public long Plays { get; set; }

        public DiscoveredEntry ToEntry() => new(ChartId, SongId, Title, Genre, (ChartType)ChartType, (Difficulty)Difficulty, new Level(Level),
            SongDiscovered, ChartDiscovered, (int)Players, (int)ScoreVersions, (int)Plays);
    }
}

/// <summary>What a merge did, as admin_audit records it: enough to undo it exactly.</summary>
public sealed record ChartMerge(int DiscoveredChartId, int TargetChartId, string Title, long[] ScoreIds, long[] PlayIds, ChartState Discovered, SongRecord? RemovedSong);

/// <summary>A whole songs row (utage marks included), kept when a merge removes a discovered song.</summary>
public sealed record SongRecord(
    int Id, string SongKey, string Title, string Artist, string Genre, int VersionCode, DateOnly? ReleaseDate, string ImageFile, string? Bpm,
    string? UtageKanji, string? UtageComment, bool IsBuddy, bool IsIntl, DateOnly? IntlAddedDate, int? IntlVersionCode, bool Discovered, string? Reading = null)
{
    internal static SongRecord From(SongRow r) => new(r.Id, r.SongKey, r.Title, r.Artist, r.Genre, r.VersionCode, r.ReleaseDate, r.ImageFile, r.Bpm,
        r.UtageKanji, r.UtageComment, r.IsBuddy, r.IsIntl, r.IntlAddedDate, r.IntlVersionCode, r.Discovered, r.Reading);

    internal SongRow ToRow() => new()
    {
        Id = Id, SongKey = SongKey, Title = Title, Artist = Artist, Genre = Genre, VersionCode = VersionCode, ReleaseDate = ReleaseDate,
        ImageFile = ImageFile, Bpm = Bpm, UtageKanji = UtageKanji, UtageComment = UtageComment, IsBuddy = IsBuddy, IsIntl = IsIntl,
        IntlAddedDate = IntlAddedDate, IntlVersionCode = IntlVersionCode, Discovered = Discovered, Reading = Reading,
    };
}

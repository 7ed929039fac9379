using System.Globalization;
using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// Keeps the listing columns of user_scores right (migration 0017): each version's copy of its chart's listing key
/// (the region's level negated, the title, chart type, difficulty) and the seq of the version that superseded it.
/// ScorePageQuery walks the index over them, so whatever writes a version, moves one, or changes a chart's level,
/// title, type or difficulty calls here in its own transaction.
/// </summary>
internal static class ScoreListingKeys
{
    /// <summary>The value superseded_seq holds while a version is its chart's newest.</summary>
    public const int Newest = int.MaxValue;

    // The key as the region lists it (LibraryChart.LevelIn); /*scope*/ says which versions, /*differs*/ narrows them.
    private static readonly string Assign = $"""
        UPDATE user_scores
        SET sort_level = {SortLevel("user_scores")},
            sort_title = g.title, sort_chart_type = c.chart_type, sort_difficulty = c.difficulty
        FROM charts c JOIN songs g ON g.id = c.song_id
        WHERE c.id = user_scores.chart_id AND /*scope*/
        """;

    // Only versions whose key differs are rewritten: an edit of anything else (or an import that changes nothing) writes none.
    private static readonly string Differs = $"""
         AND (user_scores.sort_level IS DISTINCT FROM {SortLevel("user_scores")}
              OR user_scores.sort_title IS DISTINCT FROM g.title /*collation*/
              OR user_scores.sort_chart_type IS DISTINCT FROM c.chart_type OR user_scores.sort_difficulty IS DISTINCT FROM c.difficulty)
        """;

    // New versions, v (ScoreVersionRow.Columns), inserted with the same key computed from their chart in the same
    // statement. Writing the keys with an UPDATE after the insert rewrote every new row and its index entries: in
    // the system bench that UPDATE took as long as the COPY it followed (76 ms a first fetch's snapshot).
    private static readonly string InsertWithKeys = $"""
        INSERT INTO user_scores ({ScoreVersionRow.Columns}, sort_level, sort_title, sort_chart_type, sort_difficulty)
        SELECT v.*, {SortLevel("v")}, g.title, c.chart_type, c.difficulty
        FROM v LEFT JOIN charts c ON c.id = v.chart_id LEFT JOIN songs g ON g.id = c.song_id
        """;

    /// <summary>
    /// The statement that inserts new score versions with their listing keys, given SQL that yields the rows in
    /// <see cref="ScoreVersionRow.Columns"/> order (a VALUES list, or unnest over arrays). An unknown chart gets no
    /// key and fails the chart_id foreign key as a plain insert would.
    /// </summary>
    public static string InsertVersions(string rowsSql) =>
        $"WITH v ({ScoreVersionRow.Columns}) AS ({rowsSql})\n{InsertWithKeys}";

    /// <summary>
    /// After a snapshot's versions are inserted (seq <paramref name="seq"/>, keys and all: <see cref="InsertVersions"/>):
    /// the versions they supersede closed at <paramref name="seq"/>.
    /// </summary>
    public static Task SnapshotWrittenAsync(StorageTransaction transaction, long userId, Region region, int seq, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            UPDATE user_scores SET superseded_seq = @Seq
            WHERE user_id = @UserId AND region = @Region AND snapshot_seq < @Seq AND superseded_seq > @Seq
              AND chart_id IN (SELECT chart_id FROM user_scores WHERE user_id = @UserId AND region = @Region AND snapshot_seq = @Seq)
            """, new { UserId = userId, Region = (int)region, Seq = seq }, cancellationToken);

    /// <summary>
    /// After the snapshot at <paramref name="seq"/> is removed (its versions moved to the next snapshot, at
    /// <paramref name="nextSeq"/>, or deleted): the versions it superseded now last until the next one, or are the newest.
    /// </summary>
    public static Task SnapshotRemovedAsync(StorageTransaction transaction, long userId, Region region, int seq, int? nextSeq, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "UPDATE user_scores SET superseded_seq = @End WHERE user_id = @UserId AND region = @Region AND superseded_seq = @Seq",
            new { UserId = userId, Region = (int)region, Seq = seq, End = nextSeq ?? Newest }, cancellationToken);

    /// <summary>
    /// After a song or any of its charts changed: the keys of its charts' versions where they differ. user_scores has
    /// no index by chart alone, so this reads it once; admin edits are rare, reads are not.
    /// </summary>
    public static Task SongChangedAsync(StorageTransaction transaction, int songId, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, Assign.Replace("/*scope*/", "c.song_id = @SongId", StringComparison.Ordinal) + Collated(transaction, Differs),
            new { SongId = songId }, cancellationToken);

    /// <summary>After an import changed songs or charts: every version whose key differs (one pass over user_scores).</summary>
    public static Task SongsImportedAsync(StorageTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, Assign.Replace("/*scope*/", "1 = 1", StringComparison.Ordinal) + Collated(transaction, Differs),
            null, cancellationToken);

    /// <summary>
    /// After versions moved between two charts (a merge or its revert): both charts' versions get their chart's key,
    /// and each its successor in the combined history.
    /// </summary>
    public static async Task ChartsMergedAsync(StorageTransaction transaction, int chartA, int chartB, CancellationToken cancellationToken)
    {
        var parameters = new { A = chartA, B = chartB };
        await ExecuteAsync(transaction, Assign.Replace("/*scope*/", "user_scores.chart_id IN (@A, @B)", StringComparison.Ordinal) + Collated(transaction, Differs),
            parameters, cancellationToken);
        await ExecuteAsync(transaction, $"""
            UPDATE user_scores
            SET superseded_seq = COALESCE((SELECT MIN(n.snapshot_seq) FROM user_scores n
                                           WHERE n.user_id = user_scores.user_id AND n.region = user_scores.region
                                             AND n.chart_id = user_scores.chart_id AND n.snapshot_seq > user_scores.snapshot_seq), {Newest})
            WHERE chart_id IN (@A, @B)
            """, parameters, cancellationToken);
    }

    // The listing key's level of a version (version: user_scores or an alias) joined with its chart as c: the
    // region's level, negated.
    private static string SortLevel(string version) => string.Create(CultureInfo.InvariantCulture,
        $"-(CASE WHEN {version}.region = {(int)Region.Intl} THEN COALESCE(c.intl_level_x10, c.level_x10) ELSE c.level_x10 END)");

    // PostgreSQL cannot compare the "C" column with the default-collation title without being told which collation wins.
    private static string Collated(StorageTransaction transaction, string sql) =>
        sql.Replace("/*collation*/", transaction.Dialect.CodePointCollation, StringComparison.Ordinal);

    private static Task<int> ExecuteAsync(StorageTransaction transaction, string sql, object? parameters, CancellationToken cancellationToken) =>
        transaction.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction.Transaction, cancellationToken: cancellationToken));
}

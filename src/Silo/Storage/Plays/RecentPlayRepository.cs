using System.Text.Json;
using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Plays;

/// <summary>Judgement counts for one note type.</summary>
public sealed record NoteJudgements(int CriticalPerfect, int Perfect, int Great, int Good, int Miss);

/// <summary>Judgements per note type; a type is null when the chart has none of it (STD charts have no touch notes).</summary>
public sealed record PlayJudgements(NoteJudgements? Tap, NoteJudgements? Hold, NoteJudgements? Slide, NoteJudgements? Touch, NoteJudgements? Break);

/// <summary>
/// A recent play with its per-note detail. <see cref="PlayedAt"/> is the playlogDetail idx's unix seconds and,
/// with <see cref="Track"/>, identifies the play. <see cref="ChartId"/> is null when the chart is unknown.
/// <see cref="DetailPending"/>: stored from the record, its playlogDetail not read yet; the detail fields are null.
/// <see cref="IsBuddy"/>: the chart is an utage Buddy (two-player) chart.
/// </summary>
public sealed record RecentPlay(
    long PlayedAt,
    int Track,
    int? ChartId,
    string Title,
    ChartType ChartType,
    Difficulty Difficulty,
    Achievement Achievement,
    int DxScore,
    int? DxScoreMax,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? Fast,
    int? Late,
    string? Venue,
    PlayJudgements? Judgements,
    int? MaxCombo,
    int? MaxComboTotal,
    int? MaxSync,
    int? MaxSyncTotal,
    int? RatingChange,
    bool IsNewRecord = false,
    int DxStars = 0,
    int? MatchingRank = null,
    bool DetailPending = false,
    bool IsBuddy = false);

/// <summary>detailed_scores: each play stored once, keyed by (user, region, played_at, track).</summary>
public sealed class RecentPlayRepository(Database database)
{
    private const string InsertSql = """
        INSERT INTO detailed_scores (user_id, region, played_at, track, chart_id, title, chart_type, difficulty, achievement,
            dx_score, dx_score_max, combo_lamp, sync_lamp, fast, late, venue, judgements, max_combo, max_combo_total,
            max_sync, max_sync_total, rating_change, is_new_record, dx_stars, matching_rank, detail_pending, is_buddy, created_at)
        VALUES (@UserId, @Region, @PlayedAt, @Track, @ChartId, @Title, @ChartType, @Difficulty, @Achievement,
            @DxScore, @DxScoreMax, @ComboLamp, @SyncLamp, @Fast, @Late, @Venue, @Judgements, @MaxCombo, @MaxComboTotal,
            @MaxSync, @MaxSyncTotal, @RatingChange, @IsNewRecord, @DxStars, @MatchingRank, @DetailPending, @IsBuddy, @Now)
        ON CONFLICT (user_id, region, played_at, track) DO NOTHING
        """;

    /// <summary>The keys (played_at, track) of the newest stored plays, newest first.</summary>
    public async Task<IReadOnlyList<(long PlayedAt, int Track)>> ListKeysAsync(long userId, Region region, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keys = await connection.QueryAsync<(long PlayedAt, int Track)>(new CommandDefinition(
            "SELECT played_at, track FROM detailed_scores WHERE user_id = @UserId AND region = @Region ORDER BY played_at DESC, track DESC LIMIT @Limit",
            new { UserId = userId, Region = (int)region, Limit = limit }, cancellationToken: cancellationToken));
        return [.. keys];
    }

    /// <summary>Stores the plays not stored yet, inside the fetch's transaction; returns how many were new.</summary>
    public async Task<int> InsertNewAsync(StorageTransaction transaction, long userId, Region region, IEnumerable<RecentPlay> plays, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(plays);
        var inserted = 0;
        foreach (var p in plays)
        {
            inserted += await transaction.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                UserId = userId,
                Region = (int)region,
                p.PlayedAt,
                p.Track,
                p.ChartId,
                p.Title,
                ChartType = (int)p.ChartType,
                Difficulty = (int)p.Difficulty,
                Achievement = p.Achievement.TenThousandths,
                p.DxScore,
                p.DxScoreMax,
                ComboLamp = (int)p.ComboLamp,
                SyncLamp = (int)p.SyncLamp,
                p.Fast,
                p.Late,
                p.Venue,
                Judgements = p.Judgements is null ? null : JsonSerializer.Serialize(p.Judgements),
                p.MaxCombo,
                p.MaxComboTotal,
                p.MaxSync,
                p.MaxSyncTotal,
                p.RatingChange,
                p.IsNewRecord,
                p.DxStars,
                p.MatchingRank,
                p.DetailPending,
                p.IsBuddy,
                Now = now,
            }, transaction.Transaction, cancellationToken: cancellationToken));
        }

        return inserted;
    }

    /// <summary>
    /// Fills a pending play with its playlogDetail (inside the page's transaction); false when the play is not
    /// stored or not pending any more. The detail's heading repeats the record's, so a Buddy badge there marks it too.
    /// </summary>
    public async Task<bool> FillDetailAsync(StorageTransaction transaction, long userId, Region region, RecentPlay detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(detail);
        return await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE detailed_scores SET fast = @Fast, late = @Late, venue = @Venue, judgements = @Judgements, max_combo = @MaxCombo,
                max_combo_total = @MaxComboTotal, max_sync = @MaxSync, max_sync_total = @MaxSyncTotal, rating_change = @RatingChange,
                detail_pending = @NotPending, is_buddy = is_buddy OR @IsBuddy
            WHERE user_id = @UserId AND region = @Region AND played_at = @PlayedAt AND track = @Track AND detail_pending = @Pending
            """, new
            {
                UserId = userId,
                Region = (int)region,
                detail.PlayedAt,
                detail.Track,
                detail.Fast,
                detail.Late,
                detail.Venue,
                Judgements = detail.Judgements is null ? null : JsonSerializer.Serialize(detail.Judgements),
                detail.MaxCombo,
                detail.MaxComboTotal,
                detail.MaxSync,
                detail.MaxSyncTotal,
                detail.RatingChange,
                detail.IsBuddy,
                NotPending = false,
                Pending = true,
            }, transaction.Transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The play's detail can no longer be read (kept as a warning, or gone from the record): no longer pending.</summary>
    public async Task SettlePendingAsync(StorageTransaction transaction, long userId, Region region, long playedAt, int track, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE detailed_scores SET detail_pending = @NotPending WHERE user_id = @UserId AND region = @Region AND played_at = @PlayedAt AND track = @Track",
            new { UserId = userId, Region = (int)region, PlayedAt = playedAt, Track = track, NotPending = false },
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The plays played at or before <paramref name="asOf"/> (unix seconds), newest first, after the keyset
    /// (<paramref name="afterPlayedAt"/>, <paramref name="afterTrack"/>).
    /// </summary>
    public async Task<IReadOnlyList<RecentPlay>> ListAsync(
        long userId, Region region, long asOf, long afterPlayedAt, int afterTrack, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT played_at AS PlayedAt, track AS Track, chart_id AS ChartId, title AS Title, chart_type AS ChartType,
                difficulty AS Difficulty, achievement AS Achievement, dx_score AS DxScore, dx_score_max AS DxScoreMax,
                combo_lamp AS ComboLamp, sync_lamp AS SyncLamp, fast AS Fast, late AS Late, venue AS Venue,
                judgements AS Judgements, max_combo AS MaxCombo, max_combo_total AS MaxComboTotal, max_sync AS MaxSync,
                max_sync_total AS MaxSyncTotal, rating_change AS RatingChange, is_new_record AS IsNewRecord,
                dx_stars AS DxStars, matching_rank AS MatchingRank, detail_pending AS DetailPending, is_buddy AS IsBuddy
            FROM detailed_scores
            WHERE user_id = @UserId AND region = @Region AND played_at <= @AsOf
              AND (played_at < @AfterPlayedAt OR (played_at = @AfterPlayedAt AND track < @AfterTrack))
            ORDER BY played_at DESC, track DESC LIMIT @Limit
            """, new { UserId = userId, Region = (int)region, AsOf = asOf, AfterPlayedAt = afterPlayedAt, AfterTrack = afterTrack, Limit = limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToPlay())];
    }

    /// <summary>How many plays were played after <paramref name="after"/> and at or before <paramref name="upTo"/> (unix seconds).</summary>
    public async Task<int> CountBetweenAsync(long userId, Region region, long after, long upTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM detailed_scores WHERE user_id = @UserId AND region = @Region AND played_at > @After AND played_at <= @UpTo",
            new { UserId = userId, Region = (int)region, After = after, UpTo = upTo }, cancellationToken: cancellationToken));
    }

    /// <summary>The time (unix seconds) and track of the plays played from <paramref name="from"/> to <paramref name="to"/> inclusive, oldest first.</summary>
    public async Task<IReadOnlyList<(long PlayedAt, int Track)>> PlayTimesAsync(long userId, Region region, long from, long to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var times = await connection.QueryAsync<(long PlayedAt, int Track)>(new CommandDefinition(
            "SELECT played_at, track FROM detailed_scores WHERE user_id = @UserId AND region = @Region AND played_at >= @From AND played_at <= @To ORDER BY played_at, track",
            new { UserId = userId, Region = (int)region, From = from, To = to }, cancellationToken: cancellationToken));
        return [.. times];
    }

    /// <summary>The newest plays' keys and FAST/LATE counts, newest first.</summary>
    public async Task<IReadOnlyList<(long PlayedAt, int Track, int? Fast, int? Late)>> TimingsAsync(long userId, Region region, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long PlayedAt, int Track, int? Fast, int? Late)>(new CommandDefinition(
            "SELECT played_at, track, fast, late FROM detailed_scores WHERE user_id = @UserId AND region = @Region ORDER BY played_at DESC, track DESC LIMIT @Limit",
            new { UserId = userId, Region = (int)region, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    private sealed class Row
    {
        public long PlayedAt { get; set; }
        public int Track { get; set; }
        public int? ChartId { get; set; }
        public string Title { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Achievement { get; set; }
        public int DxScore { get; set; }
        public int? DxScoreMax { get; set; }
        public int ComboLamp { get; set; }
        public int SyncLamp { get; set; }
        public int? Fast { get; set; }
        public int? Late { get; set; }
        public string? Venue { get; set; }
        public string? Judgements { get; set; }
        public int? MaxCombo { get; set; }
        public int? MaxComboTotal { get; set; }
        public int? MaxSync { get; set; }
        public int? MaxSyncTotal { get; set; }
        public int? RatingChange { get; set; }
        public bool IsNewRecord { get; set; }
        public int DxStars { get; set; }
        public int? MatchingRank { get; set; }
        public bool DetailPending { get; set; }
        public bool IsBuddy { get; set; }

        public RecentPlay ToPlay() => new(
            PlayedAt, Track, ChartId, Title, (ChartType)ChartType, (Difficulty)Difficulty, new Achievement(Achievement), DxScore,
            DxScoreMax, (ComboLamp)ComboLamp, (SyncLamp)SyncLamp, Fast, Late, Venue,
            Judgements is null ? null : JsonSerializer.Deserialize<PlayJudgements>(Judgements), MaxCombo, MaxComboTotal,
            MaxSync, MaxSyncTotal, RatingChange, IsNewRecord, DxStars, MatchingRank, DetailPending, IsBuddy);
    }
}

using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Player;

/// <summary>
/// One play in the recent record (at most 50 kept), with everything playlogDetail shows.
/// <see cref="Idx"/> is the site's "NN,unixtime": a ring position 0 to 49 and the play time in epoch seconds.
/// </summary>
public sealed record PlayRecord(
    int RingIndex,
    DateTimeOffset PlayedAt,
    int Track,
    int SongId,
    string Title,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Achievement Achievement,
    int DxScore,
    int MaxDxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    bool IsNewAchievementRecord,
    bool IsNewDxScoreRecord,
    int? MatchingRank,
    Judgements Judgements,
    int Fast,
    int Late,
    int MaxCombo,
    int TotalCombo,
    int MaxSync,
    int TotalSync,
    string Venue)
{
    public long UnixTime => PlayedAt.ToUnixTimeSeconds();

    public string Idx => FormattableString.Invariant($"{RingIndex},{UnixTime}");

    public ScoreRank Rank => Achievement.Rank;

    public int DxStars => DxStarRule.Stars(DxScore, MaxDxScore);
}

/// <summary>Judgement counts per note type. Touch is null on STD charts (the site leaves those cells empty).</summary>
public sealed record Judgements(
    NoteJudgements Tap,
    NoteJudgements Hold,
    NoteJudgements Slide,
    NoteJudgements? Touch,
    NoteJudgements Break);

/// <summary>Counts in the site's column order: CRITICAL PERFECT, PERFECT, GREAT, GOOD, MISS.</summary>
public sealed record NoteJudgements(int CriticalPerfect, int Perfect, int Great, int Good, int Miss)
{
    public int Total => CriticalPerfect + Perfect + Great + Good + Miss;
}

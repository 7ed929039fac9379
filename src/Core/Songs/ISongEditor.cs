using Maimai.Core.Accounts;
using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>
/// Edits the songs database for the admin pages. Every write checks the row version the editor saw (a stale one is a
/// <see cref="SongEditOutcome.Conflict"/>, never a lost update), is recorded in admin_audit with the row before and
/// after, and moves the songs revision so every node's song cache reloads.
/// </summary>
public interface ISongEditor
{
    /// <summary>One page of songs matching <paramref name="search"/>.</summary>
    Task<SongListPage> SearchAsync(SongListQuery search, CancellationToken cancellationToken);

    /// <summary>The song with its charts as stored, or null when there is none.</summary>
    Task<EditableSong?> GetAsync(int songId, CancellationToken cancellationToken);

    /// <summary>Every song with its charts as stored, by id (the export).</summary>
    Task<IReadOnlyList<EditableSong>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>The id of the chart's song, or null when there is no such chart.</summary>
    Task<int?> FindChartSongAsync(int chartId, CancellationToken cancellationToken);

    /// <summary>Adds a song; its key must be new.</summary>
    Task<SongEditResult> CreateSongAsync(SongFields song, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="song"/> over the song if it is still at <paramref name="seenVersion"/>.</summary>
    Task<SongEditResult> UpdateSongAsync(int songId, long seenVersion, SongFields song, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Deletes the song and its charts if it is still at <paramref name="seenVersion"/> and no score names its charts.</summary>
    Task<SongEditResult> DeleteSongAsync(int songId, long seenVersion, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Adds a chart to a song; the song must not have a chart of that type and difficulty yet.</summary>
    Task<SongEditResult> CreateChartAsync(int songId, ChartFields chart, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="chart"/> over the chart if it is still at <paramref name="seenVersion"/>.</summary>
    Task<SongEditResult> UpdateChartAsync(int chartId, long seenVersion, ChartFields chart, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>Deletes the chart if it is still at <paramref name="seenVersion"/> and no score names it.</summary>
    Task<SongEditResult> DeleteChartAsync(int chartId, long seenVersion, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>The song's audited changes, newest first.</summary>
    Task<IReadOnlyList<SongChange>> HistoryAsync(int songId, CancellationToken cancellationToken);

    /// <summary>Puts back what the change replaced, if the row is still as the change left it.</summary>
    Task<SongEditResult> RevertAsync(long changeId, AuditActor actor, CancellationToken cancellationToken);
}

/// <summary>The search and filters of the admin's song list. Levels are tenths; null filters match everything.</summary>
public sealed record SongListQuery(
    string? Text = null,
    string? Genre = null,
    GameVersion? Version = null,
    Region? Region = null,
    ChartType? Type = null,
    Difficulty? Difficulty = null,
    Level? MinLevel = null,
    Level? MaxLevel = null,
    bool MissingInternalLevel = false,
    bool DiscoveredOnly = false,
    SongOrder Order = SongOrder.Title,
    bool Descending = false,
    int Page = 1,
    int PageSize = 50);

/// <summary>What the song list sorts by.</summary>
public enum SongOrder
{
    Title,
    Artist,
    Version,
    Added,
}

/// <summary>One page of the song list and how many songs match in all.</summary>
public sealed record SongListPage(IReadOnlyList<SongListing> Songs, int Total, IReadOnlyList<string> Genres);

/// <summary>A song as the list shows it.</summary>
public sealed record SongListing(int Id, string Key, string Title, string Artist, string Genre, int VersionCode, DateOnly? ReleaseDate, bool IsIntl, bool Discovered, int Charts);

/// <summary>Every column of a song an admin edits (the key is fixed once made); the reading is the title's, in katakana.</summary>
public sealed record SongFields(
    string Key,
    string Title,
    string Artist,
    string Genre,
    int VersionCode,
    DateOnly? ReleaseDate,
    string ImageFile,
    string? Bpm,
    bool IsIntl,
    DateOnly? IntlAddedDate,
    int? IntlVersionCode,
    bool Discovered,
    string? Reading = null);

/// <summary>Every column of a chart an admin edits; levels are tenths, the intl ones override the jp ones when set.</summary>
public sealed record ChartFields(
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    Level? IntlLevel,
    Level? IntlInternalLevel,
    NoteCounts Notes,
    string? Designer,
    bool Discovered);

/// <summary>A song as stored, with the row version an edit must name.</summary>
public sealed record EditableSong(int Id, long Version, SongFields Fields, IReadOnlyList<EditableChart> Charts);

/// <summary>A chart as stored, with the row version an edit must name.</summary>
public sealed record EditableChart(int Id, int SongId, long Version, ChartFields Fields);

/// <summary>How an edit ended.</summary>
public enum SongEditOutcome
{
    Saved,
    NotFound,

    /// <summary>Someone else saved first: nothing was written; <see cref="SongEditResult.Current"/> is what they saved.</summary>
    Conflict,

    /// <summary>The edit breaks a rule (a duplicate key or chart, scores that name the chart): nothing was written.</summary>
    Refused,
}

/// <summary>
/// The end of an edit: the song's id (the new one on create); on a conflict the row as stored now (JSON, for the
/// conflict page) and its version; a message for people when refused.
/// </summary>
public sealed record SongEditResult(SongEditOutcome Outcome, int SongId = 0, string? Current = null, string? Message = null, long CurrentVersion = 0)
{
    public static SongEditResult NotFound { get; } = new(SongEditOutcome.NotFound);
}

/// <summary>One audited change to a song or one of its charts: before and after are the rows as JSON (null: none).</summary>
public sealed record SongChange(long Id, DateTimeOffset At, AuditActor Actor, string Action, int SongId, string? Before, string? After);

using System.Globalization;
using System.Text.Json;
using Maimai.Core.Accounts;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;

namespace Maimai.Silo.Songs;

/// <summary>
/// <see cref="ISongEditor"/> over <see cref="SongEditRepository"/>. A saved edit empties this node's song cache at
/// once; other nodes see the moved songs revision at their next revision check, so an edit reaches every node's API
/// within Songs:RevisionCheckInterval (30 seconds by default), and every fetch that starts after the save.
/// </summary>
public sealed class SongEditor(SongEditRepository repository, ChartMergeRepository merges, AuditRepository audit, SongCache cache, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : ISongEditor
{
    public Task<SongListPage> SearchAsync(SongListQuery search, CancellationToken cancellationToken) => repository.SearchAsync(search, cancellationToken);

    public Task<EditableSong?> GetAsync(int songId, CancellationToken cancellationToken) => repository.GetAsync(songId, cancellationToken);

    public Task<IReadOnlyList<EditableSong>> ListAllAsync(CancellationToken cancellationToken) => repository.ListAllAsync(cancellationToken);

    public Task<int?> FindChartSongAsync(int chartId, CancellationToken cancellationToken) => repository.FindChartSongAsync(chartId, cancellationToken);

    public Task<SongEditResult> CreateSongAsync(SongFields song, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.CreateSongAsync(song, actor, time.GetUtcNow(), cancellationToken));

    public Task<SongEditResult> UpdateSongAsync(int songId, long seenVersion, SongFields song, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.UpdateSongAsync(songId, seenVersion, song, actor, time.GetUtcNow(), cancellationToken: cancellationToken));

    public Task<SongEditResult> DeleteSongAsync(int songId, long seenVersion, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.DeleteSongAsync(songId, seenVersion, actor, time.GetUtcNow(), cancellationToken));

    public Task<SongEditResult> CreateChartAsync(int songId, ChartFields chart, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.CreateChartAsync(songId, chart, actor, time.GetUtcNow(), cancellationToken: cancellationToken));

    public Task<SongEditResult> UpdateChartAsync(int chartId, long seenVersion, ChartFields chart, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.UpdateChartAsync(chartId, seenVersion, chart, actor, time.GetUtcNow(), cancellationToken: cancellationToken));

    public Task<SongEditResult> DeleteChartAsync(int chartId, long seenVersion, AuditActor actor, CancellationToken cancellationToken) =>
        SavedAsync(repository.DeleteChartAsync(chartId, seenVersion, actor, time.GetUtcNow(), cancellationToken));

    public async Task<IReadOnlyList<SongChange>> HistoryAsync(int songId, CancellationToken cancellationToken)
    {
        var changes = await audit.ListChangesAsync(SongEditRepository.AuditEntity, songId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return [.. changes.Select(c => new SongChange(c.Id, c.At, c.Actor, c.Action, songId, c.Before, c.After))];
    }

    /// <summary>
    /// Puts back what a change replaced, only while the row is still as that change left it: reverting over a later
    /// edit would lose it, so that is refused with a word on what to revert first.
    /// </summary>
    public async Task<SongEditResult> RevertAsync(long changeId, AuditActor actor, CancellationToken cancellationToken)
    {
        var change = await repository.GetChangeAsync(changeId, cancellationToken);
        if (change is null)
        {
            return SongEditResult.NotFound;
        }

        var songId = int.Parse(change.EntityId, CultureInfo.InvariantCulture);
        var song = await repository.GetAsync(songId, cancellationToken);
        var now = time.GetUtcNow();
        return change.Action switch
        {
            "chart.update" or "chart.revert" => await RevertChartUpdateAsync(song, Read<ChartState>(change.Before), Read<ChartState>(change.After), actor, now, cancellationToken),
            "chart.create" => await RevertChartCreateAsync(song, Read<ChartState>(change.After), actor, now, cancellationToken),
            "chart.delete" when Read<ChartState>(change.Before) is var deleted =>
                song is null ? Refused(songId, "The song is gone, so its chart cannot come back.")
                : song.Charts.Any(c => c.Id == deleted.ChartId) ? Refused(songId, "That chart is there already.")
                : await SavedAsync(repository.CreateChartAsync(songId, deleted.Fields, actor, now, deleted.ChartId, cancellationToken)),
            ChartMergeRepository.MergeAction => await SavedAsync(merges.UnmergeAsync(Read<ChartMerge>(change.After), actor, now, cancellationToken)),
            "song.update" or "song.revert" when Read<SongState>(change.After) is var after =>
                song is null ? Refused(songId, "The song is gone.")
                : song.Fields != after.Fields ? Refused(songId, ChangedSince)
                : await SavedAsync(repository.UpdateSongAsync(songId, song.Version, Read<SongState>(change.Before).Fields, actor, now, "song.revert", cancellationToken)),
            "chart.unmerge" => Refused(songId, "An undone merge is not undone again: merge the chart again from the discovered queue."),
            _ => Refused(songId, "A song's creation or deletion is not undone here: create or delete the song instead."),
        };
    }

    private const string ChangedSince = "It has changed since: revert the newer changes first, newest first.";

    private async Task<SongEditResult> RevertChartUpdateAsync(EditableSong? song, ChartState before, ChartState after, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = song?.Charts.FirstOrDefault(c => c.Id == after.ChartId);
        return current is null ? Refused(after.SongId, "That chart is gone.")
            : current.Fields != after.Fields ? Refused(after.SongId, ChangedSince)
            : await SavedAsync(repository.UpdateChartAsync(current.Id, current.Version, before.Fields, actor, now, "chart.revert", cancellationToken));
    }

    private async Task<SongEditResult> RevertChartCreateAsync(EditableSong? song, ChartState created, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = song?.Charts.FirstOrDefault(c => c.Id == created.ChartId);
        return current is null ? Refused(created.SongId, "That chart is gone already.")
            : current.Fields != created.Fields ? Refused(created.SongId, ChangedSince)
            : await SavedAsync(repository.DeleteChartAsync(current.Id, current.Version, actor, now, cancellationToken));
    }

    private static SongEditResult Refused(int songId, string message) => new(SongEditOutcome.Refused, songId, Message: message);

    private static T Read<T>(string? json) =>
        JsonSerializer.Deserialize<T>(json ?? throw new InvalidOperationException("The audit entry lacks the row it needs."), SongEditRepository.Json)
        ?? throw new InvalidOperationException("The audit entry's row is empty.");

    // This node serves the edit at once; the others by the revision (see the summary).
    private async Task<SongEditResult> SavedAsync(Task<SongEditResult> edit)
    {
        var result = await edit;
        if (result.Outcome == SongEditOutcome.Saved)
        {
            cache.Invalidate();
        }

        return result;
    }
}

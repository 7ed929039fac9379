using Maimai.Scraping.Pages;
using Maimai.Silo.Fetching.Internal;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Songs;

namespace Maimai.Silo.Fetching;

/// <summary>What storing one re-read record entry did.</summary>
public enum RecoveredPlayOutcome
{
    /// <summary>Another re-parse marked the warning first: nothing was stored.</summary>
    AlreadyRead,

    /// <summary>The warning is marked read and the play stored.</summary>
    Stored,

    /// <summary>The warning is marked read; the play was stored already (a later fetch read it), so nothing was added.</summary>
    KnownPlay,
}

/// <summary>
/// Stores a record entry that a newer plugin read from a kept warning as a play of the fetch it came from (same user
/// and region), the way that fetch would have: its chart resolved (or discovered), its detail pending and queued for
/// the next fetch's detail phase, never guessed. Marking the warning read is in the same transaction, so a warning
/// becomes a play once, whoever re-parses it and however often.
/// </summary>
public sealed class RecoveredPlayStore(
    Database database,
    ParseWarningRepository warnings,
    RecentPlayRepository plays,
    DetailQueueRepository queue,
    SongCache songs,
    SongRepository songRepository)
{
    public async Task<RecoveredPlayOutcome> StoreAsync(ParseWarning warning, RecordEntry entry, string pluginVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warning);
        ArgumentNullException.ThrowIfNull(entry);
        var charts = new ChartDiscovery((await songs.GetCurrentAsync(cancellationToken)).ChartsFor(warning.Region), songRepository);
        await using var transaction = await database.BeginAsync(cancellationToken);
        if (!await warnings.MarkReparsedAsync(transaction, warning.Id, pluginVersion, now, cancellationToken))
        {
            return RecoveredPlayOutcome.AlreadyRead;
        }

        // The score lists' own resolution is not at hand here, so a title the songs database lacks becomes a
        // discovered chart, as a fetch does for a play no score row named.
        var chartId = await charts.ResolveAsync(transaction, entry, null, cancellationToken);
        var play = FetchCommitter.ToPendingPlay(entry, chartId);
        var stored = await plays.InsertNewAsync(transaction, warning.UserId, warning.Region, [play], now, cancellationToken) == 1;
        if (stored && entry.Idx is { } idx)
        {
            // The next fetch's record re-keys it (positions move) or drops it once it left the site's last 50.
            await queue.QueueAsync(transaction, warning.UserId, warning.Region, warning.FetchId,
                [new QueuedPlay(idx.UnixTime, entry.Track, idx.Raw, entry.PlayedAt.ToUnixTimeSeconds(), entry.Title, entry.Type, entry.Difficulty)],
                [], null, cancellationToken);
        }

        if (charts.Inserted > 0)
        {
            await songRepository.BumpRevisionAsync(transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (charts.Inserted > 0)
        {
            songs.Invalidate();
        }

        return stored ? RecoveredPlayOutcome.Stored : RecoveredPlayOutcome.KnownPlay;
    }
}

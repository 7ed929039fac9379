using System.Collections.Concurrent;
using System.Text.Json;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Time;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Songs;

/// <summary>
/// <see cref="ISongImports"/>: each job runs on the thread pool through <see cref="SongRepository.ImportAsync"/> (one
/// transaction per list, so a list that fails leaves the database as it was), reports songs done as it goes, then
/// empties this node's song cache and records the summary in admin_audit.
/// </summary>
public sealed partial class SongImportJobs(
    SongRepository songs, AuditRepository audit, SongCache cache, IOptions<SongImportOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SongImportJobs> logger) : ISongImports
{
    private readonly ConcurrentDictionary<Guid, Progress> _jobs = new();

    public IReadOnlyList<string> ServerLists() =>
        options.Value.ImportFolder is { Length: > 0 } folder && Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    public ReadOnlyMemory<byte>? ReadServerList(string name) =>
        ServerLists().Contains(name, StringComparer.Ordinal) ? File.ReadAllBytes(Path.Combine(options.Value.ImportFolder!, name)) : null;

    public SongImportJob Start(IReadOnlyList<SongListSource> lists, AuditActor actor)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var progress = new Progress(Guid.NewGuid());
        _jobs[progress.Id] = progress;
        _ = Task.Run(() => RunAsync(progress, [.. lists.OrderBy(l => l.Region == Region.Intl)], actor, lifetime.ApplicationStopping));
        return progress.Snapshot();
    }

    public SongImportJob? Find(Guid jobId) => _jobs.TryGetValue(jobId, out var job) ? job.Snapshot() : null;

    private async Task RunAsync(Progress job, List<SongListSource> lists, AuditActor actor, CancellationToken cancellationToken)
    {
        try
        {
            var catalogs = new List<(SongListSource Source, SongCatalog Catalog)>();
            foreach (var list in lists)
            {
                job.Stage = $"Reading {list.Name}";
                using var stream = new MemoryStream(list.Json.ToArray(), writable: false);
                catalogs.Add((list, OtogeDbSongList.Read(stream, list.Name)));
            }

            job.Total = catalogs.Sum(c => c.Catalog.Count);
            var before = 0;
            foreach (var (source, catalog) in catalogs)
            {
                job.Stage = $"Importing {source.Name} ({source.Region.ToName()})";
                var offset = before;
                var result = await songs.ImportAsync(catalog, source.Region, new SynchronousProgress(done => job.Done = offset + done), cancellationToken);
                before += catalog.Count;
                job.Add(new SongImportSummary(source.Name, source.Region, catalog.Count, result.SongsAdded, result.SongsUpdated, result.ChartsAdded, result.ChartsUpdated));
                cache.Invalidate();
            }

            await audit.AddAsync(actor, time.GetUtcNow(), "songs.import", "songs", "import",
                JsonSerializer.Serialize(job.Snapshot().Summary, SongEditRepository.Json), cancellationToken);
            job.Finish(SongImportState.Completed, null);
        }
        catch (SongListFormatException e)
        {
            job.Finish(SongImportState.Failed, $"{job.Stage}: {e.Message} Nothing more was imported.");
        }
#pragma warning disable CA1031 // The job reports any failure on its page; the exception goes to the log.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ImportFailed(logger, job.Id, e);
            job.Finish(SongImportState.Failed, $"{job.Stage} failed; the list being imported was rolled back. The log has the details (job {job.Id}).");
        }
    }

    [LoggerMessage(EventId = 1, EventName = "SongImportFailed", Level = LogLevel.Error, Message = "Song import job {JobId} failed")]
    private static partial void ImportFailed(ILogger logger, Guid jobId, Exception exception);

    /// <summary>Reports on the importing thread, so the count is current when the page polls.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private sealed class Progress(Guid id)
    {
        private readonly Lock _gate = new();
        private readonly List<SongImportSummary> _summary = [];
        private SongImportState _state = SongImportState.Running;
        private string? _error;

        public Guid Id { get; } = id;

        public volatile int Done;
        public volatile int Total;
        public volatile string Stage = "Starting";

        public void Add(SongImportSummary summary)
        {
            lock (_gate)
            {
                _summary.Add(summary);
            }
        }

        public void Finish(SongImportState state, string? error)
        {
            lock (_gate)
            {
                (_state, _error) = (state, error);
            }
        }

        public SongImportJob Snapshot()
        {
            lock (_gate)
            {
                return new SongImportJob(Id, _state, Done, Total, _state == SongImportState.Completed ? "Done" : Stage, [.. _summary], _error);
            }
        }
    }
}

/// <summary>Section "Songs": where the song lists an admin may import from the server are.</summary>
public sealed class SongImportOptions
{
    /// <summary>A folder of otoge-db lists (*.json) the import page offers; none by default.</summary>
    public string? ImportFolder { get; set; }
}

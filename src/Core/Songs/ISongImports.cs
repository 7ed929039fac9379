using Maimai.Core.Accounts;
using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>
/// Imports otoge-db song lists as background jobs on this node, so the admin's page returns at once and polls the
/// job's progress. A job's state lives in this node's memory until the node stops.
/// </summary>
public interface ISongImports
{
    /// <summary>The song lists on the server an admin may import (file names in Songs:ImportFolder), if one is set.</summary>
    IReadOnlyList<string> ServerLists();

    /// <summary>A server list's bytes by its file name, or null when it is not one of <see cref="ServerLists"/>.</summary>
    ReadOnlyMemory<byte>? ReadServerList(string name);

    /// <summary>Starts a job importing <paramref name="lists"/>, the jp list before the intl one.</summary>
    SongImportJob Start(IReadOnlyList<SongListSource> lists, AuditActor actor);

    /// <summary>The job now, or null when this node has none by that id.</summary>
    SongImportJob? Find(Guid jobId);
}

/// <summary>One song list to import: the region it describes and its JSON (an upload or a server file's bytes).</summary>
public sealed record SongListSource(Region Region, string Name, ReadOnlyMemory<byte> Json);

/// <summary>Where a job is.</summary>
public enum SongImportState
{
    Running,
    Completed,
    Failed,
}

/// <summary>A job as the progress page shows it: songs done of all, and at the end the summary or the reason it failed.</summary>
public sealed record SongImportJob(Guid Id, SongImportState State, int Done, int Total, string Stage, IReadOnlyList<SongImportSummary> Summary, string? Error);

/// <summary>What importing one list changed; unchanged songs are the list's songs neither added nor changed.</summary>
public sealed record SongImportSummary(string Name, Region Region, int Songs, int SongsAdded, int SongsChanged, int ChartsAdded, int ChartsChanged)
{
    public int SongsUnchanged => Songs - SongsAdded - SongsChanged;
}

namespace Maimai.Silo.Songs;

/// <summary>How the in-memory songs database is kept fresh (configuration section "Songs").</summary>
public sealed class SongCacheOptions
{
    public const string SectionName = "Songs";

    /// <summary>How old a load may grow before it is read again, even with no change seen. Defaults to one day.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often an API read compares the database's songs revision (an import or an edit in another process or
    /// on another node). Fetches compare it every time. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan RevisionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

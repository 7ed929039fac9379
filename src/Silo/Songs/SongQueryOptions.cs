namespace Maimai.Silo.Songs;

/// <summary>How the in-memory songs library is kept fresh.</summary>
public sealed class SongQueryOptions
{
    /// <summary>How often the library is reloaded even without an edit (admins may edit on another node). Defaults to one day.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);
}

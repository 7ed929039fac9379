using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Songs;

/// <summary>Reads the songs and charts tables into a <see cref="SongLibrary"/>.</summary>
public sealed class SongLibraryLoader(Database database)
{
    public async Task<SongLibrary> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var songs = await connection.QueryAsync<SongRow>(new CommandDefinition("""
            SELECT id AS Id, title AS Title, artist AS Artist, genre AS Genre, version_code AS VersionCode, release_date AS ReleaseDate,
                image_file AS ImageFile, bpm AS Bpm, utage_kanji AS UtageKanji, utage_comment AS UtageComment, is_buddy AS IsBuddy,
                is_intl AS IsIntl, intl_added_date AS IntlAddedDate
            FROM songs
            """, cancellationToken: cancellationToken));
        var charts = await connection.QueryAsync<ChartRow>(new CommandDefinition("""
            SELECT id AS Id, song_id AS SongId, chart_type AS ChartType, difficulty AS Difficulty, level_x10 AS Level,
                internal_level_x10 AS InternalLevel, intl_level_x10 AS IntlLevel, intl_internal_level_x10 AS IntlInternalLevel,
                notes_total AS NotesTotal, notes_tap AS NotesTap, notes_hold AS NotesHold, notes_slide AS NotesSlide,
                notes_touch AS NotesTouch, notes_break AS NotesBreak, designer AS Designer
            FROM charts
            """, cancellationToken: cancellationToken));
        var bySong = charts.GroupBy(c => c.SongId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<LibraryChart>)[.. g.Select(c => c.ToChart()).OrderBy(c => c.Type).ThenBy(c => c.Difficulty)]);
        return new SongLibrary(songs.Select(s => s.ToSong(bySong.GetValueOrDefault(s.Id) ?? [])), now);
    }

    private sealed class SongRow
    {
        public int Id { get; set; }
        public string Title { get; set; } = "";
        public string Artist { get; set; } = "";
        public string Genre { get; set; } = "";
        public int VersionCode { get; set; }
        public DateOnly? ReleaseDate { get; set; }
        public string ImageFile { get; set; } = "";
        public string? Bpm { get; set; }
        public string? UtageKanji { get; set; }
        public string? UtageComment { get; set; }
        public bool IsBuddy { get; set; }
        public bool IsIntl { get; set; }
        public DateOnly? IntlAddedDate { get; set; }

        public LibrarySong ToSong(IReadOnlyList<LibraryChart> charts) => new(
            Id, Title, Artist, Genre, VersionCode, ReleaseDate, ImageFile, Bpm, IsIntl, IntlAddedDate,
            UtageKanji is null ? null : new UtageInfo(UtageKanji, UtageComment, IsBuddy), charts);
    }

    private sealed class ChartRow
    {
        public int Id { get; set; }
        public int SongId { get; set; }
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Level { get; set; }
        public int? InternalLevel { get; set; }
        public int? IntlLevel { get; set; }
        public int? IntlInternalLevel { get; set; }
        public int? NotesTotal { get; set; }
        public int? NotesTap { get; set; }
        public int? NotesHold { get; set; }
        public int? NotesSlide { get; set; }
        public int? NotesTouch { get; set; }
        public int? NotesBreak { get; set; }
        public string? Designer { get; set; }

        public LibraryChart ToChart() => new(
            Id, SongId, (ChartType)ChartType, (Difficulty)Difficulty, new Level(Level),
            InternalLevel is { } i ? new Level(i) : null,
            IntlLevel is { } il ? new Level(il) : null,
            IntlInternalLevel is { } ii ? new Level(ii) : null,
            new NoteCounts(NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak),
            Designer);
    }
}

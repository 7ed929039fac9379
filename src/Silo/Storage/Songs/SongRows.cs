using Maimai.Core.Game;
using Maimai.Core.Songs;

namespace Maimai.Silo.Storage.Songs;

/// <summary>A songs row as an import compares and writes it and a load reads it.</summary>
internal sealed class SongRow
{
    public const string Names = "song_key, title, artist, genre, version_code, release_date, image_file, bpm, utage_kanji, utage_comment, is_buddy, is_intl, intl_added_date, intl_version_code, discovered, title_kana";
    public const string Parameters = "@SongKey, @Title, @Artist, @Genre, @VersionCode, @ReleaseDate, @ImageFile, @Bpm, @UtageKanji, @UtageComment, @IsBuddy, @IsIntl, @IntlAddedDate, @IntlVersionCode, @Discovered, @Reading";
    public const string Select = "song_key AS SongKey, title AS Title, artist AS Artist, genre AS Genre, version_code AS VersionCode, release_date AS ReleaseDate, image_file AS ImageFile, bpm AS Bpm, utage_kanji AS UtageKanji, utage_comment AS UtageComment, is_buddy AS IsBuddy, is_intl AS IsIntl, intl_added_date AS IntlAddedDate, intl_version_code AS IntlVersionCode, discovered AS Discovered, title_kana AS Reading";
    public const string SelectAll = "SELECT id AS Id, " + Select + " FROM songs";
    public const string SelectEditable = "SELECT id AS Id, row_version AS RowVersion, " + Select + " FROM songs";

    /// <summary>The columns an admin edits (utage marks stay as the import wrote them).</summary>
    public const string EditAssignments = "title = @Title, artist = @Artist, genre = @Genre, version_code = @VersionCode, release_date = @ReleaseDate, image_file = @ImageFile, bpm = @Bpm, is_intl = @IsIntl, intl_added_date = @IntlAddedDate, intl_version_code = @IntlVersionCode, discovered = @Discovered, title_kana = @Reading, row_version = row_version + 1";
    public const string Assignments = "title = @Title, artist = @Artist, genre = @Genre, version_code = @VersionCode, release_date = @ReleaseDate, image_file = @ImageFile, bpm = @Bpm, utage_kanji = @UtageKanji, utage_comment = @UtageComment, is_buddy = @IsBuddy, is_intl = @IsIntl, intl_added_date = @IntlAddedDate, intl_version_code = @IntlVersionCode, discovered = @Discovered, title_kana = @Reading, row_version = row_version + 1";

    public int Id { get; set; }
    public string SongKey { get; set; } = "";
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
    public int? IntlVersionCode { get; set; }
    public bool Discovered { get; set; }
    public string? Reading { get; set; }
    public long RowVersion { get; set; }

    public static SongRow From(SongFields song) => new()
    {
        SongKey = song.Key,
        Title = song.Title,
        Artist = song.Artist,
        Genre = song.Genre,
        VersionCode = song.VersionCode,
        ReleaseDate = song.ReleaseDate,
        ImageFile = song.ImageFile,
        Bpm = song.Bpm,
        IsIntl = song.IsIntl,
        IntlAddedDate = song.IntlAddedDate,
        IntlVersionCode = song.IntlVersionCode,
        Discovered = song.Discovered,
        Reading = song.Reading,
    };

    public SongFields ToFields() => new(SongKey, Title, Artist, Genre, VersionCode, ReleaseDate, ImageFile, Bpm, IsIntl, IntlAddedDate, IntlVersionCode, Discovered, Reading);

    public static SongRow From(Song song, bool intl) => new()
    {
        SongKey = song.Key,
        Title = song.Title,
        Artist = song.Artist,
        Genre = song.Genre,
        VersionCode = song.VersionCode,
        ReleaseDate = song.ReleaseDate,
        ImageFile = song.ImageFile,
        Bpm = song.Bpm,
        UtageKanji = song.Utage?.Kanji,
        UtageComment = song.Utage?.Comment,
        IsBuddy = song.Utage?.IsBuddy ?? false,
        IsIntl = song.IsIntl,
        IntlAddedDate = song.IntlAddedDate,
        IntlVersionCode = intl ? song.VersionCode : null,
        Reading = song.Reading,
    };

    public LibrarySong ToLibrarySong(IReadOnlyList<LibraryChart> charts) => new(
        Id, SongKey, Title, Artist, Genre, VersionCode, ReleaseDate, ImageFile, Bpm, IsIntl, IntlAddedDate, IntlVersionCode,
        UtageKanji is null ? null : new UtageInfo(UtageKanji, UtageComment, IsBuddy), charts);

    /// <summary>Copies the columns this import owns onto <paramref name="target"/>; true when any differed.</summary>
    public bool MergeInto(SongRow target, bool intl)
    {
        var before = target.Snapshot();
        if (intl)
        {
            (target.IsIntl, target.IntlAddedDate, target.IntlVersionCode) = (IsIntl, IntlAddedDate, IntlVersionCode);
            // The jp list owns the reading; the intl list only fills one nobody has given yet.
            target.Reading ??= Reading;
        }
        else
        {
            (target.Title, target.Artist, target.Genre, target.VersionCode, target.ReleaseDate, target.ImageFile, target.Bpm) =
                (Title, Artist, Genre, VersionCode, ReleaseDate, ImageFile, Bpm);
            (target.UtageKanji, target.UtageComment, target.IsBuddy) = (UtageKanji, UtageComment, IsBuddy);
            target.Reading = Reading;
        }

        target.Discovered = false;
        return !Equals(before, target.Snapshot());
    }

    private object Snapshot() => (Title, Artist, Genre, VersionCode, ReleaseDate, ImageFile, Bpm, (UtageKanji, UtageComment, IsBuddy, IsIntl, IntlAddedDate, IntlVersionCode, Discovered, Reading));
}

/// <summary>A charts row as an import compares and writes it and a load reads it.</summary>
internal sealed class ChartRow
{
    public const string Names = "song_id, chart_type, difficulty, level_x10, internal_level_x10, intl_level_x10, intl_internal_level_x10, notes_total, notes_tap, notes_hold, notes_slide, notes_touch, notes_break, designer, discovered";
    public const string Parameters = "@SongId, @ChartType, @Difficulty, @Level, @InternalLevel, @IntlLevel, @IntlInternalLevel, @NotesTotal, @NotesTap, @NotesHold, @NotesSlide, @NotesTouch, @NotesBreak, @Designer, @Discovered";
    public const string Select = "song_id AS SongId, chart_type AS ChartType, difficulty AS Difficulty, level_x10 AS Level, internal_level_x10 AS InternalLevel, intl_level_x10 AS IntlLevel, intl_internal_level_x10 AS IntlInternalLevel, notes_total AS NotesTotal, notes_tap AS NotesTap, notes_hold AS NotesHold, notes_slide AS NotesSlide, notes_touch AS NotesTouch, notes_break AS NotesBreak, designer AS Designer, discovered AS Discovered";
    public const string SelectAll = "SELECT id AS Id, " + Select + " FROM charts";
    public const string SelectEditable = "SELECT id AS Id, row_version AS RowVersion, " + Select + " FROM charts";

    /// <summary>The columns an admin edits: all of them but the song.</summary>
    public const string EditAssignments = "chart_type = @ChartType, difficulty = @Difficulty, " + Assignments;
    public const string Assignments = "level_x10 = @Level, internal_level_x10 = @InternalLevel, intl_level_x10 = @IntlLevel, intl_internal_level_x10 = @IntlInternalLevel, notes_total = @NotesTotal, notes_tap = @NotesTap, notes_hold = @NotesHold, notes_slide = @NotesSlide, notes_touch = @NotesTouch, notes_break = @NotesBreak, designer = @Designer, discovered = @Discovered, row_version = row_version + 1";

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
    public bool Discovered { get; set; }
    public long RowVersion { get; set; }

    public static ChartRow From(int songId, ChartFields chart) => new()
    {
        SongId = songId,
        ChartType = (int)chart.Type,
        Difficulty = (int)chart.Difficulty,
        Level = chart.Level.Tenths,
        InternalLevel = chart.InternalLevel?.Tenths,
        IntlLevel = chart.IntlLevel?.Tenths,
        IntlInternalLevel = chart.IntlInternalLevel?.Tenths,
        NotesTotal = chart.Notes.Total,
        NotesTap = chart.Notes.Tap,
        NotesHold = chart.Notes.Hold,
        NotesSlide = chart.Notes.Slide,
        NotesTouch = chart.Notes.Touch,
        NotesBreak = chart.Notes.Break,
        Designer = chart.Designer,
        Discovered = chart.Discovered,
    };

    public ChartFields ToFields() => new(
        (ChartType)ChartType, (Difficulty)Difficulty, new Level(Level),
        InternalLevel is { } i ? new Level(i) : null,
        IntlLevel is { } il ? new Level(il) : null,
        IntlInternalLevel is { } ii ? new Level(ii) : null,
        new NoteCounts(NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak),
        Designer, Discovered);

    public static ChartRow From(int songId, Chart chart, bool intl) => new()
    {
        SongId = songId,
        ChartType = (int)chart.Type,
        Difficulty = (int)chart.Difficulty,
        Level = chart.Level.Tenths,
        InternalLevel = chart.InternalLevel?.Tenths,
        IntlLevel = intl ? chart.Level.Tenths : null,
        IntlInternalLevel = intl ? chart.InternalLevel?.Tenths : null,
        NotesTotal = chart.Notes.Total,
        NotesTap = chart.Notes.Tap,
        NotesHold = chart.Notes.Hold,
        NotesSlide = chart.Notes.Slide,
        NotesTouch = chart.Notes.Touch,
        NotesBreak = chart.Notes.Break,
        Designer = chart.Designer,
    };

    public LibraryChart ToLibraryChart() => new(
        Id, SongId, (ChartType)ChartType, (Difficulty)Difficulty, new Level(Level),
        InternalLevel is { } i ? new Level(i) : null,
        IntlLevel is { } il ? new Level(il) : null,
        IntlInternalLevel is { } ii ? new Level(ii) : null,
        new NoteCounts(NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak),
        Designer);

    /// <summary>Copies the columns this import owns onto <paramref name="target"/>; true when any differed.</summary>
    public bool MergeInto(ChartRow target, bool intl)
    {
        var before = target.Snapshot();
        if (intl)
        {
            (target.IntlLevel, target.IntlInternalLevel) = (IntlLevel, IntlInternalLevel);
        }
        else
        {
            (target.Level, target.InternalLevel, target.Designer) = (Level, InternalLevel, Designer);
            (target.NotesTotal, target.NotesTap, target.NotesHold, target.NotesSlide, target.NotesTouch, target.NotesBreak) =
                (NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak);
        }

        target.Discovered = false;
        return !Equals(before, target.Snapshot());
    }

    private object Snapshot() => (Level, InternalLevel, IntlLevel, IntlInternalLevel, Designer, (NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak), Discovered);
}

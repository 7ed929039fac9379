using System.ComponentModel.DataAnnotations;
using Maimai.Core.Songs;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>The song form's fields, with the rules shown beside them.</summary>
public sealed class SongInput
{
    [StringLength(200)]
    [Display(Name = "Key")]
    public string? Key { get; set; }

    [Required(ErrorMessage = "A song needs a title.")]
    [StringLength(300, ErrorMessage = "A title is at most 300 characters.")]
    public string Title { get; set; } = "";

    [StringLength(300, ErrorMessage = "An artist is at most 300 characters.")]
    public string? Artist { get; set; }

    [StringLength(300, ErrorMessage = "A reading is at most 300 characters.")]
    public string? Reading { get; set; }

    [Required(ErrorMessage = "A song needs a genre.")]
    [StringLength(100)]
    public string Genre { get; set; } = "";

    [Range(10000, 99999, ErrorMessage = "A version code has 5 digits, as otoge-db's (26000 is CiRCLE).")]
    public int VersionCode { get; set; }

    public DateOnly? ReleaseDate { get; set; }

    [Required(ErrorMessage = "A song needs its cover's file name.")]
    [StringLength(200)]
    public string ImageFile { get; set; } = "";

    [StringLength(20)]
    public string? Bpm { get; set; }

    public bool IsIntl { get; set; }

    public DateOnly? IntlAddedDate { get; set; }

    [Range(10000, 99999, ErrorMessage = "A version code has 5 digits, as otoge-db's (26000 is CiRCLE).")]
    public int? IntlVersionCode { get; set; }

    public bool Discovered { get; set; }

    /// <summary>The row version the form was filled from.</summary>
    public long Version { get; set; }

    public static SongInput From(EditableSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        var f = song.Fields;
        return new SongInput
        {
            Key = f.Key, Title = f.Title, Artist = f.Artist, Reading = f.Reading, Genre = f.Genre, VersionCode = f.VersionCode, ReleaseDate = f.ReleaseDate,
            ImageFile = f.ImageFile, Bpm = f.Bpm, IsIntl = f.IsIntl, IntlAddedDate = f.IntlAddedDate, IntlVersionCode = f.IntlVersionCode,
            Discovered = f.Discovered, Version = song.Version,
        };
    }

    public SongFields ToFields() => new(
        Key?.Trim() ?? "", Title.Trim(), Artist?.Trim() ?? "", Genre.Trim(), VersionCode, ReleaseDate, ImageFile.Trim(),
        string.IsNullOrWhiteSpace(Bpm) ? null : Bpm.Trim(), IsIntl, IntlAddedDate, IntlVersionCode, Discovered,
        string.IsNullOrWhiteSpace(Reading) ? null : TitleReading.ToKatakana(Reading.Trim()));
}

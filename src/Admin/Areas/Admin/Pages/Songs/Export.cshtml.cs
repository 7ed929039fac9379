using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>The songs database as a file: JSON (songs with their charts) or CSV (one row per chart, song columns repeated).</summary>
public sealed class ExportModel(ISongEditor songs) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken cancellationToken)
    {
        var all = await songs.ListAllAsync(cancellationToken);
        return format switch
        {
            "json" => File(JsonSerializer.SerializeToUtf8Bytes(all, Json), "application/json", "songs.json"),
            "csv" => File(Csv(all), "text/csv; charset=utf-8", "songs.csv"),
            _ => Page(),
        };
    }

    private static byte[] Csv(IReadOnlyList<EditableSong> all)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(all.SelectMany(s => s.Charts.Count == 0 ? [Row(s, null)] : s.Charts.Select(c => Row(s, c))));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static CsvRow Row(EditableSong s, EditableChart? c) => new(
        s.Id, s.Fields.Key, s.Fields.Title, s.Fields.Reading, s.Fields.Artist, s.Fields.Genre, s.Fields.VersionCode, s.Fields.ReleaseDate, s.Fields.ImageFile, s.Fields.Bpm,
        s.Fields.IsIntl, s.Fields.IntlAddedDate, s.Fields.IntlVersionCode,
        c?.Id, c?.Fields.Type.ToString(), c?.Fields.Difficulty.ToString(), c?.Fields.Level.Tenths, c?.Fields.InternalLevel?.Tenths,
        c?.Fields.IntlLevel?.Tenths, c?.Fields.IntlInternalLevel?.Tenths, c?.Fields.Notes.Total, c?.Fields.Notes.Tap, c?.Fields.Notes.Hold,
        c?.Fields.Notes.Slide, c?.Fields.Notes.Touch, c?.Fields.Notes.Break, c?.Fields.Designer);

    /// <summary>One CSV row; levels in tenths, as stored.</summary>
    private sealed record CsvRow(
        int SongId, string Key, string Title, string? Reading, string Artist, string Genre, int VersionCode, DateOnly? ReleaseDate, string ImageFile, string? Bpm,
        bool IsIntl, DateOnly? IntlAddedDate, int? IntlVersionCode,
        int? ChartId, string? Type, string? Difficulty, int? LevelX10, int? InternalLevelX10, int? IntlLevelX10, int? IntlInternalLevelX10,
        int? NotesTotal, int? NotesTap, int? NotesHold, int? NotesSlide, int? NotesTouch, int? NotesBreak, string? Designer);
}

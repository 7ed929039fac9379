using System.Globalization;
using System.Text.Json;
using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>
/// Reads otoge-db's maimai song lists (music-ex.json, music-ex-intl.json): one JSON object per song whose
/// values are all strings. Bad input raises <see cref="SongListFormatException"/> naming the song.
/// </summary>
public static class OtogeDbSongList
{
    private static readonly (string Prefix, ChartType Type, Difficulty Difficulty)[] Slots =
    [
        ("lev_bas", ChartType.Std, Difficulty.Basic),
        ("lev_adv", ChartType.Std, Difficulty.Advanced),
        ("lev_exp", ChartType.Std, Difficulty.Expert),
        ("lev_mas", ChartType.Std, Difficulty.Master),
        ("lev_remas", ChartType.Std, Difficulty.ReMaster),
        ("dx_lev_bas", ChartType.Dx, Difficulty.Basic),
        ("dx_lev_adv", ChartType.Dx, Difficulty.Advanced),
        ("dx_lev_exp", ChartType.Dx, Difficulty.Expert),
        ("dx_lev_mas", ChartType.Dx, Difficulty.Master),
        ("dx_lev_remas", ChartType.Dx, Difficulty.ReMaster),
    ];

    public static SongCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    public static SongCatalog Read(Stream json, string sourceName = "song list")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SongListFormatException($"{sourceName} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new SongListFormatException($"{sourceName} must be a JSON array of songs.");
            }

            var songs = new List<Song>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                songs.Add(ReadSong(element, sourceName, index++));
            }

            try
            {
                return new SongCatalog(songs);
            }
            catch (ArgumentException e)
            {
                throw new SongListFormatException($"{sourceName}: {e.Message}");
            }
        }
    }

    private static Song ReadSong(JsonElement e, string source, int index)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SongListFormatException($"{source}: entry {index} is not an object.");
        }

        var title = Text(e, "title") ?? throw new SongListFormatException($"{source}: entry {index} has no title.");
        string Where() => $"{source}: song {index} '{title}'";
        var image = Text(e, "image_url") ?? throw new SongListFormatException($"{Where()} has no image_url.");
        var versionText = Text(e, "version");
        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new SongListFormatException($"{Where()} has version '{versionText}', expected a 5-digit number.");
        }

        var charts = new List<Chart>();
        foreach (var (prefix, type, difficulty) in Slots)
        {
            if (Text(e, prefix) is { } level)
            {
                charts.Add(ReadChart(e, prefix, type, difficulty, level, Where));
            }
        }

        UtageInfo? utage = null;
        if (Text(e, "lev_utage") is { } utageLevel)
        {
            var buddy = Text(e, "buddy") is not null;
            utage = new UtageInfo(Text(e, "kanji") ?? "宴", Text(e, "comment"), buddy);
            charts.Add(ReadChart(e, "lev_utage", ChartType.Dx, Difficulty.Utage, utageLevel, Where));
        }

        return new Song(
            SongKeys.For(title, image, utage is null ? null : utage.Comment ?? ""),
            title,
            Text(e, "artist") ?? "",
            Text(e, "catcode") ?? "",
            version,
            Date(Text(e, "date_added"), "yyyyMMdd") ?? Date(Text(e, "release"), "yyMMdd"),
            image,
            Text(e, "bpm"),
            Text(e, "intl") == "1",
            Date(Text(e, "date_intl_added"), "yyyyMMdd"),
            utage,
            charts,
            Text(e, "title_kana"));
    }

    private static Chart ReadChart(JsonElement e, string prefix, ChartType type, Difficulty difficulty, string levelText, Func<string> where)
    {
        // Unconfirmed levels carry a trailing "?" ("13+?"); the level itself is still the displayed one.
        if (!Level.TryParseDisplayed(levelText.TrimEnd('?'), out var level))
        {
            throw new SongListFormatException($"{where()} has {prefix} '{levelText}', expected a level like \"13+\".");
        }

        Level? internalLevel = null;
        if (Text(e, prefix + "_i") is { } internalText)
        {
            if (!Level.TryParsePrecise(internalText, out var precise))
            {
                throw new SongListFormatException($"{where()} has {prefix}_i '{internalText}', expected a level like \"13.7\".");
            }

            internalLevel = precise;
        }

        // Buddy utage charts count each player's side separately; the chart's notes are both sides together.
        var notes = Notes(e, prefix + "_notes", where);
        if (Text(e, prefix + "_left_notes") is not null || Text(e, prefix + "_right_notes") is not null)
        {
            notes = Sum(Notes(e, prefix + "_left_notes", where), Notes(e, prefix + "_right_notes", where));
        }

        return new Chart(type, difficulty, level, internalLevel, notes, Text(e, prefix + "_designer"));
    }

    private static NoteCounts Notes(JsonElement e, string prefix, Func<string> where) => new(
        Count(e, prefix, where),
        Count(e, prefix + "_tap", where),
        Count(e, prefix + "_hold", where),
        Count(e, prefix + "_slide", where),
        Count(e, prefix + "_touch", where),
        Count(e, prefix + "_break", where));

    private static NoteCounts Sum(NoteCounts a, NoteCounts b)
    {
        static int? Add(int? x, int? y) => x is null || y is null ? null : x + y;
        return new(Add(a.Total, b.Total), Add(a.Tap, b.Tap), Add(a.Hold, b.Hold), Add(a.Slide, b.Slide), Add(a.Touch, b.Touch), Add(a.Break, b.Break));
    }

    private static int? Count(JsonElement e, string name, Func<string> where)
    {
        var text = Text(e, name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SongListFormatException($"{where()} has {name} '{text}', expected a whole number.");
    }

    /// <summary>A property's text as written (one real title is a lone ideographic space), or null when missing or empty.</summary>
    private static string? Text(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>otoge-db writes unknown dates as zeros ("000000").</summary>
    private static DateOnly? Date(string? text, string format) =>
        text is not null && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}

/// <summary>A song list that cannot be read; the message names the file and the song.</summary>
public sealed class SongListFormatException(string message) : Exception(message);

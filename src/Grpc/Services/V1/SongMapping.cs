using System.Globalization;
using Maimai.Core.Songs;
using ProtoChart = Maimai.Grpc.Contracts.V1.Chart;
using ProtoIntlOverride = Maimai.Grpc.Contracts.V1.IntlOverride;
using ProtoNoteCounts = Maimai.Grpc.Contracts.V1.NoteCounts;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using ProtoSong = Maimai.Grpc.Contracts.V1.Song;

namespace Maimai.Grpc.Services.V1;

/// <summary>Core songs library → maimai.v1 Song and Chart.</summary>
public static class SongMapping
{
    /// <summary>Where otoge-db serves jackets; songs store the file name only.</summary>
    public const string JacketBaseUrl = "https://otoge-db.net/maimai/jacket/";

    public static ProtoSong ToProto(LibrarySong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        var proto = new ProtoSong
        {
            Id = Ids.Format(song.Id),
            Title = song.Title,
            Artist = song.Artist,
            Genre = song.Genre,
            Version = SongLibrary.VersionName(song.VersionCode),
            Bpm = Bpm(song.Bpm),
            ImageUrl = string.IsNullOrEmpty(song.ImageFile) ? "" : JacketBaseUrl + Uri.EscapeDataString(song.ImageFile),
            ReleasedAt = song.IsJp ? ProtoTime.FromJapanDate(song.ReleaseDate) : null,
            IntlAddedAt = song.IsIntl ? ProtoTime.FromJapanDate(song.IntlAddedDate) : null,
        };
        if (song.IsIntl)
        {
            proto.Regions.Add(ProtoRegion.Intl);
        }

        if (song.IsJp)
        {
            proto.Regions.Add(ProtoRegion.Jp);
        }

        proto.Charts.AddRange(song.Charts.Select(c => ToProto(song, c)));
        return proto;
    }

    public static ProtoChart ToProto(LibrarySong song, LibraryChart chart)
    {
        ArgumentNullException.ThrowIfNull(song);
        ArgumentNullException.ThrowIfNull(chart);
        var proto = new ProtoChart
        {
            Id = Ids.Format(chart.Id),
            Type = EnumMaps.ChartType.ToProto(chart.Type),
            Difficulty = EnumMaps.Difficulty.ToProto(chart.Difficulty),
            LevelX10 = chart.Level.Tenths,
            NoteCounts = chart.Notes.Total is { } total
                ? new ProtoNoteCounts
                {
                    Taps = chart.Notes.Tap ?? 0,
                    Holds = chart.Notes.Hold ?? 0,
                    Slides = chart.Notes.Slide ?? 0,
                    Touches = chart.Notes.Touch ?? 0,
                    Breaks = chart.Notes.Break ?? 0,
                    Total = total,
                }
                : null,
            Designer = chart.Designer ?? "",
            Intl = Intl(song, chart),
        };
        if (chart.InternalLevel is { } internalLevel)
        {
            proto.InternalLevelX10 = internalLevel.Tenths;
        }

        if (chart.Difficulty == Core.Game.Difficulty.Utage && song.Utage is { } utage)
        {
            proto.UtageKanji = utage.Kanji;
            proto.UtageBuddy = utage.IsBuddy;
        }

        return proto;
    }

    // Unset when the chart is the same on the international version; otherwise what differs.
    private static ProtoIntlOverride? Intl(LibrarySong song, LibraryChart chart)
    {
        if (!song.IsIntl)
        {
            return song.IsJp ? new ProtoIntlOverride { Available = false } : null;
        }

        var level = chart.IntlLevel is { } l && l != chart.Level ? l : (Core.Game.Level?)null;
        var internalLevel = chart.IntlInternalLevel is { } i && i != chart.InternalLevel ? i : (Core.Game.Level?)null;
        if (level is null && internalLevel is null)
        {
            return null;
        }

        var intl = new ProtoIntlOverride { Available = true };
        if (level is { } differentLevel)
        {
            intl.LevelX10 = differentLevel.Tenths;
        }

        if (internalLevel is { } differentInternal)
        {
            intl.InternalLevelX10 = differentInternal.Tenths;
        }

        return intl;
    }

    // otoge-db writes the tempo as text ("180", sometimes "90-180"); the contract wants one number: the first.
    private static int Bpm(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var digits = text.Trim().TakeWhile(char.IsAsciiDigit).ToArray();
        return digits.Length is > 0 and < 5 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var bpm) ? bpm : 0;
    }
}

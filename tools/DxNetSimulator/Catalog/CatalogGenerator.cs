using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Catalog;

/// <summary>
/// Builds a deterministic synthetic song list from a seed: STD and DX songs, Re:MASTER on some, a few
/// utage charts, and the site's known trap titles (two "Link", a full-width space, "TRUST"/"Trust", one
/// title with both STD and DX charts).
/// </summary>
public static class CatalogGenerator
{
    /// <summary>The title that exists as both a STD and a DX song.</summary>
    public const string BothTypesTitle = "Heartbeat Signal";

    public static SongCatalog Generate(int seed, int songCount, int utageCount)
    {
        if (songCount < 40)
        {
            throw new ArgumentOutOfRangeException(nameof(songCount), songCount, "At least 40 songs are needed (traps and rating targets).");
        }

        var random = new Random(seed);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var songs = new List<Song>(songCount + utageCount);

        // The traps come first so that every catalog has them whatever its size.
        (string Title, Genre Genre, ChartType Type)[] traps =
        [
            ("Link", Genre.Maimai, ChartType.Dx),
            ("Link", Genre.NiconicoVocaloid, ChartType.Std),
            ("\u3000", Genre.PopsAnime, ChartType.Dx),
            ("TRUST", Genre.GameVariety, ChartType.Std),
            ("Trust", Genre.PopsAnime, ChartType.Dx),
            (BothTypesTitle, Genre.Maimai, ChartType.Std),
            (BothTypesTitle, Genre.Maimai, ChartType.Dx),
            ("Rock & \"Roll\" <Night>", Genre.GameVariety, ChartType.Dx),
        ];
        foreach (var (title, genre, type) in traps)
        {
            titles.Add(title);
            songs.Add(MakeSong(seed, random, songs.Count, title, genre, type, utage: false));
        }

        Genre[] genres = [Genre.PopsAnime, Genre.NiconicoVocaloid, Genre.Touhou, Genre.GameVariety, Genre.Maimai, Genre.OngekiChunithm];
        while (songs.Count < songCount)
        {
            var title = NextTitle(random, titles);
            var genre = genres[random.Next(genres.Length)];
            var type = random.Next(100) < 60 ? ChartType.Dx : ChartType.Std;
            songs.Add(MakeSong(seed, random, songs.Count, title, genre, type, utage: false));
        }

        for (var i = 0; i < utageCount; i++)
        {
            var title = NextTitle(random, titles);
            songs.Add(MakeSong(seed, random, songs.Count, title, Genre.Utage, ChartType.Dx, utage: true));
        }

        return new SongCatalog(songs);
    }

    private static Song MakeSong(int seed, Random random, int id, string title, Genre genre, ChartType type, bool utage)
    {
        var artist = TitleWords.Artists[random.Next(TitleWords.Artists.Length)];
        var isNew = !utage && random.Next(100) < 5;
        var charts = utage ? UtageCharts(random, type) : NormalCharts(random, type);
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{id}")));
        var imageId = Convert.ToHexStringLower(digest.AsSpan(0, 8));

        // Shaped like the site's opaque idx: 128 hex digits then 44 base64 characters ('+', '/' and '=' included).
        var tail = SHA256.HashData(digest);
        var idx = Convert.ToHexStringLower(digest) + Convert.ToBase64String(tail);
        return new Song(id, title, artist, genre, type, isNew, imageId, idx, charts);
    }

    private static List<Chart> NormalCharts(Random random, ChartType type)
    {
        var master = 100 + random.Next(51);                       // 10.0 to 15.0
        var expert = Math.Max(60, master - 15 - random.Next(16)); // 1.5 to 3.0 below
        var advanced = Math.Max(30, expert - 20 - random.Next(21));
        var basic = Math.Max(10, Math.Min(advanced - 10, 10 + random.Next(50)));
        var charts = new List<Chart>
        {
            MakeChart(random, type, Difficulty.Basic, basic),
            MakeChart(random, type, Difficulty.Advanced, advanced),
            MakeChart(random, type, Difficulty.Expert, expert),
            MakeChart(random, type, Difficulty.Master, master),
        };
        if (random.Next(100) < 10)
        {
            charts.Add(MakeChart(random, type, Difficulty.ReMaster, Math.Min(150, master + 3 + random.Next(10))));
        }

        return charts;
    }

    private static List<Chart> UtageCharts(Random random, ChartType type) =>
        [MakeChart(random, type, Difficulty.Utage, 120 + random.Next(31)) with { IsBuddy = random.Next(3) == 0 }];

    private static Chart MakeChart(Random random, ChartType type, Difficulty difficulty, int levelTenths)
    {
        var total = 80 + (levelTenths * 5) + random.Next(120);
        var breaks = Math.Max(1, total * (3 + random.Next(5)) / 100);
        var slides = total * (5 + random.Next(8)) / 100;
        var holds = total * (6 + random.Next(10)) / 100;
        var touches = type == ChartType.Dx ? total * random.Next(12) / 100 : 0;
        var taps = total - breaks - slides - holds - touches;
        return new Chart(difficulty, new Level(levelTenths), new NoteCounts(taps, holds, slides, touches, breaks));
    }

    private static string NextTitle(Random random, HashSet<string> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var title = random.Next(4) switch
            {
                0 => TitleWords.JapaneseA[random.Next(TitleWords.JapaneseA.Length)] + TitleWords.JapaneseB[random.Next(TitleWords.JapaneseB.Length)],
                1 => $"{TitleWords.English[random.Next(TitleWords.English.Length)]} of {TitleWords.Nouns[random.Next(TitleWords.Nouns.Length)]}",
                _ => $"{TitleWords.English[random.Next(TitleWords.English.Length)]} {TitleWords.Nouns[random.Next(TitleWords.Nouns.Length)]}",
            };
            if (attempt > 3)
            {
                title += string.Create(CultureInfo.InvariantCulture, $" {attempt}");
            }

            if (taken.Add(title))
            {
                return title;
            }
        }
    }
}

using System.Globalization;
using System.Text;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;

namespace Maimai.Silo.Storage.Songs;

/// <summary>The admin song list's WHERE and ORDER BY, built from the filters with every value a parameter.</summary>
internal static class SongSearchQuery
{
    public static (string Where, string OrderBy, DynamicParameters Parameters) Build(SongListQuery query)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        var intl = query.Region == Region.Intl;
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            where.Add(@"(LOWER(s.title) LIKE @Text ESCAPE '\' OR LOWER(s.artist) LIKE @Text ESCAPE '\' OR LOWER(s.song_key) LIKE @Text ESCAPE '\'"
                + @" OR LOWER(s.title_kana) LIKE @Reading ESCAPE '\' OR LOWER(s.title_kana) LIKE @Unvoiced ESCAPE '\')");
            var text = query.Text.Trim().ToLowerInvariant();
            parameters.Add("Text", "%" + Escape(text) + "%");
            // Readings are stored in katakana: a query typed in hiragana is folded here, as neither database folds kana.
            var reading = TitleReading.ToKatakana(text);
            parameters.Add("Reading", "%" + Escape(reading) + "%");
            // otoge-db writes readings without voicing marks (千本桜: センホンサクラ), so ぼ also finds ホ.
            parameters.Add("Unvoiced", "%" + Escape(TitleReading.WithoutVoicing(reading)) + "%");
        }

        if (!string.IsNullOrEmpty(query.Genre))
        {
            where.Add("s.genre = @Genre");
            parameters.Add("Genre", query.Genre);
        }

        var version = intl ? "COALESCE(s.intl_version_code, s.version_code)" : "s.version_code";
        if (query.Version is { } v)
        {
            var next = v.Ordinal + 1 < GameVersion.All.Count ? GameVersion.All[v.Ordinal + 1].FirstCode : int.MaxValue;
            where.Add($"{version} >= @VersionFrom AND {version} < @VersionTo");
            parameters.Add("VersionFrom", v.FirstCode);
            parameters.Add("VersionTo", next);
        }

        if (query.Region is { } region)
        {
            // As SongLibrary says who has a song: the intl list's flag; jp: a jp release date or not intl-only.
            where.Add(region == Region.Intl ? "s.is_intl = TRUE" : "(s.release_date IS NOT NULL OR s.is_intl = FALSE)");
        }

        if (query.DiscoveredOnly)
        {
            where.Add("(s.discovered = TRUE OR EXISTS (SELECT 1 FROM charts d WHERE d.song_id = s.id AND d.discovered = TRUE))");
        }

        var chart = new List<string>();
        if (query.Type is { } type)
        {
            chart.Add("c.chart_type = @Type");
            parameters.Add("Type", (int)type);
        }

        if (query.Difficulty is { } difficulty)
        {
            chart.Add("c.difficulty = @Difficulty");
            parameters.Add("Difficulty", (int)difficulty);
        }

        var level = intl ? "COALESCE(c.intl_level_x10, c.level_x10)" : "c.level_x10";
        if (query.MinLevel is { } min)
        {
            chart.Add($"{level} >= @MinLevel");
            parameters.Add("MinLevel", min.Tenths);
        }

        if (query.MaxLevel is { } max)
        {
            chart.Add($"{level} <= @MaxLevel");
            parameters.Add("MaxLevel", max.Tenths);
        }

        if (query.MissingInternalLevel)
        {
            chart.Add(intl ? "COALESCE(c.intl_internal_level_x10, c.internal_level_x10) IS NULL" : "c.internal_level_x10 IS NULL");
        }

        if (chart.Count > 0)
        {
            // One chart must match every chart filter, as the API's ListSongs does.
            where.Add($"EXISTS (SELECT 1 FROM charts c WHERE c.song_id = s.id AND {string.Join(" AND ", chart)})");
        }

        var direction = query.Descending ? "DESC" : "ASC";
        var orderBy = query.Order switch
        {
            SongOrder.Artist => $"s.artist {direction}, s.id {direction}",
            SongOrder.Version => $"{version} {direction}, s.id {direction}",
            SongOrder.Added => $"s.release_date {direction} NULLS LAST, s.id {direction}",
            _ => $"s.title {direction}, s.id {direction}",
        };
        var sql = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        return (sql, orderBy, parameters);
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public static string Page(int page, int size) =>
        string.Create(CultureInfo.InvariantCulture, $"LIMIT {size} OFFSET {(Math.Max(page, 1) - 1) * size}");
}

using System.Globalization;
using System.Text;
using Maimai.Core.Snapshots;

namespace Maimai.Core.Exports;

/// <summary>
/// A snapshot's scores as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
/// a quote or a line break), UTF-8 without a byte order mark: a header row, then one row per chart.
/// Numbers are exact: achievement "100.5000", levels "13+" (displayed) and "13.7" (internal).
/// </summary>
public static class ScoreCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The header row's column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "chart_id", "song_id", "title", "artist", "genre", "chart_type", "difficulty", "level", "internal_level",
        "achievement", "rank", "dx_score", "dx_score_max", "combo_lamp", "sync_lamp", "play_count", "last_played_at",
    ];

    public static byte[] Write(IEnumerable<ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var text = new StringBuilder();
        Row(text, Columns);
        foreach (var s in scores)
        {
            Row(text,
            [
                Number(s.ChartId), Number(s.SongId), s.Title, s.Artist, s.Genre, s.ChartType.ToString().ToUpperInvariant(),
                s.Difficulty.ToString(), s.Level.Display, s.InternalLevel?.ToString() ?? "", ExportText.Achievement(s.Achievement),
                s.Achievement.Rank.ToString(), Number(s.DxScore), s.DxScoreMax is { } max ? Number(max) : "",
                s.ComboLamp.ToString(), s.SyncLamp.ToString(), s.PlayCount is { } plays ? Number(plays) : "",
                s.LastPlayedAt?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) ?? "",
            ]);
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static void Row(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// Makes a Japanese-site page out of an international one at test time, by swapping the labels that
/// SOURCES.md lists as different (the markup is the same on both sites).
/// </summary>
internal static class JapaneseLabels
{
    public static readonly (string Intl, string Jp)[] Genres =
    [
        ("POPS＆ANIME", "POPS＆アニメ"),
        ("niconico＆VOCALOID™", "niconico＆ボーカロイド"),
        ("GAME＆VARIETY", "ゲーム＆バラエティ"),
    ];

    public static string Apply(string html)
    {
        foreach (var (intl, jp) in Genres)
        {
            html = html.Replace(intl, jp, StringComparison.Ordinal);
        }

        return html.Replace("https://maimaidx-eng.com/", "https://maimaidx.jp/", StringComparison.Ordinal);
    }
}

namespace Maimai.Scraping.Identity;

/// <summary>
/// DX NET's genre headings on both sites, mapped to otoge-db's catcode (which uses the Japanese wording).
/// Genres spelled the same everywhere (東方Project, maimai, オンゲキ＆CHUNITHM, 宴会場) map to themselves.
/// </summary>
public static class GenreNames
{
    private static readonly Dictionary<string, string> ToCatalog = new(StringComparer.Ordinal)
    {
        ["POPS＆ANIME"] = "POPS＆アニメ",
        ["niconico＆VOCALOID™"] = "niconico＆ボーカロイド",
        ["GAME＆VARIETY"] = "ゲーム＆バラエティ",
    };

    /// <summary>The otoge-db catcode for a DX NET genre heading (international or Japanese wording).</summary>
    public static string ToCatalogGenre(string dxNetGenre)
    {
        ArgumentNullException.ThrowIfNull(dxNetGenre);
        return ToCatalog.TryGetValue(dxNetGenre, out var catcode) ? catcode : dxNetGenre;
    }
}

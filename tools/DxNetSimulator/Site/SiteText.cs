using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.DxNetSimulator.Site;

/// <summary>The words that differ between the international and the Japanese site.</summary>
public sealed record SiteText(
    Region Region,
    string PlayerDataTitle,
    string RecordTitle,
    string MusicTitle,
    string RatingTargetTitle,
    string HomeTitle,
    string AllGenre,
    string LastPlayed,
    string PlayCount,
    string Ranking,
    string Details,
    string RatingNew,
    string RatingOthers,
    string RatingNewCandidates,
    string RatingOtherCandidates,
    string ErrorCodePrefix,
    string LoginAgain,
    string ConnectionExpired,
    string Maintenance,
    string BackToTop,
    IReadOnlyDictionary<Genre, string> Genres)
{
    public static readonly SiteText Intl = new(
        Region.Intl, "Player's Data", "Record", "Music", "Music for DX RATING", "Home", "All genre",
        "Last played date：", "PLAY COUNT：", "ranking", "Details",
        "Songs for Rating(New)", "Songs for Rating(Others)", "Songs for Rating Selection(New)", "Songs for Rating Selection(Others)",
        "ERROR CODE：", "An error occured. <br>Please login again.",
        "The connection time has been expired. Please try again later.",
        "Sorry, servers are under maintenance.", "Back to TOP",
        new Dictionary<Genre, string>
        {
            [Genre.PopsAnime] = "POPS＆ANIME",
            [Genre.NiconicoVocaloid] = "niconico＆VOCALOID™",
            [Genre.Touhou] = "東方Project",
            [Genre.GameVariety] = "GAME＆VARIETY",
            [Genre.Maimai] = "maimai",
            [Genre.OngekiChunithm] = "オンゲキ＆CHUNITHM",
            [Genre.Utage] = "宴会場",
        });

    public static readonly SiteText Jp = new(
        Region.Jp, "プレイヤーデータ", "プレイ履歴", "楽曲スコア", "DXレーティング対象曲", "ホーム", "全ジャンル",
        "最終プレイ日時：", "プレイ回数：", "ランキング", "詳細",
        "ベスト枠（新曲）", "ベスト枠（旧曲）", "候補曲（新曲）", "候補曲（旧曲）",
        "エラーコード：", "エラーが発生しました。<br>再度ログインしてください。",
        "接続時間が切れました。時間をおいて再度お試しください。",
        "定期メンテナンス中です", "トップへ戻る",
        new Dictionary<Genre, string>
        {
            [Genre.PopsAnime] = "POPS＆アニメ",
            [Genre.NiconicoVocaloid] = "niconico＆ボーカロイド",
            [Genre.Touhou] = "東方Project",
            [Genre.GameVariety] = "ゲーム＆バラエティ",
            [Genre.Maimai] = "maimai",
            [Genre.OngekiChunithm] = "オンゲキ＆CHUNITHM",
            [Genre.Utage] = "宴会場",
        });

    public static SiteText For(Region region) => region == Region.Jp ? Jp : Intl;

    public string GenreLabel(Genre genre) => Genres[genre];

    /// <summary>The playerData play-count line (HTML, with its &lt;br&gt;).</summary>
    public string PlayCounts(int currentVersion, int total) => Region == Region.Jp
        ? $"現バージョンプレイ回数：{Html.Number(currentVersion)}回<br>『maimai でらっくす』累計プレイ回数：{Html.Number(total)}回"
        : $"play count of current version：{Html.Number(currentVersion)}<br>maimaiDX total play count：{Html.Number(total)}";

    /// <summary>The error page's description (HTML) for a code.</summary>
    public string ErrorMessage(int code) => code == 200002 ? ConnectionExpired : LoginAgain;
}

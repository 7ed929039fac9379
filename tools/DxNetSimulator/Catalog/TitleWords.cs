namespace Maimai.DxNetSimulator.Catalog;

/// <summary>Word pools for synthetic titles and artists (invented, not the real song list).</summary>
internal static class TitleWords
{
    public static readonly string[] English =
    [
        "Crimson", "Silent", "Electric", "Neon", "Endless", "Starry", "Broken", "Golden", "Midnight", "Frozen",
        "Burning", "Hidden", "Lucky", "Rainbow", "Cosmic", "Velvet", "Shining", "Wandering", "Brave", "Secret",
        "Little", "Final", "Twin", "Sweet", "Wild", "Lonely", "Phantom", "Hyper", "Crystal", "Blue",
        "Scarlet", "Eternal", "Digital", "Paper", "Iron", "Sunny", "Dreaming", "Rapid", "Mystic", "Gentle",
    ];

    public static readonly string[] Nouns =
    [
        "Heart", "Garden", "Signal", "Parade", "Horizon", "Memory", "Journey", "Dancer", "Galaxy", "Storm",
        "Melody", "Rhythm", "Planet", "Wonderland", "Engine", "Flower", "Mirror", "Circuit", "Voyage", "Festival",
        "Lullaby", "Machine", "Ocean", "Labyrinth", "Kingdom", "Fireworks", "Railway", "Tempest", "Carnival", "Anthem",
        "Frontier", "Daybreak", "Satellite", "Overdrive", "Paradise", "Symphony", "Mosaic", "Comet", "Breaker", "Echo",
    ];

    public static readonly string[] JapaneseA =
    [
        "ひかり", "あおぞら", "ねこ", "ゆめ", "ほし", "さくら", "まほう", "ひみつ", "きらきら", "ふわふわ",
        "夜明け", "月光", "雨音", "花火", "青春", "未来", "迷子", "電脳", "幻想", "桜色",
    ];

    public static readonly string[] JapaneseB =
    [
        "のうた", "パレード", "ダンス", "ステップ", "ノート", "ファンファーレ", "シンドローム", "トリップ", "ワルツ", "ラプソディ",
        "＆ドリーム", "！", "☆スター", "讃歌", "物語", "旅行記", "革命", "協奏曲", "前線", "日和",
    ];

    public static readonly string[] Artists =
    [
        "Sim Sound Team", "feat. Nobody", "TAKUMI x TAKUMI", "こんぺいとう", "Hoshino P", "DJ Loopback", "Port Zero",
        "Kestrel Orchestra", "青空ユニット", "the seeds", "Fixed Point", "Cookie Jar", "Maintenance Crew", "RAINBOW LINE",
    ];
}

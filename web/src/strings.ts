// Every word the site shows, in two tables (English, Japanese) of the same shape; the reader's choice is kept in
// localStorage, and the first visit follows the browser's language.
import {
  ChartType, ClassRank, ComboLamp, CourseRank, Difficulty, ScoreRank, SyncLamp,
} from "./gen/maimai/v1/common_pb";
import { AutoRefreshOutcome } from "./gen/maimai/v1/auto_refresh_pb";
import { FetchStage, FetchState } from "./gen/maimai/v1/fetch_pb";

// The dan names as the game writes them; the English table spells them out.
const danNames = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"];
const courseNames: Record<string, string> = { NONE: "No dan", SHIN_KAIDEN: "Shin Kaiden", URA_KAIDEN: "Ura Kaiden" };

export const en = {
  appName: "maimai DX score tracker",
  loading: "Loading…",
  landingLead: "Keeps your maimai DX scores: it reads your records from maimai DX NET when you ask, keeps a snapshot of each visit, and shows how your scores and rating change over time.",
  landingRegions: "Works with the International and the Japanese version.",
  signIn: "Sign in",
  account: "Account and sign out",
  menu: "Account",
  signedInAs: "Signed in as",
  regions: "Regions",
  regionIntl: "International",
  regionJp: "Japan",
  tokenTitle: "maimai DX NET token",
  tokenSet: "Saved",
  tokenNotSet: "Not saved yet: the tracker needs it to read your records.",
  tokenValidAt: "Last worked",
  tokenLastError: "Last problem",
  tokenLabel: "New token",
  tokenSave: "Save token",
  tokenSaved: "Token saved.",
  tokenGuide: "How to find your token",
  autoRefreshTitle: "Auto-refresh",
  autoRefreshToggle: (minutes: number) => `Refresh automatically every ${minutes} min`,
  autoRefreshLead: "Checks your play count on maimai DX NET with one request, and fetches only when you have played.",
  autoRefreshPaused: "Paused:",
  autoRefreshPausedHint: "Save a new token to resume.",
  autoRefreshLastPoll: "Last check",
  autoRefreshBackoff: "Next check not before",
  autoRefreshOutcome: {
    [AutoRefreshOutcome.UNSPECIFIED]: "",
    [AutoRefreshOutcome.UNCHANGED]: "no new plays",
    [AutoRefreshOutcome.FETCH_STARTED]: "new plays: fetching",
    [AutoRefreshOutcome.FETCH_BUSY]: "new plays: a fetch is already running",
    [AutoRefreshOutcome.MAINTENANCE]: "maimai DX NET was in maintenance",
    [AutoRefreshOutcome.SITE_ERROR]: "maimai DX NET did not answer; checking less often for a while",
    [AutoRefreshOutcome.TOKEN_EXPIRED]: "the token was refused",
    [AutoRefreshOutcome.SKIPPED]: "skipped (the server was busy)",
  } satisfies Record<AutoRefreshOutcome, string>,
  fetchTitle: "Fetch",
  fetchNow: "Fetch now",
  fetchStarting: "Starting…",
  fetchPages: (done: number, total: number) => `${done} of ${total} pages`,
  fetchDone: "Done: a new snapshot is saved.",
  fetchFailed: "The fetch failed",
  fetchAgainIn: (wait: string) => `Fetch again in ${wait}`,
  fetchNeedsToken: "Save your maimai DX NET token for this region first.",
  fetchGoToToken: "Go to the token",
  fetchFailure: {
    maintenance: "maimai DX NET is in maintenance; try again later.",
    maintenanceUntil: (time: string) => `maimai DX NET is in maintenance until ${time}; try again after that.`,
    tokenExpired: "maimai DX NET did not accept your token (it expired or is wrong). Save a new token, then fetch again.",
    siteError: "maimai DX NET answered with an error; try again later.",
    siteErrorCode: (code: string) => `maimai DX NET answered with ERROR CODE ${code}; try again later.`,
    unexpectedPage: "maimai DX NET sent a page we could not read (the site may have changed); nothing was saved. Try again later.",
    network: "maimai DX NET could not be reached or stopped answering; nothing was saved. Try again later.",
    nodeLost: "The server running this fetch stopped responding; nothing was saved. Try again.",
    internal: "Something went wrong on our side; nothing was saved. Try again.",
  },
  chartTitle: "Rating history",
  chartNone: "No rating yet: each fetch adds a point.",
  chartTable: "Show as a table",
  chartSummary: (count: number, fromRating: string, fromDay: string, toRating: string, toDay: string, high: string) =>
    count === 1
      ? `Rating ${toRating} on ${toDay}, one snapshot.`
      : `Rating from ${fromRating} on ${fromDay} to ${toRating} on ${toDay}, ${count} snapshots, highest ${high}.`,
  chartPoint: (day: string, rating: string) => `${day}: ${rating}`,
  apiTokensTitle: "API tokens",
  apiTokensLead: "An API token lets your own scripts and apps read your scores through the gRPC API, as you. Send it as the header authorization: Bearer <token>.",
  apiTokensCreate: "Create token",
  apiTokensName: "Token name",
  apiTokensYours: "Your tokens",
  apiTokensNone: "No API tokens yet.",
  apiTokensCreated: "Created",
  apiTokensLastUsed: "Last used",
  apiTokensNeverUsed: "Never",
  apiTokensRevoke: "Revoke",
  apiTokensRevokeNamed: (name: string) => `Revoke ${name}`,
  apiTokensRevokeQuestion: (name: string) => `Revoke ${name}? Programs using it stop working at once; this cannot be undone.`,
  apiTokensRevokeConfirm: "Yes, revoke",
  apiTokensKeep: "Keep it",
  apiTokensRevoked: (name: string) => `${name} is revoked.`,
  apiTokensNew: (name: string) => `New token: ${name}`,
  apiTokensOnce: "Copy it now: this is the only time it is shown. Keep it secret; anyone with it can read your data.",
  apiTokensSecret: "Your new token",
  apiTokensCopy: "Copy",
  apiTokensCopied: "Copied.",
  apiTokensCopyFailed: "Could not copy; select the text and copy it yourself.",
  apiTokensKept: "I have kept it",
  snapshotTitle: "Latest snapshot",
  snapshotNone: "No snapshot yet: fetch to make the first one.",
  snapshotTaken: "taken",
  rating: "rating",
  stars: "stars",
  plays: "plays",
  snapshotChosenTitle: "Snapshot",
  snapshotPick: "Snapshot",
  snapshotLatest: (taken: string) => `Latest (${taken})`,
  snapshotMissing: "This snapshot is not there: it was deleted, or the address is wrong.",
  snapshotShowLatest: "Show the latest snapshot",
  calendar: "Days with a snapshot",
  calendarPrevious: "Previous month",
  calendarNext: "Next month",
  calendarDay: (day: string, count: number) => `${day}: ${count === 1 ? "1 snapshot" : `${count} snapshots`}`,
  profileRating: "Rating",
  profileOurRating: (rating: number) => `computed ${rating}`,
  profileClass: "Class",
  profileCourse: "Course",
  profileStars: "Stars",
  profilePlays: "Plays",
  profilePlaysCount: (version: number, total: number) => `${version} this version · ${total} in all`,
  profileTaken: "Taken",
  profileIcon: "Player icon",
  scoresTitle: "Scores",
  scoresLoading: (count: number) => `Loading scores… ${count}`,
  scoresNone: "No scores in this snapshot.",
  scoresNoMatch: "No chart matches these filters.",
  scoresFilters: "Filter scores",
  scoresSearch: "Search title or artist",
  scoresDifficulty: "Difficulty",
  scoresChartType: "Chart type",
  scoresLevelMin: "Level from",
  scoresLevelMax: "Level to",
  scoresCombo: "Combo lamp",
  scoresSync: "Sync lamp",
  scoresRank: "Rank at least",
  scoresAny: "Any",
  scoresClear: "Clear filters",
  scoresCount: (first: number, last: number, total: number, all: number) =>
    total === all ? `${first}–${last} of ${total} charts` : `${first}–${last} of ${total} charts (${all} in all)`,
  scoresPages: "Score pages",
  scoresPrevious: "Previous page",
  scoresNext: "Next page",
  scoresPageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  scoresTable: "Scores of this snapshot",
  columns: {
    title: "Title",
    type: "Type",
    difficulty: "Difficulty",
    level: "Level",
    achievement: "Achievement",
    rank: "Rank",
    dxScore: "DX score",
    lamps: "Lamps",
    plays: "Plays",
    lastPlayed: "Last played",
  },
  recentTitle: "Recent plays",
  recentNone: "No recent plays in this snapshot.",
  recentNewRecord: "New record",
  recentTrack: (track: number) => `Track ${track}`,
  recentVenue: "Venue",
  recentMatching: "Matching",
  recentMatchingPlace: (place: number) => `${place} of the players`,
  recentFastLate: "Fast / late",
  recentMaxCombo: "Max combo",
  recentMaxSync: "Max sync",
  recentRatingChange: "Rating change",
  recentDxScore: "DX score",
  recentJudgements: "Judgements",
  judgementNote: "Note",
  // Short, as the game's result screen heads them, so five columns fit a phone.
  judgementColumns: ["Critical", "Perfect", "Great", "Good", "Miss"],
  noteTypes: { tap: "Tap", hold: "Hold", slide: "Slide", touch: "Touch", break: "Break" },
  none: "—",
  failed: "Something went wrong",
  retry: "Try again",
  stage: {
    [FetchStage.UNSPECIFIED]: "Waiting",
    [FetchStage.LOGIN]: "Signing in to DX NET",
    [FetchStage.PLAYER_DATA]: "Reading the profile",
    [FetchStage.SCORES]: "Reading scores",
    [FetchStage.RECORD]: "Reading recent plays",
    [FetchStage.PLAY_DETAILS]: "Reading play details",
    [FetchStage.MUSIC_DETAILS]: "Reading song details",
    [FetchStage.SAVING]: "Saving",
    [FetchStage.DONE]: "Done",
  } satisfies Record<FetchStage, string>,
  state: {
    [FetchState.UNSPECIFIED]: "",
    [FetchState.PENDING]: "Queued",
    [FetchState.RUNNING]: "Running",
    [FetchState.COMPLETED]: "Completed",
    [FetchState.FAILED]: "Failed",
  } satisfies Record<FetchState, string>,
  difficulty: {
    [Difficulty.UNSPECIFIED]: "",
    [Difficulty.BASIC]: "BASIC",
    [Difficulty.ADVANCED]: "ADVANCED",
    [Difficulty.EXPERT]: "EXPERT",
    [Difficulty.MASTER]: "MASTER",
    [Difficulty.RE_MASTER]: "Re:MASTER",
    [Difficulty.UTAGE]: "UTAGE",
  } satisfies Record<Difficulty, string>,
  chartType: {
    [ChartType.UNSPECIFIED]: "",
    [ChartType.STD]: "STD",
    [ChartType.DX]: "DX",
  } satisfies Record<ChartType, string>,
  comboLamp: {
    [ComboLamp.UNSPECIFIED]: "",
    [ComboLamp.NONE]: "No combo lamp",
    [ComboLamp.FC]: "FC",
    [ComboLamp.FC_PLUS]: "FC+",
    [ComboLamp.AP]: "AP",
    [ComboLamp.AP_PLUS]: "AP+",
  } satisfies Record<ComboLamp, string>,
  syncLamp: {
    [SyncLamp.UNSPECIFIED]: "",
    [SyncLamp.NONE]: "No sync lamp",
    [SyncLamp.SYNC_PLAY]: "SYNC",
    [SyncLamp.FS]: "FS",
    [SyncLamp.FS_PLUS]: "FS+",
    [SyncLamp.FDX]: "FDX",
    [SyncLamp.FDX_PLUS]: "FDX+",
  } satisfies Record<SyncLamp, string>,
  /** The letter rank as the game prints it (SSS_PLUS is "SSS+"). */
  scoreRank: (rank: ScoreRank) => (rank ? ScoreRank[rank].replace("_PLUS", "+") : ""),
  /** The class as the game prints it (SS5, LEGEND). */
  classRank: (rank: ClassRank) => (rank ? ClassRank[rank] : ""),
  courseRank: (rank: CourseRank) => {
    const name = CourseRank[rank] ?? "";
    const dan = /DAN_(\d+)$/.exec(name);
    if (dan) {
      return `${name.startsWith("SHIN") ? "Shin " : ""}${danNames[Number(dan[1]) - 1]} dan`;
    }

    return courseNames[name] ?? "";
  },
};

export type Strings = typeof en;

// The dan names as the Japanese site writes them.
const danKanji = ["初段", "二段", "三段", "四段", "五段", "六段", "七段", "八段", "九段", "十段"];
const courseNamesJa: Record<string, string> = { NONE: "段位なし", SHIN_KAIDEN: "真皆伝", URA_KAIDEN: "裏皆伝" };

/** The Japanese table: as the game and maimaidx.jp write it (達成率, でらっくスコア, フルコンボ, 段位, レーティング). */
export const ja: Strings = {
  appName: "maimai DX スコアトラッカー",
  loading: "読み込み中…",
  landingLead: "maimai DX のスコアを記録します。頼まれたときに maimai DX NET から記録を読み込み、そのたびにスナップショットを残して、スコアとレーティングの移り変わりを表示します。",
  landingRegions: "海外版（International）と日本版の両方に対応しています。",
  signIn: "ログイン",
  account: "アカウントとログアウト",
  menu: "アカウント",
  signedInAs: "ログイン中：",
  regions: "地域",
  regionIntl: "海外版",
  regionJp: "日本版",
  tokenTitle: "maimai DX NET トークン",
  tokenSet: "保存済み",
  tokenNotSet: "まだ保存されていません。記録を読み込むにはトークンが必要です。",
  tokenValidAt: "最後に使えた日時",
  tokenLastError: "最後のエラー",
  tokenLabel: "新しいトークン",
  tokenSave: "トークンを保存",
  tokenSaved: "トークンを保存しました。",
  tokenGuide: "トークンの調べ方",
  autoRefreshTitle: "自動更新",
  autoRefreshToggle: (minutes: number) => `${minutes}分ごとに自動で更新する`,
  autoRefreshLead: "maimai DX NET のプレイ回数を1回のリクエストで確かめ、プレイがあったときだけ取得します。",
  autoRefreshPaused: "一時停止中：",
  autoRefreshPausedHint: "新しいトークンを保存すると再開します。",
  autoRefreshLastPoll: "最後の確認",
  autoRefreshBackoff: "次の確認は早くても",
  autoRefreshOutcome: {
    [AutoRefreshOutcome.UNSPECIFIED]: "",
    [AutoRefreshOutcome.UNCHANGED]: "新しいプレイなし",
    [AutoRefreshOutcome.FETCH_STARTED]: "新しいプレイあり：取得中",
    [AutoRefreshOutcome.FETCH_BUSY]: "新しいプレイあり：取得はすでに実行中",
    [AutoRefreshOutcome.MAINTENANCE]: "maimai DX NET はメンテナンス中でした",
    [AutoRefreshOutcome.SITE_ERROR]: "maimai DX NET が応答しませんでした。しばらく確認の間隔を空けます",
    [AutoRefreshOutcome.TOKEN_EXPIRED]: "トークンが受け付けられませんでした",
    [AutoRefreshOutcome.SKIPPED]: "スキップ（サーバーが混雑）",
  } satisfies Record<AutoRefreshOutcome, string>,
  fetchTitle: "データ取得",
  fetchNow: "今すぐ取得",
  fetchStarting: "開始しています…",
  fetchPages: (done, total) => `${total} ページ中 ${done} ページ`,
  fetchDone: "完了：新しいスナップショットを保存しました。",
  fetchFailed: "取得に失敗しました",
  fetchAgainIn: (wait) => `あと ${wait} で再取得できます`,
  fetchNeedsToken: "先にこの地域の maimai DX NET トークンを保存してください。",
  fetchGoToToken: "トークンの設定へ",
  fetchFailure: {
    maintenance: "maimai DX NET はメンテナンス中です。しばらくしてからもう一度お試しください。",
    maintenanceUntil: (time) => `maimai DX NET は ${time} までメンテナンス中です。終了後にもう一度お試しください。`,
    tokenExpired: "maimai DX NET がトークンを受け付けませんでした（期限切れか誤り）。新しいトークンを保存してから、もう一度取得してください。",
    siteError: "maimai DX NET がエラーを返しました。しばらくしてからもう一度お試しください。",
    siteErrorCode: (code) => `maimai DX NET がエラーを返しました（ERROR CODE ${code}）。しばらくしてからもう一度お試しください。`,
    unexpectedPage: "maimai DX NET から読み取れないページが返りました（サイトが変わった可能性があります）。何も保存していません。しばらくしてからもう一度お試しください。",
    network: "maimai DX NET に接続できないか、応答が止まりました。何も保存していません。しばらくしてからもう一度お試しください。",
    nodeLost: "取得を実行していたサーバーが応答しなくなりました。何も保存していません。もう一度お試しください。",
    internal: "こちら側で問題が起きました。何も保存していません。もう一度お試しください。",
  },
  chartTitle: "レーティング推移",
  chartNone: "まだレーティングがありません。取得するたびに点が増えます。",
  chartTable: "表で見る",
  chartSummary: (count, fromRating, fromDay, toRating, toDay, high) =>
    count === 1
      ? `${toDay} のレーティング ${toRating}（スナップショット 1 件）。`
      : `レーティングは ${fromDay} の ${fromRating} から ${toDay} の ${toRating} へ。スナップショット ${count} 件、最高 ${high}。`,
  chartPoint: (day, rating) => `${day}：${rating}`,
  apiTokensTitle: "API トークン",
  apiTokensLead: "API トークンを使うと、自作のスクリプトやアプリが gRPC API からあなたとしてスコアを読めます。authorization: Bearer <トークン> ヘッダーで送ってください。",
  apiTokensCreate: "トークンを作成",
  apiTokensName: "トークンの名前",
  apiTokensYours: "あなたのトークン",
  apiTokensNone: "API トークンはまだありません。",
  apiTokensCreated: "作成日時",
  apiTokensLastUsed: "最終使用",
  apiTokensNeverUsed: "未使用",
  apiTokensRevoke: "無効にする",
  apiTokensRevokeNamed: (name) => `${name} を無効にする`,
  apiTokensRevokeQuestion: (name) => `${name} を無効にしますか？使っているプログラムはすぐに使えなくなります。元には戻せません。`,
  apiTokensRevokeConfirm: "無効にする",
  apiTokensKeep: "やめる",
  apiTokensRevoked: (name) => `${name} を無効にしました。`,
  apiTokensNew: (name) => `新しいトークン：${name}`,
  apiTokensOnce: "今すぐコピーしてください。表示されるのはこの一度だけです。他人に見せないでください。持っている人は誰でもあなたのデータを読めます。",
  apiTokensSecret: "新しいトークン",
  apiTokensCopy: "コピー",
  apiTokensCopied: "コピーしました。",
  apiTokensCopyFailed: "コピーできませんでした。文字を選択して手動でコピーしてください。",
  apiTokensKept: "保管しました",
  snapshotTitle: "最新のスナップショット",
  snapshotNone: "スナップショットはまだありません。取得すると最初の 1 件ができます。",
  snapshotTaken: "取得",
  rating: "レーティング",
  stars: "スター",
  plays: "プレイ",
  snapshotChosenTitle: "スナップショット",
  snapshotPick: "スナップショット",
  snapshotLatest: (taken) => `最新（${taken}）`,
  snapshotMissing: "このスナップショットは見つかりません。削除されたか、アドレスが間違っています。",
  snapshotShowLatest: "最新のスナップショットを表示",
  calendar: "スナップショットのある日",
  calendarPrevious: "前の月",
  calendarNext: "次の月",
  calendarDay: (day, count) => `${day}：スナップショット ${count} 件`,
  profileRating: "レーティング",
  profileOurRating: (rating) => `計算値 ${rating}`,
  profileClass: "クラス",
  profileCourse: "段位",
  profileStars: "スター",
  profilePlays: "プレイ回数",
  profilePlaysCount: (version, total) => `今バージョン ${version} 回・累計 ${total} 回`,
  profileTaken: "取得日時",
  profileIcon: "アイコン",
  scoresTitle: "スコア",
  scoresLoading: (count) => `スコアを読み込み中… ${count}`,
  scoresNone: "このスナップショットにスコアはありません。",
  scoresNoMatch: "条件に合う譜面はありません。",
  scoresFilters: "スコアの絞り込み",
  scoresSearch: "曲名・アーティストで検索",
  scoresDifficulty: "難易度",
  scoresChartType: "譜面種別",
  scoresLevelMin: "レベル（下限）",
  scoresLevelMax: "レベル（上限）",
  scoresCombo: "コンボ",
  scoresSync: "シンク",
  scoresRank: "ランク（以上）",
  scoresAny: "すべて",
  scoresClear: "条件をクリア",
  scoresCount: (first, last, total, all) =>
    total === all ? `${total} 譜面中 ${first}–${last}` : `${total} 譜面中 ${first}–${last}（全 ${all} 譜面）`,
  scoresPages: "スコアのページ",
  scoresPrevious: "前のページ",
  scoresNext: "次のページ",
  scoresPageOf: (page, pages) => `${pages} ページ中 ${page} ページ目`,
  scoresTable: "このスナップショットのスコア",
  columns: {
    title: "曲名",
    type: "種別",
    difficulty: "難易度",
    level: "レベル",
    achievement: "達成率",
    rank: "ランク",
    dxScore: "でらっくスコア",
    lamps: "ランプ",
    plays: "プレイ回数",
    lastPlayed: "最終プレイ",
  },
  recentTitle: "プレイ履歴",
  recentNone: "このスナップショットにプレイ履歴はありません。",
  recentNewRecord: "自己ベスト更新",
  recentTrack: (track) => `TRACK ${track}`,
  recentVenue: "店舗",
  recentMatching: "マッチング",
  recentMatchingPlace: (place) => `${place} 位`,
  recentFastLate: "FAST / LATE",
  recentMaxCombo: "最大コンボ",
  recentMaxSync: "最大シンク",
  recentRatingChange: "レーティング変動",
  recentDxScore: "でらっくスコア",
  recentJudgements: "判定内訳",
  judgementNote: "ノーツ",
  judgementColumns: ["CRITICAL", "PERFECT", "GREAT", "GOOD", "MISS"],
  noteTypes: { tap: "TAP", hold: "HOLD", slide: "SLIDE", touch: "TOUCH", break: "BREAK" },
  none: "—",
  failed: "問題が発生しました",
  retry: "もう一度",
  stage: {
    [FetchStage.UNSPECIFIED]: "待機中",
    [FetchStage.LOGIN]: "DX NET にログイン中",
    [FetchStage.PLAYER_DATA]: "プレイヤーデータを読み込み中",
    [FetchStage.SCORES]: "スコアを読み込み中",
    [FetchStage.RECORD]: "プレイ履歴を読み込み中",
    [FetchStage.PLAY_DETAILS]: "プレイ詳細を読み込み中",
    [FetchStage.MUSIC_DETAILS]: "楽曲詳細を読み込み中",
    [FetchStage.SAVING]: "保存中",
    [FetchStage.DONE]: "完了",
  },
  state: {
    [FetchState.UNSPECIFIED]: "",
    [FetchState.PENDING]: "待機中",
    [FetchState.RUNNING]: "実行中",
    [FetchState.COMPLETED]: "完了",
    [FetchState.FAILED]: "失敗",
  },
  // The game's own names for difficulties, chart types and lamps are the same in both languages.
  difficulty: en.difficulty,
  chartType: en.chartType,
  comboLamp: { ...en.comboLamp, [ComboLamp.NONE]: "なし" },
  syncLamp: { ...en.syncLamp, [SyncLamp.NONE]: "なし" },
  scoreRank: en.scoreRank,
  classRank: en.classRank,
  courseRank: (rank) => {
    const name = CourseRank[rank] ?? "";
    const dan = /DAN_(\d+)$/.exec(name);
    if (dan) {
      return `${name.startsWith("SHIN") ? "真" : ""}${danKanji[Number(dan[1]) - 1]}`;
    }

    return courseNamesJa[name] ?? "";
  },
};

export type Language = "en" | "ja";

/** The languages the switch offers, each named in itself, with the switch's label in that language. */
export const languages: readonly { code: Language; name: string; switchTo: string }[] = [
  { code: "en", name: "English", switchTo: "Show the site in English" },
  { code: "ja", name: "日本語", switchTo: "日本語で表示" },
];

const tables: Record<Language, Strings> = { en, ja };
const storageKey = "language";

const stored = (): Language | null => {
  try {
    const value = localStorage.getItem(storageKey);
    return value === "en" || value === "ja" ? value : null;
  } catch {
    return null; // storage refused (a private window): the browser's language it is
  }
};

/** The language in use: the reader's last choice, else the browser's when it is Japanese, else English. */
export let language: Language = stored() ?? (navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en");

/** The table in use (an ES module live binding: readers see a new choice at their next render). */
export let t: Strings = tables[language];

/** Dates and numbers in the chosen language, with the browser's regional form when it speaks it (en-GB). */
export const displayLocale = () => (navigator.language.toLowerCase().startsWith(language) ? navigator.language : language);

const apply = () => {
  document.documentElement.lang = language;
  document.title = t.appName;
};
apply();

/** Switches the site's language and remembers the choice; returns it, for the caller to render again. */
export function chooseLanguage(next: Language) {
  language = next;
  t = tables[next];
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Not kept past this page (storage refused); the switch still holds until it closes.
  }
  apply();
  return next;
}

// The sharing settings' and the public page's words, in the same two languages as strings.ts, kept apart so the
// sharing part can change without touching the shared table. `s()` follows the reader's choice (strings.ts).
import { language } from "./strings";

const en = {
  navSharing: "Sharing",
  sharingTitle: "Sharing",
  sharingLead: "Choose a username and what anyone may see on your public page. Everything is private until you turn it on; turning a part off hides it at once.",
  sharingUsername: "Username",
  sharingUsernameHint: "3 to 20 letters a-z, digits, _ and -.",
  sharingParts: "Shown on your public page",
  sharingProfile: "Profile: name, rating, class and dan",
  sharingScores: "Scores",
  sharingRecentPlays: "Recent plays (never the arcade)",
  sharingPlayCounts: "Play counts (per region and per chart)",
  sharingSave: "Save",
  sharingSaved: "Saved.",
  sharingLink: "Your public page",
  sharingCopy: "Copy link",
  sharingCopied: "Link copied.",
  sharingCopyFailed: "Could not copy; select the link and copy it.",
  sharingPrivate: "Your profile is private: turn a part on to share it.",
  // As the server titles the page (PublicPageHead.cs), so the tab's title does not change as the page loads.
  publicTitle: (name: string) => `${name} · maimai DX score tracker`,
  publicHeading: (name: string) => `${name}'s maimai DX`,
  publicNotFound: "No public profile with this username.",
  publicAsOf: (day: string) => `As of ${day}`,
  publicNoRegions: "No scores yet.",
  publicPlayCounts: (version: string, total: string) => `${version} plays this version · ${total} in all`,
  publicScores: "Scores",
  publicRecentPlays: "Recent plays",
  publicNoPlays: "No recent plays.",
  publicShowAll: (count: number) => `Show all ${count}`,
  publicSong: "Song",
  publicLevel: "Level",
  publicAchievement: "Achievement",
  publicPlays: "Plays",
};

type SharingStrings = typeof en;

const ja: SharingStrings = {
  navSharing: "公開設定",
  sharingTitle: "公開設定",
  sharingLead: "ユーザー名と、公開ページで誰でも見られる項目を選びます。オンにするまではすべて非公開です。オフにした項目はすぐに見えなくなります。",
  sharingUsername: "ユーザー名",
  sharingUsernameHint: "半角英小文字・数字・_・- で 3〜20 文字。",
  sharingParts: "公開ページに表示するもの",
  sharingProfile: "プロフィール（名前・レーティング・クラス・段位）",
  sharingScores: "スコア",
  sharingRecentPlays: "最近のプレイ（店舗は表示しません）",
  sharingPlayCounts: "プレイ回数（地域ごと・譜面ごと）",
  sharingSave: "保存",
  sharingSaved: "保存しました。",
  sharingLink: "あなたの公開ページ",
  sharingCopy: "リンクをコピー",
  sharingCopied: "リンクをコピーしました。",
  sharingCopyFailed: "コピーできませんでした。リンクを選択してコピーしてください。",
  sharingPrivate: "プロフィールは非公開です。公開する項目をオンにしてください。",
  publicTitle: (name: string) => `${name} · maimai DX スコアトラッカー`,
  publicHeading: (name: string) => `${name} さんの maimai DX`,
  publicNotFound: "このユーザー名の公開プロフィールはありません。",
  publicAsOf: (day: string) => `${day} 時点`,
  publicNoRegions: "まだスコアがありません。",
  publicPlayCounts: (version: string, total: string) => `今バージョン ${version} 回 · 累計 ${total} 回`,
  publicScores: "スコア",
  publicRecentPlays: "最近のプレイ",
  publicNoPlays: "最近のプレイはありません。",
  publicShowAll: (count: number) => `すべて表示（${count}）`,
  publicSong: "楽曲",
  publicLevel: "レベル",
  publicAchievement: "達成率",
  publicPlays: "回数",
};

/** The table of the language the reader chose (read at each render). */
export const s = (): SharingStrings => (language === "ja" ? ja : en);

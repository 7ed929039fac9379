// The scores table's filtering and sorting, all in memory: a full account is about 5,500 charts, which a phone
// filters and sorts in a few milliseconds, so the server is asked once per snapshot.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ChartScore } from "./gen/maimai/v1/snapshot_pb";

/** A chart's score with what the table needs precomputed once: its place in the server's order and its search text. */
export type ScoreRow = { score: ChartScore; order: number; text: string; lastPlayedMs: number };

/** The filters; 0 (a proto enum's UNSPECIFIED) and empty mean "any". */
export type ScoreFilter = {
  text: string;
  difficulty: number;
  chartType: number;
  levelMin: number;
  levelMax: number;
  comboLamp: number;
  syncLamp: number;
  rankAtLeast: number;
};

export const noFilter: ScoreFilter = {
  text: "", difficulty: 0, chartType: 0, levelMin: 0, levelMax: 0, comboLamp: 0, syncLamp: 0, rankAtLeast: 0,
};

export type SortKey = "title" | "type" | "difficulty" | "level" | "achievement" | "rank" | "dxScore" | "lamps" | "plays" | "lastPlayed";

/** The column and its direction; no key keeps the server's order (level, then title, type and difficulty). */
export type ScoreSort = { key: SortKey | null; descending: boolean };

// Full-width and half-width forms, and case, should not keep a search from matching (ＰＯＰＳ finds pops).
const searchable = (s: string) => s.normalize("NFKC").toLowerCase();

export const toRows = (scores: ChartScore[]): ScoreRow[] =>
  scores.map((score, order) => ({
    score,
    order,
    text: searchable(`${score.title}\n${score.artist}`),
    lastPlayedMs: score.lastPlayedAt ? timestampMs(score.lastPlayedAt) : -1,
  }));

export function filterRows(rows: ScoreRow[], f: ScoreFilter): ScoreRow[] {
  const words = searchable(f.text).split(/\s+/).filter(Boolean);
  return rows.filter(({ score: s, text }) =>
    (!f.difficulty || s.difficulty === f.difficulty) &&
    (!f.chartType || s.chartType === f.chartType) &&
    (!f.levelMin || s.levelX10 >= f.levelMin) &&
    (!f.levelMax || s.levelX10 <= f.levelMax) &&
    (!f.comboLamp || s.comboLamp === f.comboLamp) &&
    (!f.syncLamp || s.syncLamp === f.syncLamp) &&
    (!f.rankAtLeast || s.rank >= f.rankAtLeast) &&
    words.every((w) => text.includes(w)));
}

// Each column's value to compare; text compares in the reader's collation, the rest as numbers.
const numeric: Record<Exclude<SortKey, "title">, (r: ScoreRow) => number> = {
  type: (r) => r.score.chartType,
  difficulty: (r) => r.score.difficulty,
  level: (r) => r.score.internalLevelX10 ?? r.score.levelX10,
  achievement: (r) => r.score.achievementX10000,
  rank: (r) => r.score.rank,
  dxScore: (r) => r.score.dxScore,
  // The combo lamp first, the sync lamp to break ties: an AP outranks any FDX.
  lamps: (r) => r.score.comboLamp * 16 + r.score.syncLamp,
  plays: (r) => r.score.playCount ?? -1,
  lastPlayed: (r) => r.lastPlayedMs,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export function sortRows(rows: ScoreRow[], sort: ScoreSort): ScoreRow[] {
  const { key, descending } = sort;
  if (!key) {
    return rows;
  }

  const sign = descending ? -1 : 1;
  const value = key === "title" ? null : numeric[key];
  // Ties keep the server's order, whichever way the column goes, so the table never shuffles.
  return [...rows].sort((a, b) =>
    (value ? sign * (value(a) - value(b)) : sign * collator.compare(a.score.title, b.score.title)) || a.order - b.order);
}

/** The first click on a column: numbers best first (highest achievement), text from A. */
export const firstDirectionDescending = (key: SortKey) => key !== "title" && key !== "type" && key !== "difficulty";

import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useRef, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount, formatDay } from "./format";
import { formatAchievement, formatLevel } from "./game";
import { ComboLamp, type Region, SyncLamp } from "./gen/maimai/v1/common_pb";
import type { GetChartHistoryResponse } from "./gen/maimai/v1/insights_pb";
import { t } from "./strings";
import { useWidth } from "./useWidth";

/** The chart a row of the scores table names: what the dialog shows while the history loads. */
export type ChartRef = { chartId: string; title: string };

const height = 200;
const pad = { left: 64, right: 12, top: 12, bottom: 28 };

// The rank thresholds (x10000) drawn across the plot, as the game's result screen names them.
const thresholds: readonly [number, string][] = [
  [800_000, "A"], [900_000, "AA"], [940_000, "AAA"], [970_000, "S"], [980_000, "S+"], [990_000, "SS"],
  [995_000, "SS+"], [1_000_000, "SSS"], [1_005_000, "SSS+"],
];

// The table's columns, by their place in t.history.chartColumns.
const column = { day: 0, achievement: 1, rank: 2, dxScore: 3, lamps: 4, plays: 5 } as const;
const allColumns = ["day", "achievement", "rank", "dxScore", "lamps", "plays"] as const;
const compactColumns = ["day", "achievement", "dxScore", "lamps"] as const;
const compactBelow = 480;

/**
 * One chart's achievement over time (GetChartHistory) in a modal dialog: a step line over the rank thresholds and
 * a table of every version. The dialog element gives focus trapping and Escape; closing returns focus to the row.
 */
export function ChartHistory({ region, chart, onClose }: { region: Region; chart: ChartRef; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [history, setHistory] = useState<GetChartHistoryResponse | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    dialog.current?.showModal();
    const abort = new AbortController();
    insights.getChartHistory({ region, chartId: chart.chartId }, { signal: abort.signal }).then(
      setHistory,
      (e: unknown) => !abort.signal.aborted && setError(messageOf(e)),
    );
    return () => abort.abort();
  }, [region, chart.chartId]);

  const name = history
    ? `${history.title} ${t.chartType[history.chartType]} ${t.difficulty[history.difficulty]} ${formatLevel(history.levelX10)}`
    : chart.title;
  return (
    <dialog ref={dialog} class="history" aria-labelledby="history-title" onClose={onClose}>
      <div class="history-head">
        <h2 id="history-title">{t.history.chartTitle(name)}</h2>
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>{t.history.close}</button>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {!error && !history && <p aria-busy="true">{t.loading}</p>}
      {history && <Versions history={history} />}
    </dialog>
  );
}

function Versions({ history }: { history: GetChartHistoryResponse }) {
  const [box, width] = useWidth();
  // Six columns do not fit a phone's width: there the rank goes under the achievement, the play count under the day
  // and the largest DX score under the DX score, so the table fits and nothing is cut off.
  const compact = width > 0 && width < compactBelow;
  const columns = compact ? compactColumns : allColumns;

  const versions = history.versions;
  const first = versions[0];
  const last = versions[versions.length - 1];
  return (
    <>
      <p class="summary">
        {versions.length === 1
          ? t.history.chartOne(formatAchievement(last.achievementX10000), formatDay(last.takenAt))
          : t.history.chartSummary(versions.length, formatAchievement(first.achievementX10000), formatDay(first.takenAt),
            formatAchievement(last.achievementX10000), formatDay(last.takenAt))}
      </p>
      <div ref={box} class="chart">{width > 0 && <Line history={history} width={width} />}</div>
      <div class="scroll" role="region" aria-label={t.history.chartTable} tabIndex={0}>
        <table class={compact ? "versions compact" : "versions"}>
          <thead>
            <tr>{columns.map((c) => <th key={c} scope="col" class={c === "day" || c === "rank" ? undefined : "num"}>{t.history.chartColumns[column[c]]}</th>)}</tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => {
              const achievement = <span data-value="achievement">{formatAchievement(v.achievementX10000)}</span>;
              const plays = <span data-value="plays">{v.playCount ?? t.none}</span>;
              const max = history.dxScoreMax > 0 ? ` / ${formatCount(history.dxScoreMax)}` : "";
              return compact ? (
                <tr key={v.snapshotId}>
                  <td>{formatDay(v.takenAt)}<small>{t.history.chartColumns[column.plays]}: {plays}</small></td>
                  <td class="num">{achievement}<small>{t.scoreRank(v.rank)}</small></td>
                  <td class="num">{formatCount(v.dxScore)}{max && <small>{max}</small>}</td>
                  <td class="num">{lamps(v.comboLamp, v.syncLamp)}</td>
                </tr>
              ) : (
                <tr key={v.snapshotId}>
                  <td>{formatDay(v.takenAt)}</td>
                  <td class="num">{achievement}</td>
                  <td>{t.scoreRank(v.rank)}</td>
                  <td class="num">{formatCount(v.dxScore)}{max}</td>
                  <td class="num">{lamps(v.comboLamp, v.syncLamp)}</td>
                  <td class="num">{plays}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

const lamps = (combo: ComboLamp, sync: SyncLamp) =>
  [combo > ComboLamp.NONE ? t.comboLamp[combo] : "", sync > SyncLamp.NONE ? t.syncLamp[sync] : ""].filter(Boolean).join(" ") || t.none;

function Line({ history, width }: { history: GetChartHistoryResponse; width: number }) {
  const versions = history.versions;
  const times = versions.map((v) => (v.takenAt ? timestampDate(v.takenAt).getTime() : 0));
  const values = versions.map((v) => v.achievementX10000);
  // From a little under the lowest score to the threshold above the best (SSS+ at most).
  const low = Math.min(...values);
  const high = Math.max(...values);
  const yMin = Math.max(0, low - Math.max(5_000, (high - low) / 4));
  const yMax = Math.min(1_010_000, (thresholds.find(([v]) => v > high)?.[0] ?? 1_010_000) + 2_000);
  const first = times[0];
  const end = Math.max(times[times.length - 1], Date.now());
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const x = (time: number) => pad.left + (end > first ? ((time - first) / (end - first)) * plotWidth : plotWidth / 2);
  const y = (value: number) => pad.top + (1 - (value - yMin) / (yMax - yMin)) * plotHeight;
  // A score holds until the next version: a step line, drawn on to today.
  const path = values.map((v, i) => `${i ? `H${x(times[i]).toFixed(1)}V` : `M${x(times[i]).toFixed(1)},`}${y(v).toFixed(1)}`).join("")
    + `H${x(end).toFixed(1)}`;
  const visible = thresholds.filter(([v]) => v >= yMin && v <= yMax);
  // Every threshold gets its line. Labels go from the top down, each only where it clears the one above it (S to SSS+
  // crowd the top when the scores span a wide range), except SSS+ and SSS, which always keep theirs: the second goes
  // beside the first when they crowd.
  const labelEnd = new Map<string, number>();
  let lowest = -Infinity;
  for (const [v, rank] of [...visible].reverse()) {
    if (y(v) - lowest >= 12) {
      labelEnd.set(rank, pad.left - 6);
      lowest = y(v);
    } else if (rank === "SSS" || rank === "SSS+") {
      labelEnd.set(rank, pad.left - 42);
      lowest = y(v);
    }
  }

  return (
    <svg role="img" aria-label={t.history.chartTable} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {visible.map(([v, rank]) => (
        <g key={rank} class="tick" data-rank={rank}>
          <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
          {labelEnd.has(rank) && <text x={labelEnd.get(rank)} y={y(v)} text-anchor="end" dominant-baseline="middle">{rank}</text>}
        </g>
      ))}
      <text class="axis" x={pad.left} y={height - 8} text-anchor="start">{formatDay(versions[0].takenAt)}</text>
      <path class="line" d={path} />
      {versions.map((v, i) => (
        <circle key={v.snapshotId} class="point" cx={x(times[i])} cy={y(v.achievementX10000)} r="4">
          <title>{`${formatDay(v.takenAt)}: ${formatAchievement(v.achievementX10000)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

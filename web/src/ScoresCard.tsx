import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { messageOf, snapshots } from "./api";
import { formatCount, formatDay } from "./format";
import { dxStars, formatAchievement, formatInternalLevel, formatLevel } from "./game";
import { ChartHistory, type ChartRef } from "./ChartHistory";
import { ChartType, ComboLamp, Difficulty, type Region, ScoreRank, SyncLamp } from "./gen/maimai/v1/common_pb";
import type { ChartScore } from "./gen/maimai/v1/snapshot_pb";
import {
  filterRows, firstDirectionDescending, noFilter, sortRows, toRows,
  type ScoreFilter, type ScoreRow, type ScoreSort, type SortKey,
} from "./scores";
import { t } from "./strings";

type Loaded = { kind: "loading"; count: number } | { kind: "failed"; message: string } | { kind: "loaded"; rows: ScoreRow[] };

// The server's largest page (common.proto): a full account is about eleven calls.
const pageSize = 500;

// A phone draws a hundred rows without a stutter; the rest are a page away.
const rowsPerPage = 100;

const values = <E extends number>(names: Record<E, string>) =>
  (Object.keys(names).map(Number) as E[]).filter((v) => v !== 0);

// Read at each render: the strings table changes with the language.
const columns = () => Object.entries(t.columns) as [SortKey, string][];

/** Every chart score of one snapshot, filtered and sorted in the browser. */
export function ScoresCard({ snapshotId, region }: { snapshotId: string; region: Region }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading", count: 0 });
  const [filter, setFilter] = useState<ScoreFilter>(noFilter);
  const [sort, setSort] = useState<ScoreSort>({ key: null, descending: false });
  const [page, setPage] = useState(0);
  const counter = useRef<HTMLParagraphElement>(null);
  // The chart whose history is open (a row's title button opens it).
  const [history, setHistory] = useState<ChartRef | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const all: ChartScore[] = [];
      let pageToken = "";
      do {
        const got = await snapshots.listScores({ snapshotId, pageSize, pageToken }, { signal: abort.signal });
        all.push(...got.scores);
        pageToken = got.nextPageToken;
        if (pageToken) {
          setLoaded({ kind: "loading", count: all.length });
        }
      } while (pageToken);
      return all;
    })().then(
      (all) => setLoaded({ kind: "loaded", rows: toRows(all) }),
      (e: unknown) => !abort.signal.aborted && setLoaded({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [snapshotId]);

  const rows = loaded.kind === "loaded" ? loaded.rows : [];
  const levels = useMemo(() => [...new Set(rows.map((r) => r.score.levelX10))].sort((a, b) => a - b), [rows]);
  const matching = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const sorted = useMemo(() => sortRows(matching, sort), [matching, sort]);

  const pages = Math.max(1, Math.ceil(sorted.length / rowsPerPage));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * rowsPerPage, (current + 1) * rowsPerPage);

  const change = (next: Partial<ScoreFilter>) => {
    setFilter({ ...filter, ...next });
    setPage(0);
  };
  // The pager sits below a hundred rows: the next page starts at its top, not where the button was.
  const turn = (to: number) => {
    setPage(to);
    counter.current?.scrollIntoView({ block: "start" });
  };
  const sortBy = (key: SortKey) => {
    setSort(sort.key === key ? { key, descending: !sort.descending } : { key, descending: firstDirectionDescending(key) });
    setPage(0);
  };

  return (
    <section class="card wide" aria-labelledby="scores-title">
      <h2 id="scores-title">{t.scoresTitle}</h2>
      {loaded.kind === "loading" && <p aria-busy="true">{loaded.count ? t.scoresLoading(loaded.count) : t.loading}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && rows.length === 0 && <p>{t.scoresNone}</p>}
      {rows.length > 0 && (
        <>
          <Filters filter={filter} levels={levels} change={change} clear={() => change(noFilter)} />
          <p role="status" class="muted" ref={counter}>
            {sorted.length === 0
              ? t.scoresNoMatch
              : t.scoresCount(current * rowsPerPage + 1, current * rowsPerPage + visible.length, sorted.length, rows.length)}
          </p>
          {visible.length > 0 && (
            <div class="scroll" role="region" aria-label={t.scoresTable} tabIndex={0}>
              <table class="scores">
                <thead>
                  <tr>
                    {columns().map(([key, label]) => (
                      <th key={key} scope="col"
                        aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : undefined}>
                        <button type="button" class="plain" onClick={() => sortBy(key)}>
                          {label}
                          {/* aria-sort tells a screen reader; the arrow is for the eye. */}
                          {sort.key === key && <span aria-hidden="true">{sort.descending ? " ▼" : " ▲"}</span>}
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {visible.map((r) => <ScoreLine key={`${r.score.chartId}|${r.order}`} score={r.score} open={setHistory} />)}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav class="pager" aria-label={t.scoresPages}>
              <button type="button" disabled={current === 0} onClick={() => turn(current - 1)}>{t.scoresPrevious}</button>
              <span>{t.scoresPageOf(current + 1, pages)}</span>
              <button type="button" disabled={current >= pages - 1} onClick={() => turn(current + 1)}>{t.scoresNext}</button>
            </nav>
          )}
        </>
      )}
      {history && <ChartHistory region={region} chart={history} onClose={() => setHistory(null)} />}
    </section>
  );
}

function ScoreLine({ score: s, open }: { score: ChartScore; open: (chart: ChartRef) => void }) {
  const stars = dxStars(s.dxScore, s.dxScoreMax);
  return (
    <tr>
      <th scope="row" class="song">
        <button type="button" class="plain link" aria-haspopup="dialog" title={t.history.open}
          onClick={() => open({ chartId: s.chartId, title: s.title })}>{s.title}</button>
        {s.artist && <small>{s.artist}</small>}
      </th>
      <td>{t.chartType[s.chartType]}</td>
      <td class={`difficulty diff-${s.difficulty}`}>{t.difficulty[s.difficulty]}</td>
      <td class="num">
        {formatLevel(s.levelX10)}
        {s.internalLevelX10 !== undefined && <small>{formatInternalLevel(s.internalLevelX10)}</small>}
      </td>
      <td class="num">{formatAchievement(s.achievementX10000)}</td>
      <td>{t.scoreRank(s.rank)}</td>
      <td class="num">
        {formatCount(s.dxScore)} / {formatCount(s.dxScoreMax)}
        {stars > 0 && <small class="stars">{"★".repeat(stars)}</small>}
      </td>
      <td>{lamps(s.comboLamp, s.syncLamp)}</td>
      {/* Unset until the fetch's detail phase reads the chart's page: pending, never zero. */}
      <td class="num">{s.playCount ?? t.pending}</td>
      <td>{formatDay(s.lastPlayedAt) || (s.playCount === undefined ? t.pending : t.none)}</td>
    </tr>
  );
}

const lamps = (combo: ComboLamp, sync: SyncLamp) =>
  [combo > ComboLamp.NONE ? t.comboLamp[combo] : "", sync > SyncLamp.NONE ? t.syncLamp[sync] : ""].filter(Boolean).join(" ") || t.none;

function Filters({ filter: f, levels, change, clear }: {
  filter: ScoreFilter;
  levels: number[];
  change: (next: Partial<ScoreFilter>) => void;
  clear: () => void;
}) {
  const ranks = (Object.values(ScoreRank).filter((v) => typeof v === "number") as ScoreRank[]).filter((v) => v !== 0);
  return (
    <form class="filters" role="search" aria-label={t.scoresFilters} onSubmit={(e) => e.preventDefault()}>
      <label class="search">
        {t.scoresSearch}
        <input type="search" value={f.text} onInput={(e) => change({ text: e.currentTarget.value })} />
      </label>
      <Choice label={t.scoresDifficulty} value={f.difficulty} set={(v) => change({ difficulty: v })}
        options={values<Difficulty>(t.difficulty).map((v) => [v, t.difficulty[v]])} />
      <Choice label={t.scoresChartType} value={f.chartType} set={(v) => change({ chartType: v })}
        options={values<ChartType>(t.chartType).map((v) => [v, t.chartType[v]])} />
      <Choice label={t.scoresLevelMin} value={f.levelMin} set={(v) => change({ levelMin: v })}
        options={levels.map((v) => [v, formatLevel(v)])} />
      <Choice label={t.scoresLevelMax} value={f.levelMax} set={(v) => change({ levelMax: v })}
        options={levels.map((v) => [v, formatLevel(v)])} />
      <Choice label={t.scoresCombo} value={f.comboLamp} set={(v) => change({ comboLamp: v })}
        options={values<ComboLamp>(t.comboLamp).map((v) => [v, t.comboLamp[v]])} />
      <Choice label={t.scoresSync} value={f.syncLamp} set={(v) => change({ syncLamp: v })}
        options={values<SyncLamp>(t.syncLamp).map((v) => [v, t.syncLamp[v]])} />
      <Choice label={t.scoresRank} value={f.rankAtLeast} set={(v) => change({ rankAtLeast: v })}
        options={ranks.map((v) => [v, t.scoreRank(v)])} />
      <button type="button" class="secondary" onClick={clear}>{t.scoresClear}</button>
    </form>
  );
}

/** A labelled select over numbers, where 0 is "any". */
function Choice({ label, value, set, options }: {
  label: string;
  value: number;
  set: (value: number) => void;
  options: [number, string][];
}) {
  return (
    <label>
      {label}
      <select value={String(value)} onChange={(e) => set(Number(e.currentTarget.value))}>
        <option value="0">{t.scoresAny}</option>
        {options.map(([v, text]) => <option key={v} value={String(v)}>{text}</option>)}
      </select>
    </label>
  );
}

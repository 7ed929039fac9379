import { timestampMs } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "preact/hooks";
import { insights, isNotFound, messageOf, snapshots } from "./api";
import { formatCount, formatTime } from "./format";
import { formatAchievement } from "./game";
import { ComboLamp, type Region, SyncLamp } from "./gen/maimai/v1/common_pb";
import type { GetSnapshotDiffResponse, RatedChart, ScoreChange } from "./gen/maimai/v1/insights_pb";
import type { SnapshotSummary } from "./gen/maimai/v1/snapshot_pb";
import { chartName, formatChange } from "./RatingCard";
import { t } from "./strings";

type Loaded =
  | { kind: "loading" }
  | { kind: "noEarlier" }
  | { kind: "failed"; message: string }
  | { kind: "loaded"; diff: GetSnapshotDiffResponse };

// One page of the list is enough to pick from: the server's largest (common.proto).
const pageSize = 500;

/**
 * What changed up to the shown snapshot (GetSnapshotDiff): against the one just before by default, or any earlier
 * snapshot of the region picked from the list. The summary first, then the best 50's comings and goings, then
 * every chart with a new score.
 */
export function DiffCard({ region, snapshotId }: { region: Region; snapshotId: string }) {
  const [earlier, setEarlier] = useState<SnapshotSummary[]>([]);
  const [against, setAgainst] = useState("");
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    snapshots.listSnapshots({ region, pageSize }, { signal: abort.signal }).then(
      (page) => {
        const shown = page.snapshots.find((s) => s.id === snapshotId);
        const at = shown?.takenAt ? timestampMs(shown.takenAt) : Infinity;
        setEarlier(page.snapshots.filter((s) => s.id !== snapshotId && s.takenAt && timestampMs(s.takenAt) < at));
      },
      // The picker is a convenience: without it the default comparison still shows.
      () => undefined,
    );
    return () => abort.abort();
  }, [region, snapshotId]);

  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ kind: "loading" });
    insights.getSnapshotDiff({ snapshotId, previousSnapshotId: against }, { signal: abort.signal }).then(
      (diff) => setLoaded({ kind: "loaded", diff }),
      (e: unknown) => {
        if (!abort.signal.aborted) {
          setLoaded(isNotFound(e) && !against ? { kind: "noEarlier" } : { kind: "failed", message: messageOf(e) });
        }
      },
    );
    return () => abort.abort();
  }, [snapshotId, against]);

  const pickId = `diff-pick-${region}`;
  return (
    <section class="card wide" aria-labelledby="diff-title">
      <h2 id="diff-title">{t.diffTitle}</h2>
      {earlier.length > 1 && (
        <>
          <label for={pickId}>{t.diffAgainst}</label>
          <select id={pickId} value={against} onChange={(e) => setAgainst(e.currentTarget.value)}>
            <option value="">{t.diffPrevious}</option>
            {earlier.map((s) => <option key={s.id} value={s.id}>{formatTime(s.takenAt)}</option>)}
          </select>
        </>
      )}
      {loaded.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {loaded.kind === "noEarlier" && <p>{t.diffNoEarlier}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && <Diff d={loaded.diff} />}
    </section>
  );
}

function Diff({ d }: { d: GetSnapshotDiffResponse }) {
  const count = (pick: (c: ScoreChange) => boolean) => formatCount(d.changes.filter(pick).length);
  return (
    <>
      <dl class="totals">
        <dt>{t.diffRating}</dt>
        <dd data-diff="rating">{t.diffRatingChange(formatCount(d.previousRating), formatCount(d.rating), formatChange(d.ratingChange))}</dd>
        <dt>{t.diffNewBests}</dt>
        <dd data-diff="bests">{count((c) => c.newBest)}</dd>
        <dt>{t.diffLamps}</dt>
        <dd data-diff="lamps">{count((c) => c.lampGained)}</dd>
        <dt>{t.diffRanks}</dt>
        <dd data-diff="ranks">{count((c) => c.rankChanged)}</dd>
        <dt>{t.diffPlayCounts}</dt>
        <dd data-diff="playCounts">{formatChange(d.playCountGained)}</dd>
        <dt>{t.diffNewPlays}</dt>
        <dd data-diff="plays">{formatCount(d.newPlays)}</dd>
      </dl>
      {d.changes.length === 0 && <p>{t.diffNothing}</p>}
      {d.enteredBest.length > 0 && <Moved heading={t.diffEntered} charts={d.enteredBest} sign={1} />}
      {d.leftBest.length > 0 && <Moved heading={t.diffLeft} charts={d.leftBest} sign={-1} />}
      {d.changes.length > 0 && (
        <div class="scroll" role="region" aria-label={t.diffChanges} tabIndex={0}>
          <table class="changes">
            <caption>{t.diffChanges} ({formatCount(d.changes.length)})</caption>
            <thead><tr>{t.diffColumns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>{d.changes.map((c) => <Change key={c.chartId} c={c} />)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Moved({ heading, charts, sign }: { heading: string; charts: RatedChart[]; sign: number }) {
  return (
    <>
      <h3>{heading} ({formatCount(charts.length)})</h3>
      <ul class="moved">
        {charts.map((c) => <li key={c.chartId}>{chartName(c)} <strong>{formatChange(sign * c.contribution)}</strong></li>)}
      </ul>
    </>
  );
}

const lamps = (combo: ComboLamp, sync: SyncLamp) =>
  [combo > ComboLamp.NONE ? t.comboLamp[combo] : "", sync > SyncLamp.NONE ? t.syncLamp[sync] : ""].filter(Boolean).join(" ") || t.none;

function Change({ c }: { c: ScoreChange }) {
  const first = c.previousAchievementX10000 === undefined;
  return (
    <tr>
      <th scope="row" class="song">
        {c.title}
        {c.newBest && <span class="badge">{t.diffBadgeBest}</span>}
        {c.lampGained && <span class="badge">{t.diffBadgeLamp}</span>}
        {c.rankChanged && <span class="badge">{t.diffBadgeRank}</span>}
      </th>
      <td class={`difficulty diff-${c.difficulty}`}>{t.chartType[c.chartType]} {t.difficulty[c.difficulty]}</td>
      <td class="num">
        {formatAchievement(c.achievementX10000)}
        <small>{first ? t.diffFirstPlay : formatAchievement(c.previousAchievementX10000 ?? 0)}</small>
      </td>
      <td>{first ? t.scoreRank(c.rank) : `${t.scoreRank(c.previousRank)} → ${t.scoreRank(c.rank)}`}</td>
      <td>
        {lamps(c.comboLamp, c.syncLamp)}
        {!first && c.lampGained && <small>{lamps(c.previousComboLamp, c.previousSyncLamp)}</small>}
      </td>
      <td class="num">{c.playCountGained === undefined ? t.none : formatChange(c.playCountGained)}</td>
    </tr>
  );
}

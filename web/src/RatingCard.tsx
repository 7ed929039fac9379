import { useEffect, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount } from "./format";
import { formatAchievement, formatInternalLevel, formatLevel } from "./game";
import type { GetRatingResponse, RatedChart } from "./gen/maimai/v1/insights_pb";
import { t } from "./strings";

type Loaded = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "loaded"; rating: GetRatingResponse };

/** A chart as the tables and lists name it: "title (DX MASTER 13+)". */
export const chartName = (c: { title: string; chartType: number; difficulty: number; levelX10: number }) =>
  `${c.title} (${t.chartType[c.chartType as keyof typeof t.chartType]} ${t.difficulty[c.difficulty as keyof typeof t.difficulty]} ${formatLevel(c.levelX10)})`;

/** A signed count: +12, −3, ±0. */
export const formatChange = (n: number) => (n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : "±0");

/**
 * The snapshot's rating as we compute it (GetRating): the best 15 new and 35 old charts with what each adds and
 * what its next rank would add, the total beside DX NET's, and when they differ the charts without an internal level
 * and those DX NET shows at another level (they may have changed level).
 */
export function RatingCard({ snapshotId }: { snapshotId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    insights.getRating({ selector: { case: "snapshotId", value: snapshotId } }, { signal: abort.signal }).then(
      (rating) => setLoaded({ kind: "loaded", rating }),
      (e: unknown) => !abort.signal.aborted && setLoaded({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [snapshotId]);

  return (
    <section class="card wide" aria-labelledby="rating-title">
      <h2 id="rating-title">{t.insightsRatingTitle}</h2>
      {loaded.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && <Rating r={loaded.rating} />}
    </section>
  );
}

function Rating({ r }: { r: GetRatingResponse }) {
  const gap = r.siteRating === undefined ? 0 : r.rating - r.siteRating;
  return (
    <>
      <dl class="totals">
        <dt>{t.insightsComputed}</dt>
        <dd data-total="computed">
          <strong>{formatCount(r.rating)}</strong>{" "}
          <small class="inline">{t.insightsParts(formatCount(r.newTotal), formatCount(r.oldTotal))}</small>
        </dd>
        <dt>{t.insightsSite}</dt>
        <dd data-total="site">{r.siteRating === undefined ? t.insightsSiteUnknown : <strong>{formatCount(r.siteRating)}</strong>}</dd>
      </dl>
      {r.siteRating !== undefined && <p role="status">{gap === 0 ? t.insightsSame : t.insightsDiffer(formatChange(gap))}</p>}
      {gap !== 0 && r.unknownLevels.length > 0 && (
        <details class="unknown">
          <summary>{t.insightsUnknownLead}</summary>
          <ul>{r.unknownLevels.map((c) => <li key={c.chartId}>{chartName(c)}</li>)}</ul>
        </details>
      )}
      {gap !== 0 && r.changedLevels.length > 0 && (
        <details class="changed">
          <summary>{t.insightsChangedLead}</summary>
          <ul>{r.changedLevels.map((c) => <li key={c.chartId}>{c.siteLevelX10 === undefined ? chartName(c) : t.insightsChangedItem(chartName(c), formatLevel(c.siteLevelX10))}</li>)}</ul>
        </details>
      )}
      {r.currentVersion && <p class="muted">{t.insightsVersion(r.currentVersion)}</p>}
      {r.newBest.length + r.oldBest.length === 0 && <p>{t.insightsNone}</p>}
      {r.newBest.length + r.oldBest.length > 0 && (
        <p class="actions">
          {/* A server-rendered PNG of this snapshot's best 50 (/api/b50.png, the session cookie): opened in a new tab to share. */}
          <a class="button" href={`/api/b50.png?snapshot=${encodeURIComponent(r.snapshotId)}`} target="_blank" rel="noopener" download>{t.insightsShareImage}</a>
        </p>
      )}
      {r.newBest.length > 0 && <Best caption={t.insightsNewBest(r.newBest.length)} charts={r.newBest} />}
      {r.oldBest.length > 0 && <Best caption={t.insightsOldBest(r.oldBest.length)} charts={r.oldBest} />}
    </>
  );
}

function Best({ caption, charts }: { caption: string; charts: RatedChart[] }) {
  return (
    <div class="scroll" role="region" aria-label={t.insightsTableLabel(caption)} tabIndex={0}>
      <table class="best">
        <caption>{caption}</caption>
        <thead>
          <tr>{t.insightsColumns.map((c, i) => <th key={c} scope="col" class={i === 0 || i >= 3 && i !== 5 ? "num" : undefined}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {charts.map((c, i) => (
            <tr key={c.chartId}>
              <td class="num">{i + 1}</td>
              <th scope="row" class="song">{c.title}</th>
              <td class={`difficulty diff-${c.difficulty}`}>
                {t.chartType[c.chartType]} {t.difficulty[c.difficulty]}
                <small>{formatLevel(c.levelX10)}</small>
              </td>
              <td class="num">
                {formatInternalLevel(c.ratingLevelX10)}
                {c.internalLevelX10 === undefined && <small title={t.insightsLevelGuess}>{t.insightsLevelGuess}</small>}
              </td>
              <td class="num">{formatAchievement(c.achievementX10000)}</td>
              <td>{t.scoreRank(c.rank)}</td>
              <td class="num" data-contribution>{formatCount(c.contribution)}</td>
              <td class="num">
                {c.nextRank !== undefined && c.nextRankGain !== undefined
                  ? t.insightsNextGain(t.scoreRank(c.nextRank), formatCount(c.nextRankGain))
                  : t.insightsTop}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

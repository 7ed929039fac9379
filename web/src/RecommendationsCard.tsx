import { useEffect, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount } from "./format";
import { formatAchievement, formatInternalLevel } from "./game";
import type { GetRecommendationsResponse, Recommendation } from "./gen/maimai/v1/insights_pb";
import { t } from "./strings";

type Loaded = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "loaded"; found: GetRecommendationsResponse };

/** The charts where one rank, or two, raises the rating most (GetRecommendations), with what each adds. */
export function RecommendationsCard({ snapshotId }: { snapshotId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    insights.getRecommendations({ snapshotId, limit: 20 }, { signal: abort.signal }).then(
      (found) => setLoaded({ kind: "loaded", found }),
      (e: unknown) => !abort.signal.aborted && setLoaded({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [snapshotId]);

  return (
    <section class="card wide" aria-labelledby="recommend-title">
      <h2 id="recommend-title">{t.recommendTitle}</h2>
      {loaded.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && loaded.found.recommendations.length === 0 && <p>{t.recommendNone}</p>}
      {loaded.kind === "loaded" && loaded.found.recommendations.length > 0 && (
        <>
          <p class="muted">{t.recommendLead}</p>
          <div class="scroll" role="region" aria-label={t.recommendTitle} tabIndex={0}>
            <table class="recommend">
              <thead><tr>{t.recommendColumns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
              <tbody>{loaded.found.recommendations.map((r) => <Line key={r.chart?.chartId} r={r} />)}</tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Line({ r }: { r: Recommendation }) {
  const c = r.chart;
  if (!c) {
    return null;
  }

  return (
    <tr>
      <th scope="row" class="song">{c.title}</th>
      <td class={`difficulty diff-${c.difficulty}`}>
        {t.chartType[c.chartType]} {t.difficulty[c.difficulty]}
        <small>{formatInternalLevel(c.ratingLevelX10)}</small>
      </td>
      <td class="num">{formatAchievement(c.achievementX10000)}<small>{t.scoreRank(c.rank)}</small></td>
      <td class="num" data-gain="next">
        +{formatCount(r.nextRankGain)}
        <small>{t.scoreRank(r.nextRank)} {formatAchievement(r.nextRankAchievementX10000)}</small>
      </td>
      <td class="num" data-gain="second">
        {r.secondRankGain === undefined || r.secondRank === undefined ? t.none : `+${formatCount(r.secondRankGain)}`}
        {r.secondRank !== undefined && r.secondRankAchievementX10000 !== undefined && (
          <small>{t.scoreRank(r.secondRank)} {formatAchievement(r.secondRankAchievementX10000)}</small>
        )}
      </td>
    </tr>
  );
}

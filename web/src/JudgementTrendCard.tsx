import { useEffect, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount, formatTime } from "./format";
import type { Region } from "./gen/maimai/v1/common_pb";
import { type GetJudgementTrendResponse, JudgementGrouping, type JudgementPoint } from "./gen/maimai/v1/insights_pb";
import { displayLocale, t } from "./strings";
import { useWidth } from "./useWidth";

const height = 140;
const pad = { left: 40, right: 8, top: 10, bottom: 22 };
const playsPerPoint = 10;

const share = (perMille: number) => `${(perMille / 10).toFixed(1)}%`;

const label = (p: JudgementPoint) =>
  p.date ? new Date(`${p.date}T00:00:00`).toLocaleDateString(displayLocale(), { month: "short", day: "numeric" }) : formatTime(p.toTime);

/**
 * FAST against LATE over the newest stored plays (GetJudgementTrend): the FAST share per day or per ten plays as a
 * line around the even 50%, a sentence saying which way the player leans, and a table of the counts.
 */
export function JudgementTrendCard({ region, reload }: { region: Region; reload: number }) {
  const [grouping, setGrouping] = useState(JudgementGrouping.DAY);
  const [trend, setTrend] = useState<GetJudgementTrendResponse | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    const abort = new AbortController();
    setTrend(null);
    setError("");
    insights.getJudgementTrend({ region, grouping, playsPerPoint, utcOffsetMinutes: -new Date().getTimezoneOffset() }, { signal: abort.signal })
      .then(setTrend, (e: unknown) => !abort.signal.aborted && setError(messageOf(e)));
    return () => abort.abort();
  }, [region, reload, grouping]);

  const total = trend?.total;
  return (
    <section class="card trend" aria-labelledby="trend-title">
      <h2 id="trend-title">{t.history.trendTitle}</h2>
      <label>
        {t.history.trendGrouping}
        <select value={String(grouping)} onChange={(e) => setGrouping(Number(e.currentTarget.value) as JudgementGrouping)}>
          <option value={String(JudgementGrouping.DAY)}>{t.history.trendByDay}</option>
          <option value={String(JudgementGrouping.PLAYS)}>{t.history.trendByPlays(playsPerPoint)}</option>
        </select>
      </label>
      {error && <p role="alert" class="error">{error}</p>}
      {!error && !trend && <p aria-busy="true">{t.loading}</p>}
      {trend && !total && <p>{t.history.trendNone}</p>}
      {trend && total && (
        <>
          <p class="summary" role="status">
            {t.history.trendSummary(formatCount(total.plays), formatCount(total.fast), formatCount(total.late), share(total.fastSharePerMille))}
            {" "}{total.fastSharePerMille > 550 ? t.history.trendEarly : total.fastSharePerMille < 450 ? t.history.trendLate : t.history.trendEven}
          </p>
          {trend.points.length > 1 && <Line points={trend.points} />}
          {trend.playsWithoutCounts > 0 && <p class="muted">{t.history.trendSkipped(trend.playsWithoutCounts)}</p>}
          <details>
            <summary>{t.history.trendTable}</summary>
            <table>
              <thead><tr>{t.history.trendColumns.map((c, i) => <th key={c} class={i > 0 ? "num" : undefined}>{c}</th>)}</tr></thead>
              <tbody>
                {trend.points.map((p) => (
                  <tr key={`${p.date}|${p.fromTime?.seconds}`}>
                    <td>{label(p)}</td><td class="num">{formatCount(p.plays)}</td><td class="num">{formatCount(p.fast)}</td>
                    <td class="num">{formatCount(p.late)}</td><td class="num">{share(p.fastSharePerMille)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function Line({ points }: { points: JudgementPoint[] }) {
  const [box, width] = useWidth();

  const plotWidth = Math.max(0, width - pad.left - pad.right);
  const plotHeight = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length > 1 ? (i / (points.length - 1)) * plotWidth : plotWidth / 2);
  const y = (perMille: number) => pad.top + (1 - perMille / 1000) * plotHeight;
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.fastSharePerMille).toFixed(1)}`).join("");
  return (
    <div ref={box} class="chart">
      {width > 0 && (
        <svg role="img" aria-label={t.history.trendTitle} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
          {[0, 500, 1000].map((v) => (
            <g key={v} class="tick">
              <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
              <text x={pad.left - 4} y={y(v)} text-anchor="end" dominant-baseline="middle">{v === 1000 ? t.history.fast : v === 0 ? t.history.late : "50%"}</text>
            </g>
          ))}
          <path class="line" d={path} />
          {points.map((p, i) => (
            <circle key={i} class="point" cx={x(i)} cy={y(p.fastSharePerMille)} r="3.5">
              <title>{`${label(p)}: ${share(p.fastSharePerMille)} (${t.history.fast} ${p.fast} / ${t.history.late} ${p.late})`}</title>
            </circle>
          ))}
          <text class="axis" x={pad.left} y={height - 6} text-anchor="start">{label(points[0])}</text>
          <text class="axis" x={width - pad.right} y={height - 6} text-anchor="end">{label(points[points.length - 1])}</text>
        </svg>
      )}
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount } from "./format";
import type { Region } from "./gen/maimai/v1/common_pb";
import { type GetPlayActivityResponse, PlayCountSource } from "./gen/maimai/v1/insights_pb";
import { displayLocale, t } from "./strings";
import { useWidth } from "./useWidth";

const height = 120;
const pad = { left: 28, right: 4, top: 8, bottom: 22 };
const ranges = [30, 90, 365] as const;

/** A day as the API writes it (YYYY-MM-DD), in the reader's own zone. */
const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The last `count` days up to today, oldest first. */
function lastDays(count: number) {
  const today = new Date();
  return Array.from({ length: count }, (_, i) => isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (count - 1 - i))));
}

const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00`).toLocaleDateString(displayLocale(), { month: "short", day: "numeric" });

/**
 * Plays per day (GetPlayActivity) as a bar per day: solid where the stored recent plays counted them, striped where
 * the snapshots' play counts did. Plays that fit no single day are told below; a table gives every figure.
 */
export function PlayActivityCard({ region, reload }: { region: Region; reload: number }) {
  const [range, setRange] = useState<number>(90);
  const [activity, setActivity] = useState<GetPlayActivityResponse | null>(null);
  const [error, setError] = useState("");
  const days = lastDays(range);

  useEffect(() => {
    const abort = new AbortController();
    setActivity(null);
    setError("");
    insights.getPlayActivity(
      { region, fromDate: days[0], toDate: days[days.length - 1], utcOffsetMinutes: -new Date().getTimezoneOffset() },
      { signal: abort.signal },
    ).then(setActivity, (e: unknown) => !abort.signal.aborted && setError(messageOf(e)));
    return () => abort.abort();
  }, [region, reload, range]);

  const played = activity?.days ?? [];
  const busiest = played.reduce<(typeof played)[number] | null>((best, d) => (!best || d.plays > best.plays ? d : best), null);
  return (
    <section class="card activity" aria-labelledby="activity-title">
      <h2 id="activity-title">{t.history.activityTitle}</h2>
      <label>
        {t.history.activityRange}
        <select value={String(range)} onChange={(e) => setRange(Number(e.currentTarget.value))}>
          {ranges.map((r) => <option key={r} value={String(r)}>{t.history.activityDays(r)}</option>)}
        </select>
      </label>
      {error && <p role="alert" class="error">{error}</p>}
      {!error && !activity && <p aria-busy="true">{t.loading}</p>}
      {activity && (
        <>
          <p class="summary" role="status">
            {activity.totalPlays === 0
              ? t.history.activityNone
              : t.history.activitySummary(formatCount(activity.totalPlays), played.length, busiest ? dayLabel(busiest.date) : "", busiest?.plays ?? 0)}
          </p>
          {activity.totalPlays > 0 && <Bars days={days} activity={activity} />}
          {activity.totalPlays > 0 && (
            <p class="legend muted">
              <span class="key recent" aria-hidden="true" /> {t.history.source[PlayCountSource.RECENT_PLAYS]}
              {" "}<span class="key counts" aria-hidden="true" /> {t.history.source[PlayCountSource.PLAY_COUNTS]}
            </p>
          )}
          {activity.spans.length > 0 && (
            <ul class="spans">
              {activity.spans.map((s) => <li key={`${s.fromDate}|${s.toDate}`}>{t.history.activitySpan(formatCount(s.plays), dayLabel(s.fromDate), dayLabel(s.toDate))}</li>)}
            </ul>
          )}
          {played.length > 0 && (
            <details>
              <summary>{t.history.activityTable}</summary>
              <table>
                <thead><tr>{t.history.activityColumns.map((c, i) => <th key={c} class={i === 1 ? "num" : undefined}>{c}</th>)}</tr></thead>
                <tbody>
                  {played.map((d) => (
                    <tr key={d.date}><td>{dayLabel(d.date)}</td><td class="num">{formatCount(d.plays)}</td><td>{t.history.source[d.source]}</td></tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function Bars({ days, activity }: { days: string[]; activity: GetPlayActivityResponse }) {
  const [box, width] = useWidth();

  const byDay = new Map(activity.days.map((d) => [d.date, d]));
  const most = Math.max(1, ...activity.days.map((d) => d.plays));
  const plotWidth = Math.max(0, width - pad.left - pad.right);
  const plotHeight = height - pad.top - pad.bottom;
  const step = plotWidth / days.length;
  const y = (plays: number) => pad.top + (1 - plays / most) * plotHeight;
  return (
    <div ref={box} class="chart">
      {width > 0 && (
        <svg role="img" aria-label={t.history.activityTitle} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
          <defs>
            <pattern id="counted" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="4" height="4" class="counted-bg" />
              <line x1="0" y1="0" x2="0" y2="4" class="counted-stripe" />
            </pattern>
          </defs>
          <g class="tick">
            <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} />
            <text x={pad.left - 4} y={y(most)} text-anchor="end" dominant-baseline="middle">{formatCount(most)}</text>
          </g>
          {days.map((day, i) => {
            const d = byDay.get(day);
            if (!d) {
              return null;
            }

            return (
              <rect key={day} class={d.source === PlayCountSource.RECENT_PLAYS ? "bar recent" : "bar counts"}
                x={pad.left + i * step + step * 0.1} width={Math.max(1, step * 0.8)} y={y(d.plays)} height={y(0) - y(d.plays)}>
                <title>{`${dayLabel(day)}: ${t.history.plays(d.plays)} (${t.history.source[d.source]})`}</title>
              </rect>
            );
          })}
          <text class="axis" x={pad.left} y={height - 6} text-anchor="start">{dayLabel(days[0])}</text>
          <text class="axis" x={width - pad.right} y={height - 6} text-anchor="end">{dayLabel(days[days.length - 1])}</text>
        </svg>
      )}
    </div>
  );
}

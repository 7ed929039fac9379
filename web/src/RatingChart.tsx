import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "preact/hooks";
import { messageOf, snapshots } from "./api";
import { formatCount, formatDay, formatTime } from "./format";
import { ratingBands } from "./game";
import type { Region } from "./gen/maimai/v1/common_pb";
import type { RatingPoint } from "./gen/maimai/v1/snapshot_pb";
import { t } from "./strings";
import { useWidth } from "./useWidth";

const height = 220;
const pad = { left: 48, right: 12, top: 12, bottom: 28 };

/** Round steps for the rating axis, so its labels read 12,000 / 12,500 rather than 12,137. */
function axisStep(span: number) {
  for (const step of [100, 250, 500, 1000, 2500]) {
    if (span / step <= 5) {
      return step;
    }
  }
  return 5000;
}

/**
 * The region's rating over time (GetRatingHistory, DX NET's rating per snapshot) as an SVG line over the rating's
 * colour bands, drawn at the card's own width so its labels stay readable on a phone.
 */
export function RatingChart({ region, reload }: { region: Region; reload: number }) {
  const [points, setPoints] = useState<RatingPoint[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    const abort = new AbortController();
    snapshots.getRatingHistory({ region }, { signal: abort.signal }).then(
      (r) => setPoints(r.points),
      (e: unknown) => !abort.signal.aborted && setError(messageOf(e)),
    );
    return () => abort.abort();
  }, [region, reload]);

  const [box, width] = useWidth(points !== null && points.length > 0);

  return (
    <section class="card">
      <h2>{t.chartTitle}</h2>
      {error && <p role="alert" class="error">{error}</p>}
      {!error && points === null && <p aria-busy="true">{t.loading}</p>}
      {points?.length === 0 && <p>{t.chartNone}</p>}
      {points && points.length > 0 && (
        <>
          <div ref={box} class="chart">{width > 0 && <Chart points={points} width={width} />}</div>
          <details>
            <summary>{t.chartTable}</summary>
            <table>
              <thead><tr><th>{t.profileTaken}</th><th class="num">{t.profileRating}</th></tr></thead>
              <tbody>
                {points.map((p) => <tr key={p.snapshotId}><td>{formatDay(p.takenAt)}</td><td class="num">{formatCount(p.siteRating)}</td></tr>)}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function Chart({ points, width }: { points: RatingPoint[]; width: number }) {
  // The point under the finger or pointer, read out above the plot (a <title> alone shows nothing on a phone).
  const [active, setActive] = useState<number | null>(null);
  const times = points.map((p) => (p.takenAt ? timestampDate(p.takenAt).getTime() : 0));
  const ratings = points.map((p) => p.siteRating);
  const low = Math.min(...ratings);
  const high = Math.max(...ratings);
  const step = axisStep(Math.max(high - low, 100));
  const yMin = Math.max(0, Math.floor((low - step / 2) / step) * step);
  const yMax = Math.ceil((high + step / 2) / step) * step;
  const first = times[0];
  const last = times[times.length - 1];
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  // One snapshot (or several at one moment) sits in the middle.
  const x = (time: number) => pad.left + (last > first ? ((time - first) / (last - first)) * plotWidth : plotWidth / 2);
  const y = (rating: number) => pad.top + (1 - (rating - yMin) / (yMax - yMin)) * plotHeight;

  const ticks: number[] = [];
  for (let v = yMin; v <= yMax; v += step) {
    ticks.push(v);
  }
  const bands = ratingBands
    .map((band, i) => ({ ...band, to: ratingBands[i + 1]?.from ?? Infinity }))
    .filter((band) => band.to > yMin && band.from < yMax);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(times[i]).toFixed(1)},${y(p.siteRating).toFixed(1)}`).join("");
  // The time axis is labelled at its two ends: by day, or by time when the whole history is one day.
  const oneDay = formatDay(points[0].takenAt) === formatDay(points[points.length - 1].takenAt);
  const edge = (p: RatingPoint) => (oneDay ? formatTime(p.takenAt) : formatDay(p.takenAt));
  const summary = t.chartSummary(points.length, formatCount(ratings[0]), formatDay(points[0].takenAt),
    formatCount(ratings[ratings.length - 1]), formatDay(points[points.length - 1].takenAt), formatCount(high));

  return (
    <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`}
      onPointerMove={(e) => {
        const at = e.clientX - e.currentTarget.getBoundingClientRect().left;
        setActive(times.reduce((best, time, i) => (Math.abs(x(time) - at) < Math.abs(x(times[best]) - at) ? i : best), 0));
      }}
      onPointerLeave={() => setActive(null)}>
      <title>{summary}</title>
      <defs>
        <linearGradient id="rainbow" x1="0" x2="1">
          {["#f88", "#fd6", "#8e8", "#8cf", "#c9f"].map((c, i) => <stop key={c} offset={i / 4} stop-color={c} />)}
        </linearGradient>
      </defs>
      {bands.map((band) => {
        const top = y(Math.min(band.to, yMax));
        return <rect key={band.from} x={pad.left} width={plotWidth} y={top} height={y(Math.max(band.from, yMin)) - top} fill={band.color} opacity="0.35" />;
      })}
      {ticks.map((v) => (
        <g key={v} class="tick">
          <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
          <text x={pad.left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">{formatCount(v)}</text>
        </g>
      ))}
      <text class="axis" x={pad.left} y={height - 8} text-anchor="start">{edge(points[0])}</text>
      {last > first && <text class="axis" x={width - pad.right} y={height - 8} text-anchor="end">{edge(points[points.length - 1])}</text>}
      <path class="line" d={line} />
      {points.map((p, i) => (
        <circle key={p.snapshotId} class="point" cx={x(times[i])} cy={y(p.siteRating)} r="4">
          <title>{t.chartPoint(formatDay(p.takenAt), formatCount(p.siteRating))}</title>
        </circle>
      ))}
      {active !== null && (
        <text class="readout" x={Math.min(Math.max(x(times[active]), pad.left + 4), width - pad.right - 4)} y={pad.top + 14}
          text-anchor={x(times[active]) < width / 2 ? "start" : "end"} aria-hidden="true">
          {t.chartPoint(formatDay(points[active].takenAt), formatCount(points[active].siteRating))}
        </text>
      )}
    </svg>
  );
}

import { useEffect, useState } from "preact/hooks";
import { messageOf, snapshots } from "./api";
import { formatCount, formatTime } from "./format";
import { formatAchievement, formatLevel } from "./game";
import { ComboLamp, SyncLamp } from "./gen/maimai/v1/common_pb";
import type { NoteJudgements, RecentPlay } from "./gen/maimai/v1/snapshot_pb";
import { t } from "./strings";

type Loaded = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "loaded"; plays: RecentPlay[] };

/** The snapshot's recent plays, newest first; each opens on its per-note judgements, fast/late, combo and venue. */
export function RecentPlays({ snapshotId }: { snapshotId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const all: RecentPlay[] = [];
      let pageToken = "";
      do {
        const got = await snapshots.listRecentPlays({ snapshotId, pageSize: 500, pageToken }, { signal: abort.signal });
        all.push(...got.plays);
        pageToken = got.nextPageToken;
      } while (pageToken);
      return all;
    })().then(
      (plays) => setLoaded({ kind: "loaded", plays }),
      (e: unknown) => !abort.signal.aborted && setLoaded({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [snapshotId]);

  return (
    <section class="card" aria-labelledby="recent-title">
      <h2 id="recent-title">{t.recentTitle}</h2>
      {loaded.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && loaded.plays.length === 0 && <p>{t.recentNone}</p>}
      {loaded.kind === "loaded" && loaded.plays.length > 0 && (
        <ul class="plays">
          {loaded.plays.map((p, i) => <li key={i}><Play play={p} /></li>)}
        </ul>
      )}
    </section>
  );
}

// A native disclosure: it opens with Enter or Space, and a screen reader says whether it is open.
function Play({ play: p }: { play: RecentPlay }) {
  const lamps = [p.comboLamp > ComboLamp.NONE ? t.comboLamp[p.comboLamp] : "", p.syncLamp > SyncLamp.NONE ? t.syncLamp[p.syncLamp] : ""]
    .filter(Boolean).join(" ");
  return (
    <details>
      <summary>
        <span class="song">{p.title}</span>{" "}
        <span class={`difficulty diff-${p.difficulty}`}>{t.chartType[p.chartType]} {t.difficulty[p.difficulty]} {formatLevel(p.levelX10)}</span>
        <br />
        <strong>{formatAchievement(p.achievementX10000)}</strong> {t.scoreRank(p.rank)} {lamps}
        {p.isNewRecord && <span class="badge">{t.recentNewRecord}</span>}
        {p.utageBuddy && <span class="badge buddy" title={t.recentBuddyHint}>{t.recentBuddy}</span>}
        <br />
        <small>{formatTime(p.playedAt)} · {t.recentTrack(p.track)}</small>
      </summary>
      {/* Pending detail (the fetch reads this play's page after the snapshot): its figures are not known, not zero. */}
      {p.detailPending && <p class="muted">{t.recentDetailPending}</p>}
      <dl>
        <dt>{t.recentDxScore}</dt>
        <dd>{formatCount(p.dxScore)} / {formatCount(p.dxScoreMax)}{p.dxStars > 0 && ` ${"★".repeat(p.dxStars)}`}</dd>
        <dt>{t.recentFastLate}</dt>
        <dd>{p.detailPending ? t.pending : `${p.fast} / ${p.late}`}</dd>
        <dt>{t.recentMaxCombo}</dt>
        <dd>{p.detailPending ? t.pending : `${p.maxCombo} / ${p.maxComboTotal}`}</dd>
        {p.maxSyncTotal > 0 && (<><dt>{t.recentMaxSync}</dt><dd>{p.maxSync} / {p.maxSyncTotal}</dd></>)}
        {p.matchingRank !== undefined && (<><dt>{t.recentMatching}</dt><dd>{t.recentMatchingPlace(p.matchingRank)}</dd></>)}
        {p.ratingChange !== 0 && (<><dt>{t.recentRatingChange}</dt><dd>{p.ratingChange > 0 ? `+${p.ratingChange}` : p.ratingChange}</dd></>)}
        {p.venue && (<><dt>{t.recentVenue}</dt><dd>{p.venue}</dd></>)}
      </dl>
      <Judgements play={p} />
    </details>
  );
}

function Judgements({ play: p }: { play: RecentPlay }) {
  const notes: [string, NoteJudgements | undefined][] = [
    [t.noteTypes.tap, p.tapJudgements],
    [t.noteTypes.hold, p.holdJudgements],
    [t.noteTypes.slide, p.slideJudgements],
    [t.noteTypes.touch, p.touchJudgements],
    [t.noteTypes.break, p.breakJudgements],
  ];
  const cells = (j: NoteJudgements) => [j.criticalPerfect, j.perfect, j.great, j.good, j.miss];
  // A note type whose cells DX NET left all empty (touch on a standard chart) is not on the chart: no row.
  const rows = notes.filter((n): n is [string, NoteJudgements] => !!n[1] && cells(n[1]).some((c) => c !== undefined));
  if (rows.length === 0) {
    return null;
  }

  return (
    <div class="scroll" role="region" aria-label={t.recentJudgements} tabIndex={0}>
      <table class="judgements">
        <caption>{t.recentJudgements}</caption>
        <thead>
          <tr>
            <th scope="col">{t.judgementNote}</th>
            {t.judgementColumns.map((c) => <th key={c} scope="col">{c}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, j]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {cells(j).map((c, i) => <td key={i} class="num">{c ?? t.none}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

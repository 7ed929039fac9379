import { useEffect, useState } from "preact/hooks";
import { isNotFound, messageOf, snapshots } from "./api";
import { formatCount, formatTime } from "./format";
import type { Region } from "./gen/maimai/v1/common_pb";
import type { Snapshot, SnapshotSummary } from "./gen/maimai/v1/snapshot_pb";
import { SnapshotCalendar } from "./SnapshotCalendar";
import { t } from "./strings";

type Shown =
  | { kind: "loading" }
  | { kind: "none" }
  | { kind: "missing" }
  | { kind: "failed"; message: string }
  | { kind: "shown"; snapshot: Snapshot };

// The server caps a page at 500 (common.proto); a list past that is years of daily fetches, read page by page.
const pageSize = 500;

async function allSnapshots(region: Region, signal: AbortSignal) {
  const all: SnapshotSummary[] = [];
  let pageToken = "";
  do {
    const page = await snapshots.listSnapshots({ region, pageSize, pageToken }, { signal });
    all.push(...page.snapshots);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/**
 * The region's snapshots to pick from (newest first, the latest by default) and the chosen one's profile. The
 * address names the chosen snapshot (route.ts); an empty choice means the latest.
 */
export function SnapshotCard({ region, reload, chosen, choose, onShown }: {
  region: Region;
  reload: number;
  chosen: string;
  choose: (snapshotId: string) => void;
  onShown: (snapshot: Snapshot | null) => void;
}) {
  const [list, setList] = useState<SnapshotSummary[] | null>(null);
  const [shown, setShown] = useState<Shown>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    allSnapshots(region, abort.signal).then(
      (all) => setList(all),
      (e: unknown) => !abort.signal.aborted && setShown({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [region, reload]);

  // The latest needs the list for its id; a chosen one is asked for at once.
  const target = chosen || list?.[0]?.id || "";
  useEffect(() => {
    if (!target) {
      if (list) {
        setShown({ kind: "none" });
        onShown(null);
      }
      return;
    }

    const abort = new AbortController();
    setShown({ kind: "loading" });
    snapshots.getSnapshot({ selector: { case: "snapshotId", value: target } }, { signal: abort.signal }).then(
      (got) => {
        // Another region's snapshot under this region's address is as good as missing.
        const snapshot = got.snapshot?.region === region ? got.snapshot : null;
        setShown(snapshot ? { kind: "shown", snapshot } : { kind: "missing" });
        onShown(snapshot);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) {
          setShown(isNotFound(e) ? { kind: "missing" } : { kind: "failed", message: messageOf(e) });
          onShown(null);
        }
      },
    );
    return () => abort.abort();
  }, [target, list === null]);

  const latest = list?.[0];
  const isLatest = !chosen || chosen === latest?.id;
  const pickId = `snapshot-pick-${region}`;
  return (
    <section class="card snapshot">
      <h2>{isLatest ? t.snapshotTitle : t.snapshotChosenTitle}</h2>
      {list && list.length > 0 && (
        <div class="picker">
          <label for={pickId}>{t.snapshotPick}</label>
          <select id={pickId} value={isLatest ? "" : chosen} onChange={(e) => choose(e.currentTarget.value)}>
            {list.map((s, i) => (
              <option key={s.id} value={i === 0 ? "" : s.id}>
                {i === 0 ? t.snapshotLatest(formatTime(s.takenAt)) : formatTime(s.takenAt)}
              </option>
            ))}
          </select>
          <SnapshotCalendar list={list} chosen={isLatest ? latest?.id ?? "" : chosen} choose={(id) => choose(id === latest?.id ? "" : id)} />
        </div>
      )}
      {shown.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {shown.kind === "none" && <p>{t.snapshotNone}</p>}
      {shown.kind === "missing" && (
        <div role="alert">
          <p class="error">{t.snapshotMissing}</p>
          <button type="button" onClick={() => choose("")}>{t.snapshotShowLatest}</button>
        </div>
      )}
      {shown.kind === "failed" && <p role="alert" class="error">{shown.message}</p>}
      {shown.kind === "shown" && <Profile snapshot={shown.snapshot} />}
    </section>
  );
}

function Profile({ snapshot: s }: { snapshot: Snapshot }) {
  // The icon lives on DX NET's image host (the policy's img-src allows it); one that does not load is left out.
  const [iconFailed, setIconFailed] = useState(false);
  return (
    <div class="profile">
      {s.iconUrl && !iconFailed && (
        <img class="icon" src={s.iconUrl} alt={t.profileIcon} width={64} height={64} referrerpolicy="no-referrer" onError={() => setIconFailed(true)} />
      )}
      <p class="player">
        <strong>{s.playerName}</strong>
        {s.title && <span class={`trophy trophy-${s.trophyColor}`}>{s.title}</span>}
      </p>
      <dl>
        <dt>{t.profileRating}</dt>
        <dd>
          <span class={`rating band-${s.ratingColor}`}>{s.siteRating}</span>
          {/* Ours is 0 until the songs' internal levels are known; only a real difference is worth showing. */}
          {s.rating > 0 && s.rating !== s.siteRating && <small> ({t.profileOurRating(s.rating)})</small>}
        </dd>
        {s.classRank !== 0 && (<><dt>{t.profileClass}</dt><dd>{t.classRank(s.classRank)}</dd></>)}
        {s.courseRank !== 0 && (<><dt>{t.profileCourse}</dt><dd>{t.courseRank(s.courseRank)}</dd></>)}
        <dt>{t.profileStars}</dt>
        <dd>★ {formatCount(s.stars)}</dd>
        <dt>{t.profilePlays}</dt>
        <dd>{t.profilePlaysCount(s.versionPlayCount, s.totalPlayCount)}</dd>
        <dt>{t.profileTaken}</dt>
        <dd>{formatTime(s.takenAt)}</dd>
      </dl>
    </div>
  );
}

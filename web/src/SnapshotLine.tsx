import { useEffect, useState } from "preact/hooks";
import { messageOf, snapshots } from "./api";
import { formatTime } from "./format";
import type { Region } from "./gen/maimai/v1/common_pb";
import type { Snapshot } from "./gen/maimai/v1/snapshot_pb";
import { t } from "./strings";

type Latest = { kind: "loading" } | { kind: "none" } | { kind: "failed"; message: string } | { kind: "shown"; snapshot: Snapshot };

/** The newest snapshot's profile line: the list gives its id (the date picker's list later), GetSnapshot its profile. */
export function SnapshotLine({ region, reload }: { region: Region; reload: number }) {
  const [latest, setLatest] = useState<Latest>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    (async () => {
      const list = await snapshots.listSnapshots({ region, pageSize: 1 });
      const newest = list.snapshots[0];
      if (!newest) {
        return { kind: "none" } as const;
      }

      const got = await snapshots.getSnapshot({ selector: { case: "snapshotId", value: newest.id } });
      return got.snapshot ? ({ kind: "shown", snapshot: got.snapshot } as const) : ({ kind: "none" } as const);
    })().then(
      (next) => current && setLatest(next),
      (e: unknown) => current && setLatest({ kind: "failed", message: messageOf(e) }),
    );
    return () => {
      current = false;
    };
  }, [region, reload]);

  return (
    <section class="card">
      <h2>{t.snapshotTitle}</h2>
      {latest.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {latest.kind === "none" && <p>{t.snapshotNone}</p>}
      {latest.kind === "failed" && <p role="alert" class="error">{latest.message}</p>}
      {latest.kind === "shown" && <Profile snapshot={latest.snapshot} />}
    </section>
  );
}

function Profile({ snapshot: s }: { snapshot: Snapshot }) {
  return (
    <p class="profile">
      <strong>{s.playerName}</strong>
      {s.title && <> · {s.title}</>} · {t.rating} {s.siteRating} · {s.stars} {t.stars} · {s.totalPlayCount} {t.plays}
      <br />
      <small>{t.snapshotTaken} {formatTime(s.takenAt)}</small>
    </p>
  );
}

import { useEffect, useState } from "preact/hooks";
import type { Region } from "./gen/maimai/v1/common_pb";
import type { Snapshot } from "./gen/maimai/v1/snapshot_pb";
import { AutoRefreshCard } from "./AutoRefreshCard";
import { DiffCard } from "./DiffCard";
import { ExportCard } from "./ExportCard";
import { FetchCard } from "./FetchCard";
import { JudgementTrendCard } from "./JudgementTrendCard";
import { PlayActivityCard } from "./PlayActivityCard";
import { RatingCard } from "./RatingCard";
import { RatingChart } from "./RatingChart";
import { RecentPlays } from "./RecentPlays";
import { PlatesCard } from "./PlatesCard";
import { RecommendationsCard } from "./RecommendationsCard";
import { regionPath, snapshotOfLocation, snapshotPath } from "./route";
import { ScoresCard } from "./ScoresCard";
import { SnapshotCard } from "./SnapshotCard";
import { TokenCard } from "./TokenCard";

/**
 * One region: the chosen snapshot (the address names it, route.ts) with the rating history under its profile, fetch
 * and token, then the snapshot's rating (best 50), the charts worth improving, what changed since an earlier one, its exports, its scores and
 * recent plays. A finished fetch reloads the snapshot list and the history,
 * so the latest is the new one.
 */
export function RegionPanel({ region }: { region: Region }) {
  const [fetched, setFetched] = useState(0);
  const [chosen, setChosen] = useState(snapshotOfLocation);
  const [shown, setShown] = useState<Snapshot | null>(null);

  // Back and forward move between snapshots of this region too (App re-keys the panel when the region changes).
  useEffect(() => {
    const back = () => setChosen(snapshotOfLocation());
    addEventListener("popstate", back);
    return () => removeEventListener("popstate", back);
  }, []);

  const choose = (snapshotId: string) => {
    if (snapshotId !== chosen) {
      history.pushState(null, "", snapshotId ? snapshotPath(region, snapshotId) : regionPath(region));
      setChosen(snapshotId);
    }
  };

  return (
    <>
      <SnapshotCard region={region} reload={fetched} chosen={chosen} choose={choose} onShown={setShown} />
      <RatingChart region={region} reload={fetched} />
      <PlayActivityCard region={region} reload={fetched} />
      <JudgementTrendCard region={region} reload={fetched} />
      <FetchCard region={region} onCompleted={() => setFetched((n) => n + 1)} />
      <AutoRefreshCard region={region} />
      <TokenCard region={region} />
      {shown && <RatingCard key={shown.id} snapshotId={shown.id} />}
      {shown && <RecommendationsCard key={shown.id} snapshotId={shown.id} />}
      {shown && <PlatesCard key={shown.id} snapshotId={shown.id} />}
      {/* These show what a fetch's detail phase fills in after its snapshot is shown: they reload when it ends. */}
      {shown && <DiffCard key={`${shown.id}/${fetched}`} region={region} snapshotId={shown.id} />}
      {shown && <ExportCard key={shown.id} snapshotId={shown.id} />}
      {shown && <ScoresCard key={`${shown.id}/${fetched}`} snapshotId={shown.id} region={region} />}
      {shown && <RecentPlays key={`${shown.id}/${fetched}`} snapshotId={shown.id} />}
    </>
  );
}

import { useState } from "preact/hooks";
import type { Region } from "./gen/maimai/v1/common_pb";
import { FetchCard } from "./FetchCard";
import { SnapshotLine } from "./SnapshotLine";
import { TokenCard } from "./TokenCard";

/** One region's token, fetch and latest snapshot; a finished fetch reloads the snapshot. */
export function RegionPanel({ region }: { region: Region }) {
  const [fetched, setFetched] = useState(0);
  return (
    <>
      <SnapshotLine region={region} reload={fetched} />
      <FetchCard region={region} onCompleted={() => setFetched((n) => n + 1)} />
      <TokenCard region={region} />
    </>
  );
}

import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** A time in the reader's own locale and zone; empty when the server sent none. */
export const formatTime = (ts: Timestamp | undefined) =>
  ts ? timestampDate(ts).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";

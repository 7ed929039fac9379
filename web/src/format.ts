import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** A time in the reader's own locale and zone; empty when the server sent none. */
export const formatTime = (ts: Timestamp | undefined) =>
  ts ? timestampDate(ts).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";

/** A day in the reader's own locale; empty when the server sent none. */
export const formatDay = (ts: Timestamp | undefined) => (ts ? timestampDate(ts).toLocaleDateString(undefined, { dateStyle: "medium" }) : "");

/** A count with the reader's digit grouping (5,432). */
export const formatCount = (n: number) => n.toLocaleString();

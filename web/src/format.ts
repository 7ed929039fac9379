import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { displayLocale } from "./strings";

/** A time in the reader's language and own zone; empty when the server sent none. */
export const formatTime = (ts: Timestamp | undefined) =>
  ts ? timestampDate(ts).toLocaleString(displayLocale(), { dateStyle: "medium", timeStyle: "short" }) : "";

/** A day in the reader's language; empty when the server sent none. */
export const formatDay = (ts: Timestamp | undefined) => (ts ? timestampDate(ts).toLocaleDateString(displayLocale(), { dateStyle: "medium" }) : "");

/** A count with the reader's digit grouping (5,432). */
export const formatCount = (n: number) => n.toLocaleString(displayLocale());

import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { Region } from "./gen/maimai/v1/common_pb";
import { FetchErrorCode, type Fetch } from "./gen/maimai/v1/fetch_pb";
import { t, displayLocale } from "./strings";
import { focusTokenInput } from "./TokenCard";

const jstOffsetMs = 9 * 3600_000;

// Fetch has no field for the maintenance's end or the site's error code; the server writes both into its message
// in a fixed form (Silo FetchErrors: "until 07:00 JST", "ERROR CODE 200002"), which is read back here.
const maintenanceEnd = /until (\d{2}):(\d{2}) JST/;
const siteErrorCode = /ERROR CODE (\w+)/;

/** The first moment at or after the failure when Japan's clock reads hh:mm. */
function nextJstTime(after: Timestamp | undefined, hours: number, minutes: number) {
  const from = after ? timestampDate(after).getTime() : Date.now();
  const jst = new Date(from + jstOffsetMs);
  let at = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), hours, minutes) - jstOffsetMs;
  if (at < from) {
    at += 24 * 3600_000;
  }
  return new Date(at);
}

/** Why a fetch failed and what to do, per FetchErrorCode, in the reader's language; the end of a maintenance in their own time. */
export function FetchFailure({ fetch, region }: { fetch: Fetch; region: Region }) {
  const f = t.fetchFailure;
  let advice: preact.ComponentChild;
  switch (fetch.errorCode) {
    case FetchErrorCode.MAINTENANCE: {
      const end = maintenanceEnd.exec(fetch.errorMessage);
      advice = end
        ? f.maintenanceUntil(nextJstTime(fetch.finishedAt, Number(end[1]), Number(end[2])).toLocaleTimeString(displayLocale(), { timeStyle: "short" }))
        : f.maintenance;
      break;
    }
    case FetchErrorCode.TOKEN_EXPIRED:
      advice = (
        <>
          {f.tokenExpired} <a href={`#token-${region}`} onClick={(e) => focusTokenInput(e, region)}>{t.fetchGoToToken}</a>
        </>
      );
      break;
    case FetchErrorCode.SITE_ERROR: {
      const code = siteErrorCode.exec(fetch.errorMessage);
      advice = code ? f.siteErrorCode(code[1]) : f.siteError;
      break;
    }
    case FetchErrorCode.UNEXPECTED_PAGE:
      advice = f.unexpectedPage;
      break;
    case FetchErrorCode.NETWORK:
      advice = f.network;
      break;
    case FetchErrorCode.NODE_LOST:
      advice = f.nodeLost;
      break;
    case FetchErrorCode.INTERNAL:
      advice = f.internal;
      break;
    default:
      // A code newer than this page: the server's own sentence says what happened.
      advice = fetch.errorMessage;
  }

  return <p role="alert" class="error">{t.fetchFailed}: {advice}</p>;
}

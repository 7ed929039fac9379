import { useEffect, useState } from "preact/hooks";
import { fetches } from "./api";
import type { Region } from "./gen/maimai/v1/common_pb";
import { FetchState, type Fetch } from "./gen/maimai/v1/fetch_pb";
import { formatCount, formatTime } from "./format";
import { t } from "./strings";

/**
 * The pages one fetch asked maimai DX NET for, by kind, and how far its detail got:
 * "8 pages requested: profile 1, score lists 6, recent plays 1; detail 312 of 1,078". The server counts them once
 * the fetch ended (Fetch.pages_requested), so nothing shows before.
 */
export function PagesRequested({ fetch }: { fetch: Fetch }) {
  if (fetch.pagesRequested.length === 0) {
    return null;
  }

  const total = fetch.pagesRequested.reduce((sum, p) => sum + p.requests, 0);
  const kinds = fetch.pagesRequested.map((p) => `${t.fetchPageKind[p.stage]} ${formatCount(p.requests)}`).join(t.fetchPagesJoin.kinds);
  const detail = fetch.detailPagesTotal > 0
    ? `${t.fetchPagesJoin.detail}${t.fetchPagesDetail(formatCount(fetch.detailPagesDone), formatCount(fetch.detailPagesTotal))}`
    : "";
  return <p class="pages-requested">{t.fetchPagesRequested(formatCount(total), kinds)}{detail}</p>;
}

/** The region's last few fetches, newest first: when, how each ended, and the pages it requested. */
export function FetchHistory({ region, refresh }: { region: Region; refresh: number }) {
  const [list, setList] = useState<Fetch[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    fetches.listFetches({ region, pageSize: 5 }, { signal: abort.signal }).then(
      (r) => setList(r.fetches.filter((f) => f.state === FetchState.COMPLETED || f.state === FetchState.FAILED)),
      // The history is a courtesy beside the card's own status; a failed read leaves it out rather than alarm.
      () => !abort.signal.aborted && setList([]),
    );
    return () => abort.abort();
  }, [region, refresh]);

  if (list.length === 0) {
    return null;
  }

  return (
    <div class="fetch-history">
      <h3>{t.fetchHistoryTitle}</h3>
      <p class="muted">{t.fetchHistoryLead}</p>
      <ol>
        {list.map((f) => (
          <li key={f.id} data-fetch-id={f.id}>
            <strong>{formatTime(f.finishedAt ?? f.createdAt)}</strong> · {t.state[f.state]}
            <PagesRequested fetch={f} />
          </li>
        ))}
      </ol>
    </div>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import { fetches, messageOf } from "./api";
import type { Region } from "./gen/maimai/v1/common_pb";
import { FetchState, type Fetch } from "./gen/maimai/v1/fetch_pb";
import { t } from "./strings";

/** "Fetch now" and the fetch's live progress from WatchFetch, down to its end or its failure in words. */
export function FetchCard({ region, onCompleted }: { region: Region; onCompleted: () => void }) {
  const [fetch, setFetch] = useState<Fetch | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const watching = useRef<AbortController | null>(null);

  // Leaving the region (or the page) stops watching; the fetch itself goes on on the server.
  useEffect(() => () => watching.current?.abort(), []);

  const start = async () => {
    watching.current?.abort();
    const abort = new AbortController();
    watching.current = abort;
    setBusy(true);
    setError("");
    setFetch(null);
    try {
      const started = await fetches.startFetch({ region }, { signal: abort.signal });
      let last = started.fetch ?? null;
      setFetch(last);
      if (last) {
        for await (const update of fetches.watchFetch({ fetchId: last.id }, { signal: abort.signal })) {
          last = update.fetch ?? last;
          setFetch(last);
        }
      }
      if (last?.state === FetchState.COMPLETED) {
        onCompleted();
      }
    } catch (failure) {
      if (!abort.signal.aborted) {
        setError(messageOf(failure));
      }
    } finally {
      if (!abort.signal.aborted) {
        setBusy(false);
      }
    }
  };

  return (
    <section class="card">
      <h2>{t.fetchTitle}</h2>
      <button type="button" onClick={start} disabled={busy}>{busy && !fetch ? t.fetchStarting : t.fetchNow}</button>
      {fetch && <Progress fetch={fetch} />}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

function Progress({ fetch }: { fetch: Fetch }) {
  if (fetch.state === FetchState.FAILED) {
    return <p role="alert" class="error">{t.fetchFailed}: {fetch.errorMessage}</p>;
  }

  if (fetch.state === FetchState.COMPLETED) {
    return <p role="status">{t.fetchDone}</p>;
  }

  const total = fetch.pagesTotal;
  return (
    <div role="status" class="progress">
      <p>{t.state[fetch.state]} · {t.stage[fetch.stage]}{total > 0 && ` · ${t.fetchPages(fetch.pagesDone, total)}`}</p>
      {/* Without a total the bar is indeterminate: it moves but claims no share. */}
      <progress max={total > 0 ? total : undefined} value={total > 0 ? fetch.pagesDone : undefined} aria-label={t.stage[fetch.stage]} />
    </div>
  );
}

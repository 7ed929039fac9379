import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useRef, useState } from "preact/hooks";
import { fetches, messageOf } from "./api";
import { formatWait, useNow } from "./clock";
import { reasonOf, retryDelayOf } from "./errors";
import type { Region } from "./gen/maimai/v1/common_pb";
import { FetchPhase, FetchStage, FetchState, type Fetch } from "./gen/maimai/v1/fetch_pb";
import { FetchFailure } from "./FetchFailure";
import { FetchHistory, PagesRequested } from "./FetchPages";
import { t } from "./strings";
import { focusTokenInput } from "./TokenCard";

// The server allows one start a minute per region (fetch.proto, StartFetch). After a fetch we count down from its
// start; a refused start tells the exact wait in RetryInfo, which wins.
const rateLimitMs = 60_000;

const nextAllowedAfter = (fetch: Fetch) => (fetch.createdAt ? timestampDate(fetch.createdAt).getTime() + rateLimitMs : 0);

const isActive = (fetch: Fetch) => fetch.state === FetchState.PENDING || fetch.state === FetchState.RUNNING;

type Refusal = { kind: "none" } | { kind: "tokenMissing" } | { kind: "other"; message: string };

/**
 * "Fetch now" and the fetch's live progress from WatchFetch, down to its end or its failure in words with what to
 * do. Inside the rate limit the button waits, with a countdown to when the server takes a new start.
 */
export function FetchCard({ region, onCompleted }: { region: Region; onCompleted: () => void }) {
  const [fetch, setFetch] = useState<Fetch | null>(null);
  const [refusal, setRefusal] = useState<Refusal>({ kind: "none" });
  const [busy, setBusy] = useState(false);
  const [starting, setStarting] = useState(false);
  const [nextAllowedAt, setNextAllowedAt] = useState(0);
  // Bumped when a followed fetch ends, so the history reads it with its page counts.
  const [ended, setEnded] = useState(0);
  const now = useNow(nextAllowedAt);
  const watching = useRef<AbortController | null>(null);

  // Leaving the region (or the page) stops watching; the fetch itself goes on on the server.
  useEffect(() => () => watching.current?.abort(), []);

  const follow = async (first: Fetch, abort: AbortController) => {
    let last = first;
    // The snapshot is browsable from the DETAIL phase on: the views reload then, and once more at the end.
    let shown = first.phase === FetchPhase.DETAIL;
    setFetch(last);
    setNextAllowedAt(nextAllowedAfter(last));
    if (isActive(last)) {
      for await (const update of fetches.watchFetch({ fetchId: last.id }, { signal: abort.signal })) {
        last = update.fetch ?? last;
        setFetch(last);
        if (!shown && last.phase === FetchPhase.DETAIL) {
          shown = true;
          onCompleted();
        }
      }
    }

    if (last.state === FetchState.COMPLETED || (last.state === FetchState.FAILED && last.snapshotId)) {
      onCompleted();
    }

    if (!isActive(last)) {
      // The stream's last message may precede the page counts' commit; the finished fetch is read once more. Its end
      // is shown already, so a failed read leaves it as it is.
      const final = await fetches.getFetch({ fetchId: last.id }, { signal: abort.signal }).catch(() => null);
      if (final?.fetch) {
        setFetch(final.fetch);
      }

      setEnded((n) => n + 1);
    }
  };

  const run = async (work: (abort: AbortController) => Promise<void>) => {
    watching.current?.abort();
    const abort = new AbortController();
    watching.current = abort;
    setBusy(true);
    setRefusal({ kind: "none" });
    try {
      await work(abort);
    } catch (failure) {
      if (!abort.signal.aborted) {
        refuse(failure);
      }
    } finally {
      if (!abort.signal.aborted) {
        setBusy(false);
      }
    }
  };

  const refuse = (failure: unknown) => {
    const reason = reasonOf(failure);
    if (reason === "FETCH_RATE_LIMITED") {
      setNextAllowedAt(Date.now() + (retryDelayOf(failure) ?? rateLimitMs));
    } else if (reason === "DXNET_TOKEN_NOT_SET") {
      setRefusal({ kind: "tokenMissing" });
    } else {
      setRefusal({ kind: "other", message: messageOf(failure) });
    }
  };

  // On arrival: a fetch still running (started in another tab, say) is followed; a recent one starts the countdown.
  useEffect(() => {
    void run(async (abort) => {
      const latest = (await fetches.listFetches({ region, pageSize: 1 }, { signal: abort.signal })).fetches[0];
      if (latest && isActive(latest)) {
        await follow(latest, abort);
      } else if (latest) {
        setNextAllowedAt(nextAllowedAfter(latest));
      }
    });
  }, [region]);

  const start = () => run(async (abort) => {
    setFetch(null);
    setStarting(true);
    const started = await fetches.startFetch({ region }, { signal: abort.signal }).finally(() => setStarting(false));
    if (started.fetch) {
      await follow(started.fetch, abort);
    }
  });

  const waiting = !busy && nextAllowedAt > now;
  return (
    <section class="card">
      <h2>{t.fetchTitle}</h2>
      <button type="button" onClick={start} disabled={busy || waiting}>{starting ? t.fetchStarting : t.fetchNow}</button>
      {waiting && <p role="timer" class="muted">{t.fetchAgainIn(formatWait(nextAllowedAt - now))}</p>}
      {fetch && <Progress fetch={fetch} region={region} />}
      {refusal.kind === "tokenMissing" && (
        <p role="alert" class="error">
          {t.fetchNeedsToken} <a href={`#token-${region}`} onClick={(e) => focusTokenInput(e, region)}>{t.fetchGoToToken}</a>
        </p>
      )}
      {refusal.kind === "other" && <p role="alert" class="error">{refusal.message}</p>}
      <FetchHistory region={region} refresh={ended} />
    </section>
  );
}

function Progress({ fetch, region }: { fetch: Fetch; region: Region }) {
  if (fetch.state === FetchState.FAILED) {
    return <><FetchFailure fetch={fetch} region={region} /><PagesRequested fetch={fetch} /></>;
  }

  if (fetch.state === FetchState.COMPLETED) {
    return <><p role="status">{t.fetchDone}</p><PagesRequested fetch={fetch} /></>;
  }

  if (fetch.phase === FetchPhase.DETAIL) {
    return <DetailProgress fetch={fetch} />;
  }

  // Before the score lists the total is a placeholder (the one profile page), so the bar claims no share yet;
  // from there on it counts the snapshot's pages.
  const known = fetch.pagesTotal > 0 && fetch.stage >= FetchStage.SCORES;
  return (
    <div role="status" class="progress">
      <p>
        {fetch.phase === FetchPhase.SNAPSHOT && `${t.fetchPhase[fetch.phase]} · `}
        {t.state[fetch.state]} · {t.stage[fetch.stage]}{known && ` · ${t.fetchPages(fetch.pagesDone, fetch.pagesTotal)}`}
        <TimeLeft expected={fetch.snapshotExpectedAt} />
      </p>
      <progress max={known ? fetch.pagesTotal : undefined} value={known ? fetch.pagesDone : undefined} aria-label={t.stage[fetch.stage]} />
    </div>
  );
}

// The snapshot is saved and shown; the play and song pages follow, one at a time.
function DetailProgress({ fetch }: { fetch: Fetch }) {
  const known = fetch.detailPagesTotal > 0;
  return (
    <div role="status" class="progress">
      <p>{t.fetchSnapshotReady}</p>
      <p>
        {t.fetchPhase[FetchPhase.DETAIL]} · {t.state[fetch.state]} · {t.stage[fetch.stage]}
        {known && ` · ${t.fetchDetailPages(fetch.detailPagesDone, fetch.detailPagesTotal)}`}
        <TimeLeft expected={fetch.detailExpectedAt} />
      </p>
      <progress max={known ? fetch.detailPagesTotal : undefined} value={known ? fetch.detailPagesDone : undefined} aria-label={t.fetchPhase[FetchPhase.DETAIL]} />
    </div>
  );
}

// The server's estimate of when the phase ends, counted down here; nothing when it has none.
function TimeLeft({ expected }: { expected: Fetch["detailExpectedAt"] }) {
  const at = expected ? timestampDate(expected).getTime() : 0;
  const now = useNow(at);
  return at > now ? <>{` · ${t.fetchTimeLeft(formatWait(at - now))}`}</> : null;
}

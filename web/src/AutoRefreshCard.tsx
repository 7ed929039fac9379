import { useEffect, useState } from "preact/hooks";
import { autoRefresh, isNotFound, messageOf } from "./api";
import { reasonOf } from "./errors";
import type { AutoRefresh } from "./gen/maimai/v1/auto_refresh_pb";
import type { Region } from "./gen/maimai/v1/common_pb";
import { formatTime } from "./format";
import { t } from "./strings";

/**
 * The region's auto-refresh: a switch ("Refresh automatically every 30 min"), the last check and how it went, and
 * why it is paused (a refused token; saving a new one resumes it, which the server sees on the next read).
 */
export function AutoRefreshCard({ region }: { region: Region }) {
  const [state, setState] = useState<AutoRefresh | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    autoRefresh.getAutoRefresh({ region }).then(
      (r) => setState(r.autoRefresh ?? null),
      (e: unknown) => (isNotFound(e) ? setState(null) : setError(messageOf(e))),
    );
  }, [region]);

  const toggle = async (enabled: boolean) => {
    setBusy(true);
    setError("");
    try {
      const r = await autoRefresh.setAutoRefresh({ region, enabled, intervalMinutes: 0 });
      setState(r.autoRefresh ?? null);
    } catch (failure) {
      // The API's own words name the RPC to call; the reader needs the site's.
      setError(reasonOf(failure) === "DXNET_TOKEN_NOT_SET" ? t.fetchNeedsToken : messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const id = `auto-refresh-${region}`;
  return (
    <section class="card" id={`auto-refresh-card-${region}`}>
      <h2>{t.autoRefreshTitle}</h2>
      <p class="switch">
        <input id={id} type="checkbox" checked={state?.enabled ?? false} disabled={busy || !state}
          onChange={(e) => toggle(e.currentTarget.checked)} />
        <label for={id}>{t.autoRefreshToggle(state?.intervalMinutes || 30)}</label>
      </p>
      <p>{t.autoRefreshLead}</p>
      {state?.enabled && state.paused && (
        <p role="alert" class="error">{t.autoRefreshPaused} {state.pausedReason} {t.autoRefreshPausedHint}</p>
      )}
      {state?.lastPollTime && (
        <dl>
          <dt>{t.autoRefreshLastPoll}</dt>
          <dd>{formatTime(state.lastPollTime)} · {t.autoRefreshOutcome[state.lastOutcome]}</dd>
          {state.backoffUntil && (<><dt>{t.autoRefreshBackoff}</dt><dd>{formatTime(state.backoffUntil)}</dd></>)}
        </dl>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

import { useEffect, useState } from "preact/hooks";
import { autoRefresh, isNotFound, messageOf } from "./api";
import { reasonOf } from "./errors";
import type { AutoRefresh } from "./gen/maimai/v1/auto_refresh_pb";
import type { Region } from "./gen/maimai/v1/common_pb";
import { formatTime } from "./format";
import { t } from "./strings";

// The intervals the player may pick, in minutes: within the server's default bounds (AutoRefresh:MinimumInterval
// and MaximumInterval, 10 min to 1 day), and not so short that polls stop being polite. The server checks again.
const intervals = [15, 30, 60, 120, 180, 360, 720, 1440];

/**
 * The region's auto-refresh: a switch ("Refresh automatically every 30 min"), how often it checks, the last check
 * and how it went, and why it is paused (a refused token; saving a new one resumes it, which the server sees on
 * the next read).
 */
export function AutoRefreshCard({ region }: { region: Region }) {
  const [state, setState] = useState<AutoRefresh | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState("");

  useEffect(() => {
    autoRefresh.getAutoRefresh({ region }).then(
      (r) => setState(r.autoRefresh ?? null),
      (e: unknown) => (isNotFound(e) ? setState(null) : setError(messageOf(e))),
    );
  }, [region]);

  // intervalMinutes 0 keeps the server's current interval.
  const save = async (enabled: boolean, intervalMinutes: number) => {
    setBusy(true);
    setError("");
    setSaved("");
    try {
      const r = await autoRefresh.setAutoRefresh({ region, enabled, intervalMinutes });
      setState(r.autoRefresh ?? null);
      if (intervalMinutes > 0 && r.autoRefresh) {
        setSaved(t.autoRefreshSaved(t.autoRefreshInterval(r.autoRefresh.intervalMinutes)));
      }
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
          onChange={(e) => save(e.currentTarget.checked, 0)} />
        <label for={id}>{t.autoRefreshToggle(t.autoRefreshInterval(state?.intervalMinutes || 30))}</label>
      </p>
      <label for={`${id}-interval`}>{t.autoRefreshEvery}</label>
      <select id={`${id}-interval`} value={String(state?.intervalMinutes || 30)} disabled={busy || !state}
        onChange={(e) => save(state?.enabled ?? false, Number(e.currentTarget.value))}>
        {/* An interval set through the API that the list lacks stays shown as it is. */}
        {[...new Set([...intervals, state?.intervalMinutes || 30])].sort((a, b) => a - b).map((m) => (
          <option key={m} value={String(m)}>{t.autoRefreshInterval(m)}</option>
        ))}
      </select>
      {saved && <p class="muted">{saved}</p>}
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

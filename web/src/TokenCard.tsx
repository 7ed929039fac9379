import { useEffect, useState } from "preact/hooks";
import { accounts, isNotFound, messageOf } from "./api";
import { formatTime } from "./format";
import type { DxNetTokenStatus } from "./gen/maimai/v1/account_pb";
import type { Region } from "./gen/maimai/v1/common_pb";
import { t } from "./strings";

const inputIdOf = (region: Region) => `token-input-${region}`;

/** Takes the reader to the token form (a failed fetch's "save a new token" link), focused for typing. */
export function focusTokenInput(e: Event, region: Region) {
  e.preventDefault();
  const input = document.getElementById(inputIdOf(region));
  input?.scrollIntoView({ block: "center" });
  input?.focus();
}

/** The region's DX NET token: whether it is saved, when it last worked, its last problem, and a form to replace it. */
export function TokenCard({ region }: { region: Region }) {
  const [status, setStatus] = useState<DxNetTokenStatus | null>(null);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState("");

  useEffect(() => {
    accounts.getDxNetTokenStatus({ region }).then(
      (r) => setStatus(r.status ?? null),
      (e: unknown) => (isNotFound(e) ? setStatus(null) : setError(messageOf(e))),
    );
  }, [region]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    setSaved(false);
    try {
      const r = await accounts.setDxNetToken({ region, token });
      setStatus(r.status ?? null);
      setToken("");
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const inputId = inputIdOf(region);
  return (
    <section class="card" id={`token-${region}`}>
      <h2>{t.tokenTitle}</h2>
      {status?.isSet ? (
        <dl>
          <dt>{t.tokenSet}</dt>
          <dd>{formatTime(status.setAt)}</dd>
          {status.validAt && (<><dt>{t.tokenValidAt}</dt><dd>{formatTime(status.validAt)}</dd></>)}
          {status.lastError && (<><dt>{t.tokenLastError}</dt><dd>{status.lastError} {formatTime(status.lastErrorAt)}</dd></>)}
        </dl>
      ) : (
        <p>{t.tokenNotSet}</p>
      )}
      <form onSubmit={save}>
        <label for={inputId}>{t.tokenLabel}</label>
        <input id={inputId} type="password" autocomplete="off" spellcheck={false} required value={token}
          onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>{t.tokenSave}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {saved && <p role="status">{t.tokenSaved}</p>}
      <p><a href="/setup/dxnet-token">{t.tokenGuide}</a></p>
    </section>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import { accounts, messageOf } from "./api";
import { formatTime } from "./format";
import type { ApiToken } from "./gen/maimai/v1/account_pb";
import { t } from "./strings";

// The server's own page cap (common.proto); a player with more tokens than one page is read page by page.
const pageSize = 100;

async function allTokens() {
  const all: ApiToken[] = [];
  let pageToken = "";
  do {
    const page = await accounts.listApiTokens({ pageSize, pageToken });
    all.push(...page.apiTokens);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/**
 * The player's API tokens, for their own scripts and bots: the list (name, when created, when last used), a form
 * to create one, whose secret is shown here once and never again, and revoking with a confirmation.
 */
export function TokensPage() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [notice, setNotice] = useState("");

  const load = () => allTokens().then(setTokens, (e: unknown) => setError(messageOf(e)));
  useEffect(() => void load(), []);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    setNotice("");
    try {
      const r = await accounts.createApiToken({ name: name.trim() });
      setCreated({ name: r.apiToken?.name ?? name, secret: r.plaintextToken });
      setName("");
      await load();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setBusy(true);
    setError("");
    try {
      await accounts.revokeApiToken({ apiTokenId: token.id });
      setRevoking(null);
      setNotice(t.apiTokensRevoked(token.name));
      await load();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t.apiTokensTitle}</h1>
      <p>{t.apiTokensLead}</p>
      {created && <NewToken name={created.name} secret={created.secret} done={() => setCreated(null)} />}
      <section class="card">
        <h2>{t.apiTokensCreate}</h2>
        <form onSubmit={create}>
          <label for="api-token-name">{t.apiTokensName}</label>
          <input id="api-token-name" required maxLength={100} autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>{t.apiTokensCreate}</button>
        </form>
      </section>
      {error && <p role="alert" class="error">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      <section class="card">
        <h2>{t.apiTokensYours}</h2>
        {tokens === null && !error && <p aria-busy="true">{t.loading}</p>}
        {tokens?.length === 0 && <p>{t.apiTokensNone}</p>}
        {tokens && tokens.length > 0 && (
          <ul class="tokens">
            {tokens.map((token) => (
              <li key={token.id}>
                <p><strong>{token.name}</strong> <code>{token.prefix}…</code></p>
                <dl>
                  <dt>{t.apiTokensCreated}</dt>
                  <dd>{formatTime(token.createdAt)}</dd>
                  <dt>{t.apiTokensLastUsed}</dt>
                  <dd>{token.lastUsedAt ? formatTime(token.lastUsedAt) : t.apiTokensNeverUsed}</dd>
                </dl>
                {revoking?.id === token.id ? (
                  <ConfirmRevoke token={token} busy={busy} revoke={() => revoke(token)} keep={() => setRevoking(null)} />
                ) : (
                  <button type="button" class="secondary" aria-label={t.apiTokensRevokeNamed(token.name)} onClick={() => setRevoking(token)}>
                    {t.apiTokensRevoke}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** "Revoke it?" in place of the token's button; the focus moves to the harmless answer, so Enter keeps the token. */
function ConfirmRevoke({ token, busy, revoke, keep }: { token: ApiToken; busy: boolean; revoke: () => void; keep: () => void }) {
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => keepButton.current?.focus(), []);
  return (
    <div role="alertdialog" aria-labelledby={`revoke-${token.id}`} class="confirm">
      <p id={`revoke-${token.id}`}>{t.apiTokensRevokeQuestion(token.name)}</p>
      <button type="button" class="danger" disabled={busy} onClick={revoke}>{t.apiTokensRevokeConfirm}</button>{" "}
      <button type="button" class="secondary" ref={keepButton} onClick={keep}>{t.apiTokensKeep}</button>
    </div>
  );
}

/** The new token's secret: shown this once, with a copy button, until the player says they have kept it. */
function NewToken({ name, secret, done }: { name: string; secret: string; done: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () => navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  return (
    <section class="card secret" aria-labelledby="new-token-title">
      <h2 id="new-token-title">{t.apiTokensNew(name)}</h2>
      <p role="alert"><strong>{t.apiTokensOnce}</strong></p>
      <label for="new-token-secret">{t.apiTokensSecret}</label>
      <input id="new-token-secret" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" onClick={copy}>{t.apiTokensCopy}</button>{" "}
      <button type="button" class="secondary" onClick={done}>{t.apiTokensKept}</button>
      {copied !== null && <p role="status">{copied ? t.apiTokensCopied : t.apiTokensCopyFailed}</p>}
    </section>
  );
}

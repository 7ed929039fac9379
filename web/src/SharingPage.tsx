import { useEffect, useState } from "preact/hooks";
import { accounts, messageOf } from "./api";
import type { SharedParts } from "./gen/maimai/v1/public_profile_pb";
import { publicPath } from "./route";
import { s } from "./sharingStrings";
import { t } from "./strings";

type Part = "profile" | "scores" | "recentPlays" | "playCounts";

const parts: [Part, () => string][] = [
  ["profile", () => s().sharingProfile],
  ["scores", () => s().sharingScores],
  ["recentPlays", () => s().sharingRecentPlays],
  ["playCounts", () => s().sharingPlayCounts],
];

type Switches = Record<Part, boolean>;

const off: Switches = { profile: false, scores: false, recentPlays: false, playCounts: false };

const switchesOf = (p: SharedParts | undefined): Switches =>
  p ? { profile: p.profile, scores: p.scores, recentPlays: p.recentPlays, playCounts: p.playCounts } : off;

/**
 * The player's sharing settings: a username, a switch per part (all off until they turn one on) and, once saved
 * with something shared, the public page's link with a copy button. The server checks the username; its words
 * ("taken", "reserved") are shown as they come.
 */
export function SharingPage() {
  const [loaded, setLoaded] = useState(false);
  const [username, setUsername] = useState("");
  const [saved, setSaved] = useState<{ username: string; shared: boolean } | null>(null);
  const [switches, setSwitches] = useState<Switches>(off);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const show = (name: string, p: SharedParts | undefined) => {
    const next = switchesOf(p);
    setUsername(name);
    setSwitches(next);
    setSaved({ username: name, shared: Object.values(next).some(Boolean) });
  };

  useEffect(() => {
    accounts.getSharing({}).then(
      (r) => {
        show(r.sharing?.username ?? "", r.sharing?.parts);
        setLoaded(true);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    setNotice("");
    try {
      const r = await accounts.setSharing({ sharing: { username: username.trim(), parts: switches } });
      show(r.sharing?.username ?? "", r.sharing?.parts);
      setNotice(s().sharingSaved);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{s().sharingTitle}</h1>
      <section class="card" aria-labelledby="sharing-title">
        <h2 id="sharing-title">{s().sharingTitle}</h2>
        <p>{s().sharingLead}</p>
        {!loaded && !error && <p aria-busy="true">{t.loading}</p>}
        {loaded && (
          <form onSubmit={save}>
            <label for="sharing-username">{s().sharingUsername}</label>
            <input id="sharing-username" autocomplete="off" autocapitalize="none" spellcheck={false} maxLength={20}
              aria-describedby="sharing-username-hint" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
            <small id="sharing-username-hint">{s().sharingUsernameHint}</small>
            <fieldset class="parts">
              <legend>{s().sharingParts}</legend>
              {parts.map(([part, label]) => (
                <p class="switch" key={part}>
                  <input id={`share-${part}`} type="checkbox" checked={switches[part]}
                    onChange={(e) => setSwitches({ ...switches, [part]: e.currentTarget.checked })} />
                  <label for={`share-${part}`}>{label()}</label>
                </p>
              ))}
            </fieldset>
            <button type="submit" disabled={busy}>{s().sharingSave}</button>
          </form>
        )}
        {error && <p role="alert" class="error">{error}</p>}
        {notice && <p role="status">{notice}</p>}
        {saved && saved.username && saved.shared && <PublicLink username={saved.username} />}
        {saved && !saved.shared && loaded && <p class="muted">{s().sharingPrivate}</p>}
      </section>
    </>
  );
}

function PublicLink({ username }: { username: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const url = location.origin + publicPath(username);
  const copy = () => navigator.clipboard.writeText(url).then(() => setCopied(true), () => setCopied(false));
  return (
    <div class="public-link">
      <p>{s().sharingLink}: <a href={publicPath(username)}>{url}</a></p>
      <button type="button" class="secondary" onClick={copy}>{s().sharingCopy}</button>
      {copied !== null && <p role="status">{copied ? s().sharingCopied : s().sharingCopyFailed}</p>}
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { accounts, isUnauthenticated, messageOf } from "./api";
import type { GetMeResponse } from "./gen/maimai/v1/account_pb";
import { Region } from "./gen/maimai/v1/common_pb";
import { Landing } from "./Landing";
import { RegionPanel } from "./RegionPanel";
import { PublicProfilePage } from "./PublicProfilePage";
import { isSharingPage, isTokensPage, publicUsernameOfLocation, regionOfLocation, regionPath as pathOf, sharingPath, tokensPath } from "./route";
import { SharingPage } from "./SharingPage";
import { s } from "./sharingStrings";
import { chooseLanguage, language, languages, t } from "./strings";
import { TokensPage } from "./TokensPage";

type Me = { kind: "loading" } | { kind: "signedOut" } | { kind: "failed"; message: string } | { kind: "signedIn"; me: GetMeResponse };

/** Asks the server who we are, then shows the landing page, the player's regions or their API tokens. */
export function App() {
  const [me, setMe] = useState<Me>({ kind: "loading" });
  const [region, setRegion] = useState(regionOfLocation);
  // The strings table is chosen in strings.ts; this state only makes the whole tree render again in the new one.
  const [shownLanguage, setShownLanguage] = useState(language);
  // /u/<username>: a public profile, the same for every visitor, signed in or not.
  const publicName = publicUsernameOfLocation();

  const load = () => {
    setMe({ kind: "loading" });
    accounts.getMe({}).then(
      (response) => setMe({ kind: "signedIn", me: response }),
      (e: unknown) => setMe(isUnauthenticated(e) ? { kind: "signedOut" } : { kind: "failed", message: messageOf(e) }),
    );
  };
  useEffect(load, []);
  useEffect(() => {
    const back = () => setRegion(regionOfLocation());
    addEventListener("popstate", back);
    return () => removeEventListener("popstate", back);
  }, []);

  const choose = (next: Region) => {
    if (next !== region) {
      history.pushState(null, "", pathOf(next));
      setRegion(next);
    }
  };

  return (
    <>
      <header class="bar">
        <a class="brand" href="/">{t.appName}</a>
        <nav aria-label={t.menu}>
          {me.kind === "signedIn" && <a href={tokensPath} aria-current={isTokensPage() ? "page" : undefined}>{t.apiTokensTitle}</a>}
          {me.kind === "signedIn" && <a href={sharingPath} aria-current={isSharingPage() ? "page" : undefined}>{s().navSharing}</a>}
          {me.kind === "signedIn" && <a href="/signin">{t.account}</a>}
          {languages.filter((l) => l.code !== shownLanguage).map((l) => (
            <button key={l.code} type="button" class="plain" lang={l.code} aria-label={l.switchTo}
              onClick={() => setShownLanguage(chooseLanguage(l.code))}>
              {l.name}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {publicName && <PublicProfilePage username={publicName} />}
        {!publicName && me.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
        {!publicName && me.kind === "signedOut" && <Landing />}
        {!publicName && me.kind === "failed" && (
          <div role="alert">
            <p>{t.failed}: {me.message}</p>
            <button type="button" onClick={load}>{t.retry}</button>
          </div>
        )}
        {!publicName && me.kind === "signedIn" && isTokensPage() && <TokensPage />}
        {!publicName && me.kind === "signedIn" && isSharingPage() && <SharingPage />}
        {!publicName && me.kind === "signedIn" && !isTokensPage() && !isSharingPage() && (
          <>
            <p>{t.signedInAs} <strong>{me.me.displayName}</strong></p>
            <RegionTabs region={region} choose={choose} />
            <div role="tabpanel" id="region-panel" aria-labelledby={`tab-${region}`}>
              <RegionPanel key={region} region={region} />
            </div>
          </>
        )}
      </main>
    </>
  );
}

function RegionTabs({ region, choose }: { region: Region; choose: (region: Region) => void }) {
  const tabs: [Region, string][] = [[Region.INTL, t.regionIntl], [Region.JP, t.regionJp]];
  return (
    <div class="tabs" role="tablist" aria-label={t.regions}>
      {tabs.map(([value, label]) => (
        <a
          key={value}
          id={`tab-${value}`}
          role="tab"
          href={pathOf(value)}
          aria-selected={value === region}
          aria-controls="region-panel"
          onClick={(e) => {
            e.preventDefault();
            choose(value);
          }}
        >
          {label}
        </a>
      ))}
    </div>
  );
}

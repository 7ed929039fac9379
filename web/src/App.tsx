import { useEffect, useState } from "preact/hooks";
import { accounts, isUnauthenticated, messageOf } from "./api";
import type { GetMeResponse } from "./gen/maimai/v1/account_pb";
import { Region } from "./gen/maimai/v1/common_pb";
import { Landing } from "./Landing";
import { RegionPanel } from "./RegionPanel";
import { regionOfLocation, regionPath as pathOf } from "./route";
import { t } from "./strings";

type Me = { kind: "loading" } | { kind: "signedOut" } | { kind: "failed"; message: string } | { kind: "signedIn"; me: GetMeResponse };

/** Asks the server who we are, then shows the landing page or the player's regions. */
export function App() {
  const [me, setMe] = useState<Me>({ kind: "loading" });
  const [region, setRegion] = useState(regionOfLocation);

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
        {me.kind === "signedIn" && <a href="/signin">{t.account}</a>}
      </header>
      <main>
        {me.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
        {me.kind === "signedOut" && <Landing />}
        {me.kind === "failed" && (
          <div role="alert">
            <p>{t.failed}: {me.message}</p>
            <button type="button" onClick={load}>{t.retry}</button>
          </div>
        )}
        {me.kind === "signedIn" && (
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

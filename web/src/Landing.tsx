import { t } from "./strings";

/** What the service does, for someone not signed in. */
export function Landing() {
  return (
    <section class="landing">
      <h1>{t.appName}</h1>
      <p>{t.landingLead}</p>
      <p>{t.landingRegions}</p>
      <p><a class="button" href="/signin">{t.signIn}</a></p>
    </section>
  );
}

import { useEffect, useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { formatCount } from "./format";
import { formatAchievement, formatLevel } from "./game";
import type { GetPlateProgressResponse, Plate, PlateChart } from "./gen/maimai/v1/insights_pb";
import { t } from "./strings";

type Loaded = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "loaded"; progress: GetPlateProgressResponse };

const pageSize = 50;

/** Plate progress (GetPlateProgress): per version group its four plates as bars; opening one lists what is missing. */
export function PlatesCard({ snapshotId }: { snapshotId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    insights.getPlateProgress({ selector: { case: "snapshotId", value: snapshotId }, pageSize }, { signal: abort.signal }).then(
      (progress) => setLoaded({ kind: "loaded", progress }),
      (e: unknown) => !abort.signal.aborted && setLoaded({ kind: "failed", message: messageOf(e) }),
    );
    return () => abort.abort();
  }, [snapshotId]);

  // Groups with no chart on this region (CiRCLE has no plate yet; old groups on a new account) are left out.
  const groups = loaded.kind === "loaded" ? byGroup(loaded.progress.plates) : [];
  return (
    <section class="card wide" aria-labelledby="plates-title">
      <h2 id="plates-title">{t.platesTitle}</h2>
      {loaded.kind === "loading" && <p aria-busy="true">{t.loading}</p>}
      {loaded.kind === "failed" && <p role="alert" class="error">{loaded.message}</p>}
      {loaded.kind === "loaded" && groups.length === 0 && <p>{t.platesNone}</p>}
      {loaded.kind === "loaded" && groups.length > 0 && (
        <>
          <p class="muted">{t.platesLead}</p>
          <div class="plate-groups">
            {groups.map(([name, plates]) => (
              <section key={name} class="plate-group" aria-label={name} data-group={name}>
                <h3>{name} <small class="inline muted">{plates[0]?.versions.join(" / ")}</small></h3>
                {plates.map((p) => <PlateRow key={p.name} snapshotId={snapshotId} plate={p} />)}
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function byGroup(plates: Plate[]): [string, Plate[]][] {
  const groups = new Map<string, Plate[]>();
  for (const p of plates) {
    if (p.total > 0) {
      groups.set(p.versionGroup, [...(groups.get(p.versionGroup) ?? []), p]);
    }
  }
  return [...groups];
}

function PlateRow({ snapshotId, plate }: { snapshotId: string; plate: Plate }) {
  const [missing, setMissing] = useState<PlateChart[]>(plate.missing);
  const [next, setNext] = useState(plate.nextPageToken);
  const [error, setError] = useState<string | null>(null);
  const complete = plate.done === plate.total;

  // The next page of this plate's missing charts: the token continues this plate only (same request fields).
  const more = () => {
    setError(null);
    insights.getPlateProgress({ selector: { case: "snapshotId", value: snapshotId }, pageSize, pageToken: next }).then(
      (page) => {
        const same = page.plates[0];
        setMissing((shown) => [...shown, ...(same?.missing ?? [])]);
        setNext(same?.nextPageToken ?? "");
      },
      (e: unknown) => setError(messageOf(e)),
    );
  };

  return (
    <details class="plate" data-plate={plate.name}>
      <summary>
        <span class="plate-name">{plate.name}</span>
        <progress value={plate.done} max={plate.total} aria-label={t.platesProgress(plate.name)} />
        <span class="num plate-count">{formatCount(plate.done)} / {formatCount(plate.total)}</span>
      </summary>
      <p class="muted">{t.platesRule[plate.kind] ?? ""}</p>
      {complete ? <p>{t.platesComplete}</p> : (
        <>
          <p>{t.platesMissing(plate.total - plate.done)}</p>
          <ul class="plate-missing">
            {missing.map((c) => (
              <li key={c.chartId} data-chart={c.chartId}>
                <span class="song">{c.title}</span>{" "}
                <span class={`difficulty diff-${c.difficulty}`}>{t.chartType[c.chartType]} {t.difficulty[c.difficulty]} {formatLevel(c.levelX10)}</span>{" "}
                <small class="inline muted">
                  {c.played && c.achievementX10000 !== undefined
                    ? `${formatAchievement(c.achievementX10000)} ${t.comboLamp[c.comboLamp]} ${t.syncLamp[c.syncLamp]}`
                    : t.platesUnplayed}
                </small>
              </li>
            ))}
          </ul>
          {next && <button type="button" onClick={more}>{t.platesMore}</button>}
          {error && <p role="alert" class="error">{error}</p>}
        </>
      )}
    </details>
  );
}

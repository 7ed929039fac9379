import { useEffect, useState } from "preact/hooks";
import { isNotFound, messageOf, publicProfiles } from "./api";
import { formatCount, formatDay, formatTime } from "./format";
import { formatAchievement, formatLevel } from "./game";
import { Region } from "./gen/maimai/v1/common_pb";
import type { PublicProfile, PublicRegionProfile } from "./gen/maimai/v1/public_profile_pb";
import type { ChartScore, RecentPlay } from "./gen/maimai/v1/snapshot_pb";
import { s } from "./sharingStrings";
import { t } from "./strings";

type Loaded = { kind: "loading" } | { kind: "notFound" } | { kind: "failed"; message: string } | { kind: "loaded"; profile: PublicProfile };

// Rows drawn before "show all": a phone stays quick on a full account.
const firstRows = 50;

/**
 * A player's public page at /u/<username>, for anyone, signed in or not: only what its owner shares, per region.
 * The server leaves out every part switched off; this page only draws what came.
 */
export function PublicProfilePage({ username }: { username: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    publicProfiles.getPublicProfile({ username }).then(
      (r) => {
        if (r.profile) {
          document.title = s().publicTitle(r.profile.username);
        }
        setLoaded(r.profile ? { kind: "loaded", profile: r.profile } : { kind: "notFound" });
      },
      (e: unknown) => setLoaded(isNotFound(e) ? { kind: "notFound" } : { kind: "failed", message: messageOf(e) }),
    );
  }, [username]);

  if (loaded.kind === "loading") {
    return <p aria-busy="true">{t.loading}</p>;
  }

  if (loaded.kind === "notFound") {
    return <p role="alert">{s().publicNotFound}</p>;
  }

  if (loaded.kind === "failed") {
    return <p role="alert" class="error">{t.failed}: {loaded.message}</p>;
  }

  const { profile } = loaded;
  return (
    <article class="public">
      <h1>{s().publicHeading(profile.username)}</h1>
      {profile.regions.length === 0 && <p>{s().publicNoRegions}</p>}
      {profile.regions.map((r) => (
        <RegionSection key={r.region} username={profile.username} region={r}
          scores={profile.shared?.scores ?? false} plays={profile.shared?.recentPlays ?? false} />
      ))}
    </article>
  );
}

function RegionSection({ username, region: r, scores, plays }: { username: string; region: PublicRegionProfile; scores: boolean; plays: boolean }) {
  const name = r.region === Region.JP ? t.regionJp : t.regionIntl;
  const summary = r.summary;
  return (
    <section class="card" aria-labelledby={`region-${r.region}`}>
      <h2 id={`region-${r.region}`}>{name}</h2>
      <p class="muted">{s().publicAsOf(formatDay(r.takenAt))}</p>
      {summary && (
        <p class="player">
          <strong>{summary.playerName}</strong>{" "}
          <span class={`rating band-${summary.ratingColor}`}>{summary.siteRating}</span>{" "}
          {[t.classRank(summary.classRank), t.courseRank(summary.courseRank)].filter(Boolean).join(" · ")}
        </p>
      )}
      {r.playCounts && <p>{s().publicPlayCounts(formatCount(r.playCounts.versionPlayCount), formatCount(r.playCounts.totalPlayCount))}</p>}
      {scores && <Scores username={username} region={r.region} />}
      {plays && <Plays username={username} region={r.region} />}
    </section>
  );
}

function useAll<T>(load: (pageToken: string, signal: AbortSignal) => Promise<{ items: T[]; next: string }>, key: string) {
  const [state, setState] = useState<{ items: T[] | null; error: string }>({ items: null, error: "" });
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const all: T[] = [];
      let pageToken = "";
      do {
        const page = await load(pageToken, abort.signal);
        all.push(...page.items);
        pageToken = page.next;
      } while (pageToken);
      return all;
    })().then(
      (items) => setState({ items, error: "" }),
      (e: unknown) => !abort.signal.aborted && setState({ items: null, error: messageOf(e) }),
    );
    return () => abort.abort();
  }, [key]);
  return state;
}

function Scores({ username, region }: { username: string; region: Region }) {
  const [all, setAll] = useState(false);
  const { items, error } = useAll<ChartScore>(async (pageToken, signal) => {
    const r = await publicProfiles.listPublicScores({ username, region, pageSize: 500, pageToken }, { signal });
    return { items: r.scores, next: r.nextPageToken };
  }, `${username}/${region}/scores`);
  const shown = items && !all ? items.slice(0, firstRows) : items;
  const withPlays = items?.some((x) => x.playCount !== undefined) ?? false;
  return (
    <>
      <h3>{s().publicScores}</h3>
      {error && <p role="alert" class="error">{error}</p>}
      {!items && !error && <p aria-busy="true">{t.loading}</p>}
      {shown && (
        <div class="scroll">
          <table class="public-scores">
            <thead>
              <tr>
                <th scope="col">{s().publicSong}</th>
                <th scope="col" class="num">{s().publicLevel}</th>
                <th scope="col" class="num">{s().publicAchievement}</th>
                {withPlays && <th scope="col" class="num">{s().publicPlays}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((x) => (
                <tr key={x.chartId}>
                  <td class="song">{x.title}<small class={`difficulty diff-${x.difficulty}`}>{t.chartType[x.chartType]} {t.difficulty[x.difficulty]}</small></td>
                  <td class="num">{formatLevel(x.levelX10)}</td>
                  <td class="num">{formatAchievement(x.achievementX10000)}<small>{t.scoreRank(x.rank)}</small></td>
                  {withPlays && <td class="num">{x.playCount !== undefined ? formatCount(x.playCount) : ""}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items && !all && items.length > firstRows && (
        <button type="button" class="secondary" onClick={() => setAll(true)}>{s().publicShowAll(items.length)}</button>
      )}
    </>
  );
}

function Plays({ username, region }: { username: string; region: Region }) {
  const { items, error } = useAll<RecentPlay>(async (pageToken, signal) => {
    const r = await publicProfiles.listPublicRecentPlays({ username, region, pageSize: 500, pageToken }, { signal });
    return { items: r.plays, next: r.nextPageToken };
  }, `${username}/${region}/plays`);
  return (
    <>
      <h3>{s().publicRecentPlays}</h3>
      {error && <p role="alert" class="error">{error}</p>}
      {!items && !error && <p aria-busy="true">{t.loading}</p>}
      {items?.length === 0 && <p>{s().publicNoPlays}</p>}
      {items && items.length > 0 && (
        <ul class="plays">
          {items.map((p, i) => (
            <li key={i}>
              <strong>{p.title}</strong> <span class={`difficulty diff-${p.difficulty}`}>{t.difficulty[p.difficulty]}</span>{" "}
              {formatAchievement(p.achievementX10000)} <small>{formatTime(p.playedAt)}</small>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

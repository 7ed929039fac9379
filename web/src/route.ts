// The app's addresses: the region is the path's first segment (/intl, /jp), a chosen snapshot the rest
// (/intl/snapshots/<id>), so both a tab and a snapshot can be bookmarked. The server answers index.html for all of
// them (SiteApp.cs); the landing address / shows International.
import { Region } from "./gen/maimai/v1/common_pb";

const segments = () => location.pathname.split("/");

export const regionPath = (region: Region) => (region === Region.JP ? "/jp" : "/intl");

export const snapshotPath = (region: Region, snapshotId: string) =>
  `${regionPath(region)}/snapshots/${encodeURIComponent(snapshotId)}`;

export const regionOfLocation = () => (segments()[1] === "jp" ? Region.JP : Region.INTL);

/** The snapshot the address names; empty for the region's latest. */
export const snapshotOfLocation = () => {
  const [, , kind, id] = segments();
  if (kind !== "snapshots" || !id) {
    return "";
  }

  try {
    return decodeURIComponent(id);
  } catch {
    // A mangled address shows the latest rather than failing the whole page.
    return "";
  }
};

/** The API tokens page's address (SiteApp.cs serves index.html there too). */
export const tokensPath = "/tokens";

export const isTokensPage = () => segments()[1] === "tokens";

/** The sharing settings page's address (SiteApp.cs serves index.html there too). */
export const sharingPath = "/sharing";

export const isSharingPage = () => segments()[1] === "sharing";

/** A public profile's address: /u/<username>, readable signed out. */
export const publicPath = (username: string) => `/u/${encodeURIComponent(username)}`;

/** The username of a public profile's address; empty anywhere else. */
export const publicUsernameOfLocation = () => {
  const [, first, name] = segments();
  if (first !== "u" || !name) {
    return "";
  }

  try {
    return decodeURIComponent(name);
  } catch {
    return "";
  }
};

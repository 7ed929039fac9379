// The maimai.v1 clients over gRPC-Web on this origin. The session cookie rides along (same-origin fetch), and the
// browser's Origin header is what lets the server accept that cookie for gRPC-Web.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { AccountService } from "./gen/maimai/v1/account_pb";
import { AutoRefreshService } from "./gen/maimai/v1/auto_refresh_pb";
import { FetchService } from "./gen/maimai/v1/fetch_pb";
import { InsightsService } from "./gen/maimai/v1/insights_pb";
import { PublicProfileService } from "./gen/maimai/v1/public_profile_pb";
import { SnapshotService } from "./gen/maimai/v1/snapshot_pb";

const transport = createGrpcWebTransport({
  baseUrl: location.origin,
  useBinaryFormat: true,
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
});

export const accounts = createClient(AccountService, transport);
export const fetches = createClient(FetchService, transport);
export const autoRefresh = createClient(AutoRefreshService, transport);
export const snapshots = createClient(SnapshotService, transport);
export const insights = createClient(InsightsService, transport);
// Anonymous: the public pages read it signed out too.
export const publicProfiles = createClient(PublicProfileService, transport);

export const isUnauthenticated = (e: unknown) => ConnectError.from(e).code === Code.Unauthenticated;

export const isNotFound = (e: unknown) => ConnectError.from(e).code === Code.NotFound;

/** The server's own words (its messages say what to do), without the status code prefix. */
export const messageOf = (e: unknown) => ConnectError.from(e).rawMessage;

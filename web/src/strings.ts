// Every word the site shows, in one table, so a Japanese table can sit beside it later.
import { FetchStage, FetchState } from "./gen/maimai/v1/fetch_pb";

export const en = {
  appName: "maimai DX score tracker",
  loading: "Loading…",
  landingLead: "Keeps your maimai DX scores: it reads your records from maimai DX NET when you ask, keeps a snapshot of each visit, and shows how your scores and rating change over time.",
  landingRegions: "Works with the International and the Japanese version.",
  signIn: "Sign in",
  account: "Account and sign out",
  signedInAs: "Signed in as",
  regions: "Regions",
  regionIntl: "International",
  regionJp: "Japan",
  tokenTitle: "maimai DX NET token",
  tokenSet: "Saved",
  tokenNotSet: "Not saved yet: the tracker needs it to read your records.",
  tokenValidAt: "Last worked",
  tokenLastError: "Last problem",
  tokenLabel: "New token",
  tokenSave: "Save token",
  tokenSaved: "Token saved.",
  tokenGuide: "How to find your token",
  fetchTitle: "Fetch",
  fetchNow: "Fetch now",
  fetchStarting: "Starting…",
  fetchPages: (done: number, total: number) => `${done} of ${total} pages`,
  fetchDone: "Done: a new snapshot is saved.",
  fetchFailed: "The fetch failed",
  snapshotTitle: "Latest snapshot",
  snapshotNone: "No snapshot yet: fetch to make the first one.",
  snapshotTaken: "taken",
  rating: "rating",
  stars: "stars",
  plays: "plays",
  failed: "Something went wrong",
  retry: "Try again",
  stage: {
    [FetchStage.UNSPECIFIED]: "Waiting",
    [FetchStage.LOGIN]: "Signing in to DX NET",
    [FetchStage.PLAYER_DATA]: "Reading the profile",
    [FetchStage.SCORES]: "Reading scores",
    [FetchStage.RECORD]: "Reading recent plays",
    [FetchStage.PLAY_DETAILS]: "Reading play details",
    [FetchStage.MUSIC_DETAILS]: "Reading song details",
    [FetchStage.SAVING]: "Saving",
    [FetchStage.DONE]: "Done",
  } satisfies Record<FetchStage, string>,
  state: {
    [FetchState.UNSPECIFIED]: "",
    [FetchState.PENDING]: "Queued",
    [FetchState.RUNNING]: "Running",
    [FetchState.COMPLETED]: "Completed",
    [FetchState.FAILED]: "Failed",
  } satisfies Record<FetchState, string>,
};

export type Strings = typeof en;

/** The table in use; one language for now. */
export const t: Strings = en;

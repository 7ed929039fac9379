// How the game writes its numbers. The API sends fixed point (common.proto): a level x10, an achievement x10000.

// The first tenth of an internal level the game displays as "+" (mai-tools, src/common/level-helper.ts,
// getMinMinorOfPlus: 0.6 after BUDDiES PLUS, 0.7 before).
const plusFromTenth = 6;

/**
 * A level as the game displays it. The API sends the displayed level x10, "13+" as 137 by convention, but a level
 * taken from an internal one may carry its tenth (136), so the game's own rule decides: since PRiSM an internal
 * N.0 to N.5 displays as "N" and N.6 to N.9 as "N+" (before PRiSM, "+" began at N.7). 136 is "13+", 135 is "13".
 */
export const formatLevel = (levelX10: number) => `${Math.floor(levelX10 / 10)}${levelX10 % 10 >= plusFromTenth ? "+" : ""}`;

/** A precise (internal) level: 137 is "13.7". */
export const formatInternalLevel = (levelX10: number) => (levelX10 / 10).toFixed(1);

/** An achievement as the result screen shows it: 1005000 is "100.5000%". */
export const formatAchievement = (x10000: number) => `${(x10000 / 10000).toFixed(4)}%`;

// The share of the largest DX score each DX star needs (85%, 90%, 93%, 95%, 97%).
const dxStarSteps = [0.85, 0.9, 0.93, 0.95, 0.97];

/** The DX stars (0 to 5) a DX score earns on its chart. */
export const dxStars = (dxScore: number, dxScoreMax: number) =>
  dxScoreMax > 0 ? dxStarSteps.filter((step) => dxScore >= step * dxScoreMax).length : 0;

/** The rating's colour bands (common.proto, RatingColor): where each starts and its plate colour, lowest first. */
export const ratingBands: readonly { from: number; color: string }[] = [
  { from: 0, color: "#dddddd" },
  { from: 1000, color: "#6fc3ff" },
  { from: 2000, color: "#7ed957" },
  { from: 4000, color: "#ffc93c" },
  { from: 7000, color: "#ff6b6b" },
  { from: 10000, color: "#b57bff" },
  { from: 12000, color: "#c98b4e" },
  { from: 13000, color: "#c9d1d9" },
  { from: 14000, color: "#f0c419" },
  { from: 14500, color: "#e5e4e2" },
  { from: 15000, color: "url(#rainbow)" },
];

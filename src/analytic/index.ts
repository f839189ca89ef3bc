/** Queueing formulas for cross-checks and starting points: Erlang C, Erlang A, staffing, per-interval staffing. */
export * from "./erlangC.js";
export * from "./erlangA.js";
export * from "./performance.js";
export * from "./staffing.js";
export * from "./tierDemand.js";
export * from "./intervalStaffing.js";

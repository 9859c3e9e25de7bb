/** The core: pure functions from grids of cell values to reports and roll-ups. No Office, DOM or file I/O. */
export * from "./grid";
export * from "./decimal";
export * from "./findings";
export * from "./header";
export * from "./layout";
export * from "./numbers";
export * from "./read";
export * from "./detect";
export * from "./validate";
export * from "./consolidate";
export * from "./analyze";
export * from "./rollup-layout";
export * from "./compare";
export * from "./review";
export * from "./summary";
export * from "./verdict";
export * from "./roster";

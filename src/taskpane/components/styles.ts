import { makeStyles, tokens } from "@fluentui/react-components";

/** shared layout: one column, usable from 320 px wide */
export const usePanelStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalM,
    minWidth: 0,
    "& > *": { minWidth: 0 },
  },
  /** a native select is as wide as its longest option (template titles are long): let it shrink */
  select: { minWidth: 0, maxWidth: "100%" },
  selectElement: { minWidth: 0, width: "100%", textOverflow: "ellipsis" },
  row: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
    alignItems: "center",
  },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  plainList: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  finding: {
    display: "flex",
    columnGap: tokens.spacingHorizontalXS,
    alignItems: "baseline",
    overflowWrap: "anywhere",
  },
  badge: { flexShrink: 0 },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowWrap: "anywhere", minWidth: 0 },
  fileInput: { maxWidth: "100%" },
});

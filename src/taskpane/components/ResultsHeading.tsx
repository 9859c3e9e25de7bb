import type { Ref } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  // Subtitle2's type, spelled out: spreading typographyStyles keeps Fluent's whole token map in the first chunk
  heading: {
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase400,
    margin: 0,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/** the heading over a run's results: focused after every run (tabIndex -1 takes focus without joining the Tab order) */
export function ResultsHeading({ headingRef, children }: { headingRef: Ref<HTMLHeadingElement>; children: string }) {
  const styles = useStyles();
  return (
    <h2 className={styles.heading} tabIndex={-1} ref={headingRef}>
      {children}
    </h2>
  );
}

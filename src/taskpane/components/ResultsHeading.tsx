import type { Ref } from "react";
import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  heading: { ...typographyStyles.subtitle2, margin: 0, ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
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

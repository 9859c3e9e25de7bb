/**
 * After a roll-up: the units' 查处网络违法案件 and 罚没款 as horizontal bars, in plain SVG (no chart
 * library, no external loads). Loaded lazily (lazy.ts: loadChart), so the pane's first chunk stays small.
 */
import { makeStyles, Subtitle2 } from "@fluentui/react-components";
import type { Contribution } from "../../core/consolidate";
import type { Template } from "../../templates";
import { placeName } from "../../core/place-name";

// Fluent's tokens are these CSS variables. Named here, not through `tokens`: a lazy chunk reading the
// tokens object keeps its whole map (about 9 KiB gz) in the pane's first chunk.
const FOREGROUND = "var(--colorNeutralForeground1)";
const BAR = "var(--colorBrandBackground)";

const useStyles = makeStyles({
  figure: { margin: 0, display: "flex", flexDirection: "column", rowGap: "var(--spacingVerticalXS)" },
  // drawn for a pane; on a wide page it keeps a pane's size rather than growing its letters
  svg: { width: "100%", maxWidth: "480px", height: "auto", fontFamily: "var(--fontFamilyBase)" },
});

/** the charted items, by their label in the template (a campaign's id may differ) */
const CHARTED = ["查处网络违法案件", "罚没款"];

export interface ChartSeries {
  label: string;
  unit: string;
  bars: { name: string; value: number; text: string }[];
}

export function chartSeries(template: Template, accepted: readonly Contribution[]): ChartSeries[] {
  const items = template.sections.flatMap((s) => s.items);
  return CHARTED.flatMap((label) => {
    const item = items.find((i) => i.label === label);
    if (!item) return [];
    const bars = accepted.map((a) => {
      const text = a.values[item.id] ?? "0";
      return { name: placeName(a.unit), value: Number(text) || 0, text };
    });
    return [{ label, unit: item.unit, bars }];
  });
}

const ROW = 22;
const NAME_WIDTH = 90;
const WIDTH = 320;

function Bars({ series }: { series: ChartSeries }) {
  const styles = useStyles();
  const max = Math.max(...series.bars.map((b) => b.value), 0);
  const barSpace = WIDTH - NAME_WIDTH - 60;
  const height = series.bars.length * ROW + 4;
  const title = `${series.label}（${series.unit}）`;
  return (
    <figure className={styles.figure}>
      <Subtitle2 as="h4" style={{ margin: 0 }}>
        {title}
      </Subtitle2>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}：${series.bars.map((b) => `${b.name} ${b.text}`).join("，")}`}
      >
        {series.bars.map((b, i) => {
          const y = i * ROW + 2;
          const w = max > 0 ? Math.max((b.value / max) * barSpace, b.value > 0 ? 1 : 0) : 0;
          return (
            <g key={`${b.name}${i}`}>
              <text x={NAME_WIDTH - 6} y={y + ROW / 2 + 4} textAnchor="end" fontSize="12" fill={FOREGROUND}>
                {b.name}
              </text>
              <rect x={NAME_WIDTH} y={y + 3} width={w} height={ROW - 8} fill={BAR} />
              <text x={NAME_WIDTH + w + 4} y={y + ROW / 2 + 4} fontSize="12" fill={FOREGROUND}>
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function CountyChart({ template, accepted }: { template: Template; accepted: readonly Contribution[] }) {
  const series = chartSeries(template, accepted);
  if (series.length === 0 || accepted.length === 0) return null;
  return (
    <section aria-label="各单位情况图">
      {series.map((s) => (
        <Bars key={s.label} series={s} />
      ))}
    </section>
  );
}

export default CountyChart;

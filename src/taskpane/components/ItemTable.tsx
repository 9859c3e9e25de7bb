import { Fragment } from "react";
import { Button, Input, Select, Textarea, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { NumberKind, Template } from "../../templates";
import {
  KIND_TEXT,
  itemText,
  kindOf,
  removeItem,
  setItemKind,
  setItemLabel,
  setItemUnit,
  setSectionName,
  type Draft,
  type DraftProblem,
} from "../template-edit";

export interface ItemTableProps {
  template: Template;
  /** the problems by field ("section:<id>", "label:<id>", "unit:<id>") */
  problems: ReadonlyMap<string, DraftProblem>;
  /** the element id of a field, so that 确认使用 can take the keyboard to it */
  fieldId(field: string): string;
  onChange(edit: (d: Draft) => Draft): void;
}

const NUMERALS = "一二三四五六七八九十";

/** 一 … 十, 十一 … 十九, then digits: the section numbers of the printed table */
export function sectionNumber(i: number): string {
  const n = i + 1;
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  return String(n);
}

const useStyles = makeStyles({
  table: { width: "100%", tableLayout: "fixed", borderCollapse: "collapse" },
  // narrower in a task pane, so that item names keep some room
  unitCol: { width: "4.5em", "@media (max-width: 480px)": { width: "3.6em" } },
  kindCol: { width: "5.4em", "@media (max-width: 480px)": { width: "4.8em" } },
  deleteCol: { width: "3em", "@media (max-width: 480px)": { width: "2.6em" } },
  /** Field shows this for its own inputs; these stand alone in the table */
  invalid: {
    borderTopColor: tokens.colorPaletteRedBorder2,
    borderRightColor: tokens.colorPaletteRedBorder2,
    borderBottomColor: tokens.colorPaletteRedBorder2,
    borderLeftColor: tokens.colorPaletteRedBorder2,
  },
  head: {
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
    paddingBottom: tokens.spacingVerticalXXS,
  },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
  cell: { paddingTop: "1px", paddingBottom: "1px", paddingRight: tokens.spacingHorizontalXXS, verticalAlign: "top" },
  last: { paddingRight: 0 },
  sectionCell: {
    textAlign: "start",
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalXXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  sectionLine: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS, fontWeight: tokens.fontWeightSemibold },
  sectionName: { flexGrow: 1, minWidth: 0, maxWidth: "24em" },
  sectionInput: { fontWeight: tokens.fontWeightSemibold },
  count: { flexShrink: 0, fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  group: { paddingTop: tokens.spacingVerticalXXS, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  fill: { width: "100%", minWidth: 0 },
  /** a long item name wraps inside its box instead of being cut off (Chromium, Edge; elsewhere one line that scrolls) */
  label: { width: "100%", minWidth: 0, minHeight: 0 },
  labelText: { fieldSizing: "content", minHeight: 0, height: "auto", paddingTop: "2px", paddingBottom: "2px", resize: "none" },
  deleteButton: { minWidth: 0, width: "100%", paddingLeft: 0, paddingRight: 0 },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, paddingBottom: tokens.spacingVerticalXS },
});

/**
 * 部门和项目 as a compact table: a department's name on its own row, then one row per item — name (wraps),
 * unit, number kind, 删除 — edited in place. A field's problem is said on a row under it.
 */
export function ItemTable({ template: t, problems, fieldId, onChange }: ItemTableProps) {
  const own = useStyles();
  const cell = own.cell;
  const describedBy = (...fields: string[]) =>
    fields
      .filter((f) => problems.has(f))
      .map((f) => `${fieldId(f)}-problem`)
      .join(" ") || undefined;

  return (
    <table className={own.table} aria-label="部门和项目">
      <colgroup>
        <col />
        <col className={own.unitCol} />
        <col className={own.kindCol} />
        <col className={own.deleteCol} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className={own.head}>
            项目名称
          </th>
          <th scope="col" className={own.head}>
            单位
          </th>
          <th scope="col" className={own.head}>
            数值
          </th>
          <th scope="col" className={own.head}>
            <span className={own.hidden}>删除</span>
          </th>
        </tr>
      </thead>
      {t.sections.map((s, si) => {
        const sectionProblem = problems.get(`section:${s.id}`);
        let group: string | undefined;
        return (
          <tbody key={s.id}>
            <tr>
              <th colSpan={4} scope="rowgroup" className={own.sectionCell}>
                <div className={own.sectionLine}>
                  <span aria-hidden="true">{sectionNumber(si)}、</span>
                  <Input
                    id={fieldId(`section:${s.id}`)}
                    className={mergeClasses(own.sectionName, sectionProblem && own.invalid)}
                    input={{ className: own.sectionInput }}
                    size="small"
                    aria-label={`第${sectionNumber(si)}部分：部门名称`}
                    aria-invalid={sectionProblem ? true : undefined}
                    aria-describedby={describedBy(`section:${s.id}`)}
                    value={s.name}
                    onChange={(_, d) => onChange((x) => setSectionName(x, s.id, d.value))}
                  />
                  <span className={own.count}>{s.items.length} 项</span>
                </div>
                {sectionProblem ? (
                  <div id={`${fieldId(`section:${s.id}`)}-problem`} className={own.error}>
                    {sectionProblem.short}
                  </div>
                ) : null}
              </th>
            </tr>
            {s.items.map((i, ii) => {
              const showGroup = i.group && i.group !== group;
              group = i.group;
              const who = `${s.name}第${ii + 1}项`;
              const labelField = `label:${i.id}`;
              const unitField = `unit:${i.id}`;
              const rowProblems = [problems.get(labelField), problems.get(unitField)];
              return (
                <Fragment key={i.id}>
                  {showGroup ? (
                    <tr>
                      <td colSpan={4} className={own.group}>
                        {i.group}：
                      </td>
                    </tr>
                  ) : null}
                  <tr>
                    <td className={cell}>
                      <Textarea
                        id={fieldId(labelField)}
                        className={mergeClasses(own.label, rowProblems[0] && own.invalid)}
                        textarea={{ className: own.labelText, rows: 1 }}
                        size="small"
                        resize="none"
                        aria-label={`${who}：名称`}
                        aria-invalid={rowProblems[0] ? true : undefined}
                        aria-describedby={describedBy(labelField)}
                        value={i.label}
                        // a name is one line: a typed or pasted line break is dropped
                        onChange={(_, d) => onChange((x) => setItemLabel(x, i.id, d.value.replace(/\s*[\r\n]+\s*/g, "")))}
                      />
                    </td>
                    <td className={cell}>
                      <Input
                        id={fieldId(unitField)}
                        className={mergeClasses(own.fill, rowProblems[1] && own.invalid)}
                        size="small"
                        aria-label={`${who}：单位`}
                        aria-invalid={rowProblems[1] ? true : undefined}
                        aria-describedby={describedBy(unitField)}
                        value={i.unit}
                        onChange={(_, d) => onChange((x) => setItemUnit(x, i.id, d.value))}
                      />
                    </td>
                    <td className={cell}>
                      <Select
                        className={own.fill}
                        size="small"
                        aria-label={`${who}：数值类型`}
                        value={kindOf(i)}
                        onChange={(_, d) => onChange((x) => setItemKind(x, i.id, d.value as NumberKind))}
                      >
                        <option value="count">{KIND_TEXT.count}</option>
                        <option value="decimal">{KIND_TEXT.decimal}</option>
                      </Select>
                    </td>
                    <td className={mergeClasses(cell, own.last)}>
                      <Button
                        className={own.deleteButton}
                        size="small"
                        appearance="subtle"
                        aria-label={`删除项目“${itemText(i)}”`}
                        onClick={() => onChange((x) => removeItem(x, i.id))}
                      >
                        删除
                      </Button>
                    </td>
                  </tr>
                  {rowProblems.some(Boolean) ? (
                    <tr>
                      <td colSpan={4} className={own.error}>
                        {[labelField, unitField].map((f) =>
                          problems.has(f) ? (
                            <div key={f} id={`${fieldId(f)}-problem`}>
                              {problems.get(f)!.short}
                            </div>
                          ) : null,
                        )}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}

/**
 * The task pane (also the standalone web page): three tabs — 插入统计表, 一键校验, 汇总 — over a
 * PaneActions given as a prop, so that every component is tested without Office.
 */
import { useMemo, useState } from "react";
import { Caption1, FluentProvider, makeStyles, Tab, TabList, Title3, tokens, webLightTheme } from "@fluentui/react-components";
import type { Template } from "../templates";
import type { PaneActions } from "./actions";
import { ConsolidatePanel } from "./components/ConsolidatePanel";
import { InsertPanel } from "./components/InsertPanel";
import { TemplatePicker } from "./components/TemplatePicker";
import { ValidatePanel } from "./components/ValidatePanel";

export interface AppProps {
  actions: PaneActions;
  /** the built-in templates (templates imported during the session are added to them) */
  templates: readonly Template[];
}

type TabValue = "insert" | "validate" | "consolidate";

const TABS: { value: TabValue; label: string }[] = [
  { value: "insert", label: "插入统计表" },
  { value: "validate", label: "一键校验" },
  { value: "consolidate", label: "汇总" },
];

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    minWidth: "280px",
    maxWidth: "720px",
    margin: "0 auto",
    paddingTop: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalXXL,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    fontFamily: tokens.fontFamilyBase,
  },
  title: { margin: 0 },
  tabs: { marginTop: tokens.spacingVerticalS, marginLeft: `calc(-1 * ${tokens.spacingHorizontalM})` },
});

export function App({ actions, templates: builtins }: AppProps) {
  const styles = useStyles();
  const [tab, setTab] = useState<TabValue>("insert");
  const [imported, setImported] = useState<Template[]>([]);
  // newest campaign first: it is the one most likely wanted
  const templates = useMemo(
    () => [...builtins.filter((b) => !imported.some((t) => t.id === b.id)), ...imported].sort((a, b) => b.year - a.year),
    [builtins, imported],
  );
  const [templateId, setTemplateId] = useState(() => [...builtins].sort((a, b) => b.year - a.year)[0]?.id ?? "");
  const template = templates.find((t) => t.id === templateId) ?? templates[0];

  const picker = (
    <TemplatePicker
      templates={templates}
      value={template?.id ?? ""}
      onChange={setTemplateId}
      parseTemplate={(text) => actions.parseTemplate(text)}
      onImported={(t) => {
        setImported((list) => [...list.filter((x) => x.id !== t.id), t]);
        setTemplateId(t.id);
      }}
    />
  );

  return (
    <FluentProvider theme={webLightTheme} lang="zh-CN">
      <main className={styles.root} data-mode={actions.mode}>
        <Title3 as="h1" className={styles.title}>
          专项行动统计表助手
        </Title3>
        {actions.mode === "standalone" ? <Caption1 block>网页版：处理 Excel 文件，数据不离开本机。</Caption1> : null}
        <TabList className={styles.tabs} size="small" selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabValue)} aria-label="功能">
          {TABS.map((t) => (
            <Tab key={t.value} value={t.value} id={`tab-${t.value}`} aria-controls={`panel-${t.value}`}>
              {t.label}
            </Tab>
          ))}
        </TabList>
        {/* all panels stay mounted (hidden), so switching tabs keeps what was typed and found */}
        <div role="tabpanel" id="panel-insert" aria-labelledby="tab-insert" hidden={tab !== "insert"}>
          <InsertPanel actions={actions} template={template} picker={tab === "insert" ? picker : null} />
        </div>
        <div role="tabpanel" id="panel-validate" aria-labelledby="tab-validate" hidden={tab !== "validate"}>
          <ValidatePanel actions={actions} templates={templates} />
        </div>
        <div role="tabpanel" id="panel-consolidate" aria-labelledby="tab-consolidate" hidden={tab !== "consolidate"}>
          <ConsolidatePanel actions={actions} template={template} templates={templates} picker={tab === "consolidate" ? picker : null} active={tab === "consolidate"} />
        </div>
      </main>
    </FluentProvider>
  );
}

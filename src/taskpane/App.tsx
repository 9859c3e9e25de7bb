/**
 * The task pane (also the standalone web page): three tabs — 插入统计表, 一键校验, 汇总 — over a
 * PaneActions given as a prop, so that every component is tested without Office.
 *
 * Templates: the built-ins, those saved in the open workbook (Excel, read on startup: "【本工作簿】"),
 * and those imported during the session (导入新模板: read, reviewed in TemplateReview, confirmed).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Caption1, FluentProvider, makeStyles, Tab, TabList, Title3, tokens, webLightTheme } from "@fluentui/react-components";
import type { Template } from "../templates";
import type { LearnOutcome, PaneActions } from "./actions";
import { errorText } from "./text";
import { ConsolidatePanel } from "./components/ConsolidatePanel";
import { InsertPanel } from "./components/InsertPanel";
import { TemplatePicker, type ImportSource, type PickerNotice, type TemplateOrigin } from "./components/TemplatePicker";
import { TemplateReview } from "./components/TemplateReview";
import { UsageSteps } from "./components/UsageSteps";
import { ValidatePanel } from "./components/ValidatePanel";

export interface AppProps {
  actions: PaneActions;
  /** the built-in templates (the workbook's and those imported during the session are added to them) */
  templates: readonly Template[];
}

interface ExtraTemplate {
  template: Template;
  origin: TemplateOrigin;
  /** an imported template: its file and date (kept across reloads on the web page) */
  source?: ImportSource;
}

type TabValue = "insert" | "validate" | "consolidate";

const TABS: { value: TabValue; label: string }[] = [
  // on the web page the first tab downloads the template (it inserts nothing)
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
  const [extra, setExtra] = useState<ExtraTemplate[]>([]);
  // newest campaign first: it is the one most likely wanted
  const templates = useMemo(
    () =>
      [...builtins.filter((b) => !extra.some((x) => x.template.id === b.id)), ...extra.map((x) => x.template)].sort(
        (a, b) => b.year - a.year,
      ),
    [builtins, extra],
  );
  const origins = useMemo(() => new Map(extra.map((x) => [x.template.id, x.origin] as const)), [extra]);
  const sources = useMemo(() => new Map(extra.flatMap((x) => (x.source ? [[x.template.id, x.source] as const] : []))), [extra]);
  const [templateId, setTemplateId] = useState(() => [...builtins].sort((a, b) => b.year - a.year)[0]?.id ?? "");
  const chosen = useRef(false);
  const template = templates.find((t) => t.id === templateId) ?? templates[0];
  const [review, setReview] = useState<Extract<LearnOutcome, { ok: true }> | null>(null);
  const [notice, setNotice] = useState<PickerNotice | null>(null);
  const importRef = useRef<HTMLButtonElement>(null);
  const reviewed = useRef(false);

  // Excel: the templates saved in this workbook (learned by a colleague) join the list
  useEffect(() => {
    if (actions.mode !== "excel") return;
    let live = true;
    actions.readWorkbookTemplates().then(
      (found) => {
        if (!live || found.length === 0) return;
        setExtra((list) => [
          ...list.filter((x) => !found.some((f) => f.id === x.template.id)),
          ...found.map((template) => ({ template, origin: "workbook" as const })),
        ]);
        // nothing chosen yet: a workbook template of this year or later is the one to use
        if (!chosen.current) {
          const newest = [...found].sort((a, b) => b.year - a.year)[0];
          const current = [...builtins].sort((a, b) => b.year - a.year)[0];
          if (!current || newest.year >= current.year) setTemplateId(newest.id);
        }
      },
      (e: unknown) => console.warn("读取本工作簿中保存的模板失败", e),
    );
    return () => {
      live = false;
    };
  }, [actions, builtins]);

  // web page: the templates imported earlier in this browser
  useEffect(() => {
    if (actions.mode !== "standalone") return;
    let live = true;
    actions.listImportedTemplates().then(
      (found) => {
        if (!live || found.length === 0) return;
        setExtra((list) => [
          ...list.filter((x) => !found.some((f) => f.template.id === x.template.id)),
          ...found.map((f) => ({
            template: f.template,
            origin: "imported" as const,
            source: { fileName: f.fileName, importedAt: f.importedAt },
          })),
        ]);
      },
      (e: unknown) => console.warn("读取本浏览器中保存的模板失败", e),
    );
    return () => {
      live = false;
    };
  }, [actions]);

  // back from the review: focus where the user was
  useEffect(() => {
    if (review) reviewed.current = true;
    else if (reviewed.current) importRef.current?.focus();
  }, [review]);

  const choose = (id: string) => {
    chosen.current = true;
    setTemplateId(id);
  };

  const picker = (
    <TemplatePicker
      templates={templates}
      origins={origins}
      value={template?.id ?? ""}
      onChange={choose}
      learnTemplate={(file) => actions.learnTemplate(file, templates)}
      onLearned={setReview}
      exportTemplate={(t) => actions.exportTemplate(t)}
      notice={notice}
      onNotice={setNotice}
      importRef={importRef}
      sources={sources}
      {...(actions.mode === "standalone" ? { onRemove: (id: string) => void remove(id) } : {})}
    />
  );

  async function remove(id: string) {
    if (actions.mode !== "standalone") return;
    const title = templates.find((t) => t.id === id)?.title ?? "";
    try {
      await actions.removeImportedTemplate(id);
    } catch (e) {
      setNotice({ intent: "error", title: "未能删除模板", lines: [errorText(e).message] });
      return;
    }
    setExtra((list) => list.filter((x) => x.template.id !== id));
    if (templateId === id) setTemplateId([...builtins].sort((a, b) => b.year - a.year)[0]?.id ?? "");
    setNotice({ intent: "success", lines: [`已删除模板《${title}》。`] });
  }

  function confirmed(t: Template) {
    const source: ImportSource = { fileName: review?.fileName ?? "", importedAt: new Date().toISOString() };
    setExtra((list) => [...list.filter((x) => x.template.id !== t.id), { template: t, origin: "imported", source }]);
    // web page: kept in this browser, so a reload does not lose it
    if (actions.mode === "standalone")
      actions.saveImportedTemplate({ template: t, ...source }).catch((e: unknown) => {
        setNotice({
          intent: "error",
          title: "模板只能在本次使用",
          lines: [`未能保存到本浏览器（${errorText(e).message}），刷新页面后需要重新导入。`],
        });
      });
    choose(t.id);
    setReview(null);
    setNotice({
      intent: "success",
      lines: [
        `已添加模板《${t.title}》，并已选为当前模板。` +
          (actions.mode === "excel"
            ? "插入统计表时，模板会一起保存在本工作簿中。"
            : "模板已保存在本浏览器中，刷新页面后仍可使用；下载的空白模板中也带有这个模板。"),
      ],
    });
  }

  /** Excel: a template saved with the workbook by an insert is now the workbook's */
  function inserted(t: Template, stored: boolean) {
    if (stored) setExtra((list) => list.map((x) => (x.template.id === t.id ? { ...x, origin: "workbook" } : x)));
  }

  return (
    <FluentProvider theme={webLightTheme} lang="zh-CN">
      <main className={styles.root} data-mode={actions.mode}>
        <Title3 as="h1" className={styles.title}>
          专项行动统计表助手
        </Title3>
        {actions.mode === "standalone" ? (
          <>
            <Caption1 block>网页版：处理 Excel 文件，数据不离开本机。</Caption1>
            <UsageSteps />
          </>
        ) : null}
        {review ? (
          <TemplateReview
            outcome={review}
            parseTemplate={(text) => actions.parseTemplate(text)}
            excel={actions.mode === "excel"}
            onConfirm={confirmed}
            onCancel={() => setReview(null)}
          />
        ) : null}
        {/* while reviewing, the tabs stay mounted (hidden): nothing typed or found is lost */}
        <div hidden={!!review}>
          <TabList
            className={styles.tabs}
            size="small"
            selectedValue={tab}
            onTabSelect={(_, d) => setTab(d.value as TabValue)}
            aria-label="功能"
          >
            {TABS.map((t) => (
              <Tab key={t.value} value={t.value} id={`tab-${t.value}`} aria-controls={`panel-${t.value}`}>
                {t.value === "insert" && actions.mode === "standalone" ? "下载空白模板" : t.label}
              </Tab>
            ))}
          </TabList>
          {/* all panels stay mounted (hidden), so switching tabs keeps what was typed and found */}
          <div role="tabpanel" id="panel-insert" aria-labelledby="tab-insert" hidden={tab !== "insert"}>
            <InsertPanel actions={actions} template={template} picker={tab === "insert" ? picker : null} onInserted={inserted} />
          </div>
          <div role="tabpanel" id="panel-validate" aria-labelledby="tab-validate" hidden={tab !== "validate"}>
            <ValidatePanel actions={actions} templates={templates} />
          </div>
          <div role="tabpanel" id="panel-consolidate" aria-labelledby="tab-consolidate" hidden={tab !== "consolidate"}>
            <ConsolidatePanel
              actions={actions}
              template={template}
              templates={templates}
              picker={tab === "consolidate" ? picker : null}
              active={tab === "consolidate"}
            />
          </div>
        </div>
      </main>
    </FluentProvider>
  );
}

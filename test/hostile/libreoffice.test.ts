/**
 * Real legacy files made by LibreOffice (soffice --headless --convert-to): a county's filled table saved
 * as .xls (BIFF8) and as .ods, and a CSV saved as .xls. The .xlsx reader alone (and an analysis without
 * SheetJS) refuses each with the Chinese message telling the clerk to save as .xlsx; the command line reads
 * them with SheetJS: the county's table passes in both formats, the CSV export is named "not a statistics
 * table", with no stack trace. Needs soffice (programs.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWorkbook } from "../../src/files/xlsx-read";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { main } from "../../src/cli/cli";
import { bufferIo } from "../../src/cli/io";
import { renderMessage } from "../../src/messages/zh-CN";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou } from "../support/fixtures";
import { programPath, requirePrograms } from "../support/programs";
import { exceljsWorkbook, tableGrid } from "./support/corpus";

const SOFFICE = programPath("soffice");

requirePrograms("soffice").describe("files saved by LibreOffice in formats other than .xlsx", () => {
  let dir: string;
  let profile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cs-lo-"));
    profile = mkdtempSync(join(tmpdir(), "lo-profile-"));
    writeFileSync(join(dir, "章贡区.xlsx"), await exceljsWorkbook([{ grid: tableGrid(ganzhou, "章贡区") }]));
    writeFileSync(join(dir, "导出.csv"), "项目,数量,备注\n清理网上违法有害信息（条）,12,\n查处网络违法案件（件）,3,\n");
    const convert = (to: string, files: string[]) =>
      execFileSync(
        SOFFICE,
        [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", to, "--outdir", dir, ...files.map((f) => join(dir, f))],
        {
          stdio: "pipe",
          timeout: 80_000,
        },
      );
    convert("xls", ["章贡区.xlsx", "导出.csv"]);
    convert("ods", ["章贡区.xlsx"]);
  }, 90_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  test.each([
    ["章贡区.xls", "legacy-xls", "file-legacy-xls", "这是旧版 .xls 格式；请在 Excel 或 WPS 中打开后“另存为”.xlsx 再提交。"],
    ["导出.xls", "legacy-xls", "file-legacy-xls", "这是旧版 .xls 格式；请在 Excel 或 WPS 中打开后“另存为”.xlsx 再提交。"],
    [
      "章贡区.ods",
      "not-zip",
      "file-not-xlsx",
      "这是 OpenDocument 表格（.ods）而非 Excel 工作簿；请在 WPS 或 Excel 中打开后“另存为”.xlsx 再提交。",
    ],
  ])("%s: %s → %s", (name, kind, code, message) => {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    const r = readWorkbook(bytes);
    expect(!r.ok && r.failure.kind).toBe(kind);
    const a = analyzeWorkbookBytes(name, bytes, BUILTIN_TEMPLATES, ganzhou);
    expect(a.input.findings).toHaveLength(1);
    expect(a.input.findings[0]).toMatchObject({ code, file: name, severity: "error" });
    expect(renderMessage(a.input.findings[0])).toBe(message);
  });

  test("the command line reads them: the county's .xls and .ods pass, the CSV export is no statistics table", async () => {
    const io = bufferIo();
    const [xls, csvXls, ods] = ["章贡区.xls", "导出.xls", "章贡区.ods"].map((f) => join(dir, f));
    const status = await main(["validate", xls, csvXls, ods, "--template", "ganzhou-2022"], io);
    expect(status).toBe(1);
    const out = io.out() + io.err();
    expect(out).toContain(`✓ ${xls}：章贡区`);
    expect(out).toContain(`✓ ${ods}：章贡区`);
    expect(out).toContain(`✗ ${csvXls}：`);
    expect(out).toContain("没有找到统计表");
    expect(out).not.toContain("旧版 .xls 格式");
    expect(out).not.toMatch(/^\s+at .+:\d+/m);
  });
});

/**
 * Excel stops a batch at its first failing command and keeps the commands before it. The marks' batch
 * begins with unprotect: whatever fails after it, the sheet must end up protected exactly as before, and
 * the message must name the real cause (not "password protected").
 */
import { clearMarks, insertTemplateSheet, isMarkFormula, markFindings, validateSheet } from "../../src/excel";
import { BUILTIN_TEMPLATES } from "../../src/templates";
import { ganzhou, validValues } from "../support/fixtures";
import { ALL_APIS, BookModel, FakeContext, type SheetModel } from "./fake-excel";

const USER_OPTIONS = { allowFormatColumns: true, allowFormatRows: false, allowInsertRows: true, allowAutoFilter: true };

async function protectedSheetWithFindings(): Promise<{ book: BookModel; sheet: SheetModel }> {
  const book = new BookModel();
  const values: Record<string, number | string> = { ...validValues(ganzhou) };
  delete values.police_cases;
  values.police_info = "若干";
  await insertTemplateSheet(
    new FakeContext(book).asContext(),
    ganzhou,
    { header: { unit: "章贡区市场监督管理局", date: "11月20日", stage: "全面" }, values },
    { isSetSupported: ALL_APIS },
  );
  const sheet = book.sheet("统计表");
  // the user's own protection, with options of their own
  sheet.protection = { protected: true, options: { ...USER_OPTIONS } };
  return { book, sheet };
}

const ourMarks = (sheet: SheetModel) => sheet.cfs.filter((cf) => isMarkFormula(cf.formula)).length;

const FAILURES: [string, string, string][] = [
  // command that fails, Office error code, our code expected
  ["conditionalFormats.add", "AccessDenied", "protected"],
  ["conditionalFormats.add", "GeneralException", "general"],
  ["conditionalFormats.add", "RequestPayloadSizeLimitExceeded", "too-large"],
  ["conditionalFormats.add", "InvalidArgument", "invalid-argument"],
  ["\\.protect$", "GeneralException", "general"],
  ["\\.protect$", "Conflict", "conflict"],
];

describe.each(FAILURES)("marking fails at %s with %s", (command, officeCode, code) => {
  test("the sheet is protected as before and the error is the real cause", async () => {
    const { book, sheet } = await protectedSheetWithFindings();
    const ctx = new FakeContext(book);
    ctx.failWhen(new RegExp(command), officeCode);
    const result = await validateSheet(ctx.asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
    expect(result.marks.status).toBe("failed");
    const error = result.marks.status === "failed" ? result.marks.error : undefined;
    expect(error).toMatchObject({ officeCode });
    expect(error?.code).toBe(code);
    expect(error?.message).not.toMatch(/密码/);
    expect(sheet.protection).toEqual({ protected: true, options: USER_OPTIONS });
  });
});

test("when protecting again fails too, the message says so and what to do", async () => {
  const { book, sheet } = await protectedSheetWithFindings();
  const { findings } = await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS, mark: false });
  expect(findings.length).toBeGreaterThan(0);
  const ctx = new FakeContext(book);
  ctx.failWhen("conditionalFormats.add", "GeneralException");
  ctx.failWhen(/\.protect$/, "GeneralException");
  const result = await markFindings(ctx.asContext(), "统计表", findings, { isSetSupported: ALL_APIS });
  expect(result).toMatchObject({ status: "failed", error: { message: expect.stringMatching(/工作表保护未能自动恢复.*保护工作表/) } });
  expect(sheet.protection.protected).toBe(false);
});

test("clearing marks: a failure after unprotect leaves the sheet protected as before", async () => {
  const { book, sheet } = await protectedSheetWithFindings();
  await validateSheet(new FakeContext(book).asContext(), BUILTIN_TEMPLATES, { isSetSupported: ALL_APIS });
  expect(ourMarks(sheet)).toBeGreaterThan(0);
  const ctx = new FakeContext(book);
  ctx.failWhen(/\.protect$/, "GeneralException");
  await expect(clearMarks(ctx.asContext(), "统计表", { isSetSupported: ALL_APIS })).rejects.toMatchObject({
    officeCode: "GeneralException",
  });
  expect(sheet.protection).toEqual({ protected: true, options: USER_OPTIONS });
});

/** Relationship targets resolved as OPC says (ECMA-376 part 2: relative to the part, "/" from the root), by hand-written cases. */
import { resolvePath } from "../../src/files/xlsx-read";

test.each([
  ["xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"],
  ["xl/workbook.xml", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"],
  ["xl/workbook.xml", "../customXml/item1.xml", "customXml/item1.xml"],
  ["xl/workbook.xml", "./worksheets//sheet2.xml", "xl/worksheets/sheet2.xml"],
  ["xl/workbook.xml", "worksheets\\sheet3.xml", "xl/worksheets/sheet3.xml"],
  ["xl/workbook.xml", "worksheets/sheet1.xml#A1", "xl/worksheets/sheet1.xml"],
  ["xl/workbook.xml", "../../../x.xml", "x.xml"],
  ["", "xl/workbook.xml", "xl/workbook.xml"],
  ["xl/workbook.xml", "统计/sheet%201.xml", "xl/统计/sheet%201.xml"],
])("%s → %s is %s", (from, target, expected) => {
  expect(resolvePath(from, target)).toBe(expected);
});

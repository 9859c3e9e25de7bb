import { fileTimeText, todayText } from "../../src/core/dates";

test("today's 填报日期 is month and day as the table writes them", () => {
  expect(todayText(new Date(2022, 10, 26))).toBe("11月26日");
  expect(todayText(new Date(2023, 0, 5))).toBe("1月5日");
});

test("a file's time reads YYYY-MM-DD HH:mm in local time, from a Date or milliseconds alike", () => {
  const saved = new Date(2026, 10, 20, 9, 5, 59);
  expect(fileTimeText(saved)).toBe("2026-11-20 09:05");
  expect(fileTimeText(saved.getTime())).toBe("2026-11-20 09:05");
  expect(fileTimeText(new Date(2026, 0, 2, 23, 0))).toBe("2026-01-02 23:00");
});

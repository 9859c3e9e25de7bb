/**
 * Dates as the clerk reads them, in the one form the CLI, the pane and the roll-up share. Local time:
 * the clerk's computer decides what "today" and a file's time are.
 */

/** today's 填报日期 as the table writes it: "11月26日" */
export function todayText(now = new Date()): string {
  return `${now.getMonth() + 1}月${now.getDate()}日`;
}

/** "2026-11-20 09:30": when a received file was last saved, shown beside duplicate copies */
export function fileTimeText(time: Date | number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

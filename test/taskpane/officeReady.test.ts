/** @jest-environment jsdom */
import { loadOfficeJs, officeHostInfo, whenOfficeReady } from "../../src/taskpane/officeReady";

const page = (search = "", name = "", extra: Record<string, unknown> = {}) => ({
  location: { search } as Location,
  name,
  sessionStorage: window.sessionStorage,
  ...extra,
});

afterEach(() => {
  window.sessionStorage.clear();
  delete (globalThis as { Office?: unknown }).Office;
  jest.useRealTimers();
});

describe("officeHostInfo: where office.js itself finds the host", () => {
  test("a plain browser is not Office", () => {
    expect(officeHostInfo(page())).toBeNull();
    expect(officeHostInfo(page("?file=a.xlsx", "some-frame"))).toBeNull();
    // Chromium's window.external has no GetHostInfo
    expect(officeHostInfo(page("", "", { external: {} }))).toBeNull();
  });
  test("the web and the Mac: the _host_Info query parameter", () => {
    expect(officeHostInfo(page("?_host_Info=Excel$Web$16.00$zh-CN$$$$16"))).toBe("Excel$Web$16.00$zh-CN$$$$16");
  });
  test("Windows webviews: window.external.GetHostInfo()", () => {
    expect(officeHostInfo(page("", "", { external: { GetHostInfo: () => "Excel$Win32$16.01$zh-CN$$$$0" } }))).toBe(
      "Excel$Win32$16.01$zh-CN$$$$0",
    );
  });
  test("after the pane navigated: window.name or sessionStorage", () => {
    expect(officeHostInfo(page("", JSON.stringify({ hostInfo: "Excel|Mac|16.00" })))).toBe("Excel|Mac|16.00");
    window.sessionStorage.setItem("hostInfoValue", "Excel$Web$16.00");
    expect(officeHostInfo(page())).toBe("Excel$Web$16.00");
  });
});

describe("whenOfficeReady", () => {
  test("waits for a slow Excel as long as it takes, saying it is slow, then answers the host", async () => {
    jest.useFakeTimers();
    let ready!: (info: { host: string }) => void;
    (globalThis as { Office?: unknown }).Office = { onReady: () => new Promise((r) => (ready = r)) };
    const onSlow = jest.fn();
    let host: string | null | undefined;
    const waiting = whenOfficeReady({ onSlow, slowMs: 10_000 }).then((h) => (host = h));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(onSlow).toHaveBeenCalledTimes(1);
    expect(host).toBeUndefined();
    ready({ host: "Excel" });
    await waiting;
    expect(host).toBe("Excel");
  });
  test("without office.js it fails instead of pretending to be a browser", async () => {
    await expect(whenOfficeReady()).rejects.toThrow(/office\.js/);
  });
});

test("loadOfficeJs adds one script from our origin and reports a failed load", async () => {
  const loading = loadOfficeJs(document, "office-js/office.js");
  const script = document.head.querySelector("script")!;
  expect(script.getAttribute("src")).toBe("office-js/office.js");
  script.dispatchEvent(new Event("error"));
  await expect(loading).rejects.toThrow(/could not be loaded/);
});

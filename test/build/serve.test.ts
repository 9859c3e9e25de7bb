/**
 * The static server of `npm start` (scripts/serve.js): MIME types, CSP header, "/" → taskpane.html,
 * no way out of the served folder, https when given a certificate.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { createStaticServer, type StaticServer } from "../../scripts/serve";
import { generateSelfSigned } from "../../scripts/certs";
import { CSP } from "../../scripts/csp";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with the path sent exactly as given (fetch would normalise "/../"). */
function rawRequest(url: string, rawPath: string, method = "GET", options: https.RequestOptions = {}): Promise<RawResponse> {
  const u = new URL(url);
  const lib = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      { hostname: "127.0.0.1", port: u.port, path: rawPath, method, servername: "localhost", ...options },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

let parent: string;
let root: string;
let server: StaticServer;

const FILES: Record<string, string | Buffer> = {
  "taskpane.html": "<!doctype html><html lang=\"zh-CN\"><title>专项行动统计表助手</title></html>",
  "taskpane.0123abcd.js": "console.log('统计表');",
  "style.css": "body{}",
  "manifest.xml": "<OfficeApp/>",
  "data/template.json": "{\"id\":\"x\"}",
  "assets/icon-16.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "office-js/office.js": "var Office = {};",
  "module.wasm": Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
  "空 格.txt": "文本",
};

beforeAll(async () => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), "campaign-stats-serve-"));
  root = path.join(parent, "dist");
  for (const [rel, content] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.writeFileSync(path.join(parent, "secret.txt"), "outside the served folder");
  fs.writeFileSync(path.join(parent, "dist-other.txt"), "sibling with a common prefix");
  server = await createStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

describe("createStaticServer (http)", () => {
  test("listens on an ephemeral port on loopback and reports its URL", () => {
    expect(server.protocol).toBe("http");
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://localhost:${server.port}/`);
  });

  test("/ serves taskpane.html with the CSP header", async () => {
    const res = await rawRequest(server.url, "/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["content-security-policy"]).toBe(CSP);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body.toString("utf8")).toBe(FILES["taskpane.html"]);
  });

  test.each([
    ["/taskpane.0123abcd.js", "text/javascript; charset=utf-8"],
    ["/office-js/office.js", "text/javascript; charset=utf-8"],
    ["/style.css", "text/css; charset=utf-8"],
    ["/manifest.xml", "application/xml; charset=utf-8"],
    ["/data/template.json", "application/json; charset=utf-8"],
    ["/assets/icon-16.png", "image/png"],
    ["/module.wasm", "application/wasm"],
    ["/%E7%A9%BA%20%E6%A0%BC.txt", "text/plain; charset=utf-8"],
  ])("%s is served as %s", async (urlPath, mime) => {
    const res = await fetch(server.url + urlPath.slice(1));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(mime);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    const rel = decodeURIComponent(urlPath.slice(1));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(FILES[rel]));
  });

  test("query strings are ignored", async () => {
    const res = await fetch(`${server.url}taskpane.html?_host_Info=Excel$Win32$16.01$zh-CN`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(FILES["taskpane.html"]);
  });

  test("missing files are 404, with the CSP header too", async () => {
    const res = await fetch(`${server.url}nope.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
  });

  test.each(["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/../dist-other.txt", "/%2e%2e%5csecret.txt", "/%00"])(
    "%s does not leave the served folder",
    async (rawPath) => {
      const res = await rawRequest(server.url, rawPath);
      expect([400, 404]).toContain(res.status);
      expect(res.body.toString("utf8")).not.toContain("outside the served folder");
      expect(res.body.toString("utf8")).not.toContain("common prefix");
    },
  );

  test("HEAD has headers and no body; other methods are refused", async () => {
    const head = await rawRequest(server.url, "/taskpane.html", "HEAD");
    expect(head.status).toBe(200);
    expect(Number(head.headers["content-length"])).toBe(Buffer.byteLength(FILES["taskpane.html"] as string));
    expect(head.body.length).toBe(0);
    const post = await rawRequest(server.url, "/taskpane.html", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });

  test("a folder redirects to its slash form, serves its index.html, and is never listed", async () => {
    const redirect = await rawRequest(server.url, "/data");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe("/data/");
    const listing = await rawRequest(server.url, "/data/");
    expect(listing.status).toBe(404);
    expect(listing.body.toString("utf8")).not.toContain("template.json");
    fs.writeFileSync(path.join(root, "data", "index.html"), "<p>索引</p>");
    try {
      const index = await rawRequest(server.url, "/data/");
      expect(index.status).toBe(200);
      expect(index.body.toString("utf8")).toBe("<p>索引</p>");
    } finally {
      fs.rmSync(path.join(root, "data", "index.html"));
    }
  });

  test("a busy port is reported as EADDRINUSE", async () => {
    await expect(createStaticServer({ root, port: server.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});

describe("createStaticServer (https)", () => {
  test("serves over TLS with the given certificate", async () => {
    const cert = await generateSelfSigned();
    if (!cert) {
      console.warn("no selfsigned package and no openssl: https not tested");
      return;
    }
    const secure = await createStaticServer({ root, port: 0, https: cert });
    try {
      expect(secure.protocol).toBe("https");
      expect(secure.url).toBe(`https://localhost:${secure.port}/`);
      const res = await rawRequest(secure.url, "/", "GET", { ca: cert.cert });
      expect(res.status).toBe(200);
      expect(res.headers["content-security-policy"]).toBe(CSP);
      expect(res.body.toString("utf8")).toBe(FILES["taskpane.html"]);
    } finally {
      await secure.close();
    }
  }, 60_000);
});

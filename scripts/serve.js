"use strict";
/**
 * A tiny static file server for dist/ (Node's http/https only), used by `npm start` and by tests.
 *
 *   const { createStaticServer } = require("./scripts/serve");
 *   const server = await createStaticServer({ root: "dist", port: 0 });   // port 0: any free port
 *   console.log(server.url);   // http://127.0.0.1:41234/
 *   await server.close();
 *
 * Pass `https: { key, cert }` for TLS. Every response carries the task pane's Content-Security-Policy;
 * `/` serves taskpane.html. Only GET and HEAD; paths outside `root` are refused.
 *
 * Run directly to serve an existing build:  node scripts/serve.js [root] (PORT, HOST env; http only).
 */
const fs = require("node:fs");
const path = require("node:path");
const http = require("node:http");
const https = require("node:https");
const { CSP } = require("./csp");

const MIME_TYPES = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
});

const INDEX = "taskpane.html";

function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
}

function baseHeaders() {
  return {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(text + "\n", "utf8");
  res.writeHead(status, { ...baseHeaders(), "Content-Type": "text/plain; charset=utf-8", "Content-Length": body.length, ...extra });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** Maps a request path to a file inside root, or null when it would leave root or is malformed. */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const relative = decoded === "/" || decoded === "" ? INDEX : decoded.replace(/^\/+/, "");
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

function handler(root) {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, "Method Not Allowed", { Allow: "GET, HEAD" });
      return;
    }
    const urlPath = (req.url || "/").split(/[?#]/, 1)[0];
    let file = resolveInside(root, urlPath);
    if (!file) {
      sendText(res, 400, "Bad Request");
      return;
    }
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        if (!urlPath.endsWith("/")) {
          res.writeHead(301, { ...baseHeaders(), Location: urlPath + "/" });
          res.end();
          return;
        }
        // no listings: a folder serves its index.html or nothing
        file = path.join(file, "index.html");
        fs.stat(file, (err2, stat2) => send(file, err2, stat2));
        return;
      }
      send(file, err, stat);
    });

    function send(filePath, err, stat) {
      if (err || !stat.isFile()) {
        sendText(res, 404, "Not Found");
        return;
      }
      res.writeHead(200, {
        ...baseHeaders(),
        "Content-Type": mimeType(filePath),
        "Content-Length": stat.size,
        "Last-Modified": stat.mtime.toUTCString(),
      });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      const stream = fs.createReadStream(filePath);
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    }
  };
}

/**
 * Starts serving `root`.
 * @param {{ root: string, port?: number, host?: string, https?: { key: string | Buffer, cert: string | Buffer } | null | false }} options
 * @returns {Promise<{ url: string, port: number, host: string, protocol: "http" | "https", server: import("node:http").Server, close(): Promise<void> }>}
 */
function createStaticServer(options) {
  const root = path.resolve(options.root);
  const port = options.port ?? 3000;
  const host = options.host ?? "127.0.0.1";
  const tls = options.https || null;
  const onRequest = handler(root);
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actualPort = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
      const protocol = tls ? "https" : "http";
      const loopbackOrAny = ["127.0.0.1", "::1", "0.0.0.0", "::", "localhost"].includes(host);
      const urlHost = loopbackOrAny ? "localhost" : host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `${protocol}://${urlHost}:${actualPort}/`,
        port: actualPort,
        host,
        protocol,
        server,
        close() {
          return new Promise((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          });
        },
      });
    });
  });
}

module.exports = { createStaticServer, MIME_TYPES, mimeType };

if (require.main === module) {
  const root = path.resolve(process.argv[2] || path.join(__dirname, "..", "dist"));
  createStaticServer({ root, port: Number(process.env.PORT || 3000), host: process.env.HOST || "127.0.0.1" }).then(
    (s) => console.log(`正在提供 ${root}：${s.url}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}

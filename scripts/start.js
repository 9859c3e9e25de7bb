#!/usr/bin/env node
/**
 * `npm start`: builds the task pane into dist/ and serves it on https://localhost:3000 (or plain http
 * when no certificate can be found or made — it says which), then prints how to use the standalone web
 * page and how to sideload the add-in into Excel.
 *
 *   npm start                  production build, then serve
 *   npm start -- --dev         development build (source maps, unminified)
 *   npm start -- --no-build    serve the existing dist/ as it is
 *   npm start -- --http        plain http even if a certificate is available
 *   npm start -- --no-build --dist <folder>   serve another build folder (e.g. one made by a test)
 *   PORT=3001 npm start        another port (the manifest in dist/ then points at that port)
 *   HOST=0.0.0.0 npm start     listen on all interfaces instead of 127.0.0.1 only
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createStaticServer } = require("./serve");
const { getCertificate } = require("./certs");

const ROOT = path.join(__dirname, "..");
let DIST = path.join(ROOT, "dist");

function parseArgs(argv) {
  const args = { dev: false, build: true, http: false, help: false, dist: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dev" || arg === "--development") args.dev = true;
    else if (arg === "--dist") {
      if (!argv[i + 1]) throw new Error("--dist 后面需要一个文件夹");
      args.dist = path.resolve(argv[++i]);
    } else if (arg === "--no-build") args.build = false;
    else if (arg === "--http") args.http = true;
    else if (arg === "-h" || arg === "--help") args.help = true;
    else throw new Error(`未知参数：${arg}（可用：--dev --no-build --http --dist）`);
  }
  return args;
}

function parsePort(raw) {
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT 必须是 1–65535 的整数：${raw}`);
  return port;
}

function build(mode) {
  const webpack = require("webpack");
  const makeConfig = require(path.join(ROOT, "webpack.config.js"));
  const config = makeConfig({}, { mode });
  console.log(`正在构建（${mode === "development" ? "开发" : "生产"}模式）……`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) {
        reject(err);
        return;
      }
      const info = stats.toString({ preset: "errors-warnings", colors: process.stdout.isTTY });
      if (info.trim()) console.log(info);
      if (stats.hasErrors()) {
        reject(new Error("构建失败，见上方错误信息"));
        return;
      }
      console.log(`构建完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒：${path.relative(process.cwd(), DIST) || "."}`);
      resolve();
    });
  });
}

function manifestBaseUrl(manifestPath) {
  try {
    const xml = fs.readFileSync(manifestPath, "utf8");
    const m = xml.match(/<SourceLocation\s+DefaultValue="([^"]+)"/);
    return m ? m[1].replace(/taskpane\.html$/, "") : null;
  } catch {
    return null;
  }
}

function printInstructions({ url, protocol, port, certificate }) {
  const manifestPath = path.join(DIST, "manifest.xml");
  const pageUrl = `${url}taskpane.html`;
  const manifestUrl = manifestBaseUrl(manifestPath);
  const servedBase = `https://localhost:${port}/`;
  const line = "─".repeat(60);
  const out = [];
  out.push("", line);
  if (protocol === "https") {
    out.push(`已启动 HTTPS 服务：${url}`);
    out.push(`证书：${certificate.description}，有效期至 ${new Date(certificate.validTo).toLocaleDateString("zh-CN")}`);
    if (!certificate.trusted) {
      out.push("  注意：这是自签名证书，浏览器会提示“连接不是私密连接”，可选择“高级 › 继续前往”。");
      out.push("  Excel 桌面版只加载受信任证书的加载项：在能上网的电脑上运行");
      out.push("  npx office-addin-dev-certs install 安装 Office 开发证书后重新 npm start（会自动使用该证书），");
      out.push("  或用 HTTPS_KEY / HTTPS_CERT 环境变量指定本单位的证书文件。");
    }
  } else {
    out.push(`已启动 HTTP 服务（未加密）：${url}`);
    out.push("  注意：没有可用的 HTTPS 证书（或使用了 --http），因此只提供 http。");
    out.push("  网页版可在本机正常使用；Excel 加载项要求 HTTPS，此时无法旁加载。");
  }
  out.push("", "【网页版】");
  out.push(`  浏览器打开 ${pageUrl} 即可离线使用网页版`);
  out.push("", "【Excel 加载项（旁加载）】");
  out.push(`  清单文件：${manifestPath}`);
  if (manifestUrl && manifestUrl !== servedBase) {
    if (/^https:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(manifestUrl)) {
      out.push(`  注意：清单指向 ${manifestUrl}，与本次端口 ${port} 不一致；请不带 --no-build 重新运行以重新生成清单。`);
    } else {
      out.push(`  清单中的地址是 ${manifestUrl}（ADDIN_URL），请把 dist/ 部署到该地址；本机服务仅供预览。`);
    }
  }
  out.push("  · Excel 网页版：插入 › 加载项 › 上传我的加载项 › 选择 manifest.xml");
  if (protocol === "https" && !certificate.trusted) {
    out.push(`    （使用自签名证书时，先在同一浏览器中打开 ${pageUrl} 并选择继续访问，再上传清单）`);
  }
  out.push("  · Windows 版 Excel：把 manifest.xml 所在文件夹设为共享文件夹（如 \\\\计算机名\\addins），");
  out.push("    在 文件 › 选项 › 信任中心 › 信任中心设置 › 受信任的加载项目录 中添加该共享路径（目录 URL）并勾选");
  out.push("    “显示在菜单中”，重启 Excel，然后在 插入 › 我的加载项 › 共享文件夹 中选择“专项行动统计表助手”。");
  out.push("  · Mac 版 Excel：把 manifest.xml 复制到 ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef");
  out.push("    （文件夹不存在就新建），重启 Excel，然后在 插入 › 我的加载项 中选择。");
  out.push("  加载后，在“开始”选项卡的“统计表”组中单击“打开统计表助手”。");
  out.push("", "按 Ctrl+C 停止服务。", line);
  console.log(out.join("\n"));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(
      fs
        .readFileSync(__filename, "utf8")
        .split("*/")[0]
        .replace(/^[\s\S]*?\/\*\*/, "")
        .replace(/^ \* ?/gm, ""),
    );
    return;
  }
  if (args.dist) {
    if (args.build) throw new Error("--dist 只能与 --no-build 一起使用");
    DIST = args.dist;
  }
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST || "127.0.0.1";

  if (args.dist && !fs.existsSync(path.join(DIST, "taskpane.html"))) {
    throw new Error(`${DIST} 中没有 taskpane.html，请先运行 npm run build`);
  }
  if (args.build || !fs.existsSync(path.join(DIST, "taskpane.html"))) {
    await build(args.dev ? "development" : "production");
  }

  let certificate = null;
  if (!args.http) {
    try {
      certificate = await getCertificate();
    } catch (e) {
      console.warn(`无法使用 HTTPS 证书：${e.message}`);
    }
    if (!certificate) console.warn("找不到也无法生成 HTTPS 证书，改用 HTTP。");
  }

  let server;
  try {
    server = await createStaticServer({ root: DIST, port, host, https: certificate });
  } catch (e) {
    if (e && e.code === "EADDRINUSE") {
      throw new Error(`端口 ${port} 已被占用。可换一个端口，例如：PORT=${port + 1} npm start`);
    }
    throw e;
  }
  printInstructions({ url: server.url, protocol: server.protocol, port, certificate });

  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`启动失败：${e && e.message ? e.message : e}`);
  process.exit(1);
});

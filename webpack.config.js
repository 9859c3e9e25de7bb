"use strict";
/**
 * Builds the task pane (also the standalone web page) into dist/:
 *   taskpane.html        CSP <meta> first, then office-js/office.js, then the bundle (deferred)
 *   taskpane.<hash>.js   the app; dynamic import() chunks are <name>.<hash>.js beside it
 *   office-js/           Office.js from @microsoft/office-js (served from our origin, no CDN)
 *   compat.js            ES5 notice for Internet Explorer / Edge Legacy webviews
 *   assets/              icons
 *   manifest.xml         with https://localhost:3000/ replaced by ADDIN_URL (or https://localhost:$PORT/)
 *
 *   ADDIN_URL=https://oa.example.gov.cn/campaign-stats/ npm run build
 *
 * Options: --mode development|production; env (webpack --env, or the first argument when called from
 * Node): outputPath (default dist/), ADDIN_URL (default process.env.ADDIN_URL).
 */
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { CSP } = require("./scripts/csp");
const { findExistingCertificate } = require("./scripts/certs");

/** The prefix every URL in manifest.xml starts with; replaced at build time. */
const MANIFEST_DEV_URL = "https://localhost:3000/";

const OFFICE_JS_DIR = path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist");

/**
 * Office.js files not copied: debug builds, IntelliSense files, and the other Office applications' host
 * scripts (this add-in declares only the Workbook host). Everything office.js may load for Excel — the
 * excel-*.js host files, o15apptofilemappingtable.js, es6-promise.js, telemetry/, the locale folders'
 * office_strings.js — is kept.
 */
const OFFICE_JS_EXCLUDE = [
  "**/*.debug.js",
  "**/*vsdoc*",
  "**/*.d.ts",
  "**/access-*",
  "**/onenote-*",
  "**/outlook*",
  "**/powerpoint*",
  "**/project-*",
  "**/word-*",
  "**/wordios-*",
];

/** The base URL (ending in "/") the deployed files live at, validated. */
function resolveAddinUrl(raw, port) {
  if (!raw) return `https://localhost:${port}/`;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_URL 不是有效的网址：${raw}`);
  }
  if (url.protocol !== "https:") {
    throw new Error(`ADDIN_URL 必须以 https:// 开头（Office 只加载 HTTPS 上的加载项）：${raw}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`ADDIN_URL 只能是部署目录的地址，不能带查询参数、#片段或用户名：${raw}`);
  }
  return url.href.endsWith("/") ? url.href : url.href + "/";
}

/** TypeScript for the browser, as the task pane is built (also used by the bench page's build) */
function typescriptRule(sourceMap) {
  return {
    test: /\.tsx?$/,
    exclude: /node_modules/,
    // our TypeScript writes import("./learning.js") where tsc (module nodenext) wants a file ending
    // (src/taskpane/lazy.ts): ".js" is the .ts file beside it. Only for our sources, never for packages.
    resolve: { extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    use: {
      loader: "ts-loader",
      options: {
        transpileOnly: true,
        // tsconfig.json targets Node (CommonJS) for jest and the CLI; the browser bundle needs ES
        // modules so that import() stays a real dynamic import (code splitting) and tree shaking works.
        compilerOptions: { module: "esnext", moduleResolution: "bundler", target: "es2020", sourceMap },
      },
    },
  };
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || env.mode || "production";
  const dev = mode === "development";
  const port = Number(process.env.PORT || 3000);
  const outputPath = env.outputPath ? path.resolve(env.outputPath) : path.join(__dirname, "dist");
  const addinUrl = resolveAddinUrl(env.ADDIN_URL || process.env.ADDIN_URL, port);
  // only `webpack serve` needs a certificate; a bad HTTPS_KEY/HTTPS_CERT must not break `npm run build`
  const certificate = env.WEBPACK_SERVE ? findExistingCertificate() : null;

  return {
    mode,
    context: __dirname,
    target: ["web", "es2020"],
    entry: { taskpane: "./src/taskpane/index.tsx" },
    output: {
      path: outputPath,
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      // relative to the page: the same dist/ works at any deployment path
      publicPath: "auto",
      clean: true,
    },
    // never an eval-* devtool: the CSP has no 'unsafe-eval'
    devtool: dev ? "source-map" : false,
    resolve: {
      extensions: [".tsx", ".ts", ".mjs", ".js", ".json"],
      alias: {
        // ExcelJS's self-contained browser build (its own Buffer/stream shims): no Node polyfills needed.
        // Import it only through import() so it lands in a lazily loaded chunk.
        exceljs$: require.resolve("exceljs/dist/exceljs.min.js"),
      },
    },
    module: {
      // prebuilt UMD bundle: nothing to parse
      noParse: /exceljs[\\/]dist[\\/]exceljs(\.bare)?(\.min)?\.js$/,
      rules: [typescriptRule(dev)],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: "./src/taskpane/taskpane.html",
        filename: "taskpane.html",
        chunks: ["taskpane"],
        inject: "head",
        scriptLoading: "defer",
        csp: CSP,
      }),
      new CopyWebpackPlugin({
        patterns: [
          {
            from: OFFICE_JS_DIR,
            to: "office-js",
            globOptions: { ignore: OFFICE_JS_EXCLUDE },
            info: { minimized: true },
          },
          { from: "src/taskpane/compat.js", to: "compat.js", info: { minimized: true } },
          { from: "assets", to: "assets" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => content.toString("utf8").split(MANIFEST_DEV_URL).join(addinUrl),
          },
        ],
      }),
    ],
    performance: {
      hints: dev ? false : "warning",
      maxEntrypointSize: 1500 * 1024,
      maxAssetSize: 1500 * 1024,
      assetFilter: (file) => file.endsWith(".js") && !file.startsWith("office-js/"),
    },
    stats: {
      preset: "normal",
      excludeAssets: [/^office-js\//],
    },
    devServer: {
      port,
      host: "localhost",
      // an existing trusted certificate (office-addin-dev-certs, HTTPS_KEY/HTTPS_CERT) if there is one,
      // otherwise webpack-dev-server generates a self-signed one
      server: certificate ? { type: "https", options: { key: certificate.key, cert: certificate.cert } } : "https",
      headers: { "Content-Security-Policy": CSP },
      static: false,
      hot: false,
      liveReload: true,
      devMiddleware: { index: "taskpane.html" },
      client: { overlay: { errors: true, warnings: false } },
    },
  };
};

module.exports.MANIFEST_DEV_URL = MANIFEST_DEV_URL;
module.exports.resolveAddinUrl = resolveAddinUrl;
module.exports.typescriptRule = typescriptRule;

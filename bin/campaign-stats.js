#!/usr/bin/env node
"use strict";
/**
 * campaign-stats: 专项行动统计表助手的命令行。
 *
 * An installed package runs the compiled JavaScript in lib/ (made by `npm run build`, and by `npm pack`
 * through prepack): no dev dependency is needed. A clone of the repository, which has src/ and tsx after
 * `npm ci`, runs the TypeScript sources directly, so `npm run cli` never runs a stale build.
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

function hasTsx() {
  try {
    require.resolve("tsx/cjs");
    return true;
  } catch {
    return false;
  }
}

function loadCli() {
  const source = path.join(root, "src/cli/cli.ts");
  if (fs.existsSync(source) && hasTsx()) {
    require("tsx/cjs");
    return require(source);
  }
  const built = path.join(root, "lib/cli/cli.js");
  if (fs.existsSync(built)) return require(built);
  process.stderr.write("命令行尚未编译：请在项目目录中运行 npm run build（或 npm ci 安装开发依赖后直接使用）。\n");
  process.exit(3);
}

loadCli()
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`程序内部错误：${(err && err.stack) || err}\n`);
      process.exitCode = 3;
    },
  );

#!/usr/bin/env node
"use strict";
/**
 * campaign-stats: 专项行动统计表助手的命令行。
 * Runs the TypeScript sources directly through tsx, so it works right after `npm ci` (npx campaign-stats …,
 * npm run cli -- …) without a build step.
 */
require("tsx/cjs");
const { main } = require("../src/cli/cli.ts");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`程序内部错误：${(err && err.stack) || err}\n`);
    process.exitCode = 3;
  },
);

"use strict";
/**
 * Bundles the bench page (never part of the add-in) with the task pane's production settings:
 *   bench.js          the pipeline of scripts/bench/pipeline.ts, for timing in Chromium (index.html loads it)
 *   reading-path.js   readWorkbook alone: what the reading path (xlsx-read + zip + xml-scan + fflate) costs
 *   read-worker.js    the task pane's file-reading worker as built: reading + detection + validation
 * Each entry is self-contained (no shared chunks), so its gzipped size is its whole cost.
 *
 *   webpack --config scripts/bench-page/webpack.config.js --env outputPath=/tmp/bench-page
 */
const path = require("node:path");
const { typescriptRule } = require("../../webpack.config.js");

const ROOT = path.join(__dirname, "..", "..");

module.exports = (env = {}) => ({
  mode: "production",
  context: ROOT,
  target: ["web", "es2020"],
  entry: {
    bench: "./scripts/bench-page/entry.ts",
    "reading-path": "./scripts/bench-page/reading-path.ts",
    "read-worker": "./scripts/bench-page/read-worker.ts",
  },
  output: {
    path: env.outputPath ? path.resolve(env.outputPath) : path.join(ROOT, "build", "bench-page"),
    filename: "[name].js",
    publicPath: "auto",
    clean: true,
  },
  devtool: false,
  resolve: { extensions: [".tsx", ".ts", ".mjs", ".js", ".json"] },
  module: {
    rules: [typescriptRule(false)],
  },
  optimization: { splitChunks: false, runtimeChunk: false },
  performance: { hints: false },
  stats: "errors-warnings",
});

/**
 * The layers, checked by `npm run lint` (and so by `npm test`). Data flows one way:
 *   templates ← core ← messages ← files / learn ← excel / cli / taskpane
 * The core and the templates are pure (no Office, DOM, Node or UI text); only the front ends sit on top.
 */
const NODE_BUILTINS =
  "^(node:)?(fs|fs/promises|path|os|child_process|worker_threads|stream|http|https|net|crypto|url|util|zlib|process|buffer)$";

module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment: "src/core and src/templates import nothing but each other and pure libraries: no Node, no messages, no front end",
      severity: "error",
      from: { path: "^src/(core|templates)/" },
      to: { pathNot: "^src/(core|templates)/|^node_modules/(zod|fflate)/" },
    },
    {
      name: "core-no-node",
      severity: "error",
      from: { path: "^src/(core|templates|messages|files|learn)/" },
      to: { dependencyTypes: ["core"], path: NODE_BUILTINS },
    },
    {
      name: "messages-sit-on-core",
      comment: "the Chinese messages render core findings; they know no file, sheet or front end",
      severity: "error",
      from: { path: "^src/messages/" },
      to: { path: "^src/(files|learn|excel|cli|taskpane)/" },
    },
    {
      name: "files-below-front-ends",
      severity: "error",
      from: { path: "^src/(files|learn)/" },
      to: { path: "^src/(excel|cli|taskpane)/" },
    },
    {
      name: "excel-adapter-reads-no-files",
      comment: "the Office.js adapter gets plain data from core; file formats are the files layer's business",
      severity: "error",
      from: { path: "^src/excel/" },
      to: { path: "^src/(files|cli|taskpane)/" },
    },
    {
      name: "cli-has-no-office-or-dom",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/(excel|taskpane)/" },
    },
    {
      name: "src-never-imports-tests-or-scripts",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|scripts)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    exclude: { path: "\\.d\\.ts$" },
  },
};

// Lint in the manner of Microsoft's add-in template: eslint-plugin-office-addins' React config (its Office.js
// rules, TypeScript parser, Prettier as a rule), plus the layer rule for Office.js globals: only src/excel calls
// Excel/Office, and the pure core never touches the DOM or Node.
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import * as tsParserModule from "@typescript-eslint/parser";

// the TypeScript plugin and parser instances the template's config registers (ESLint refuses a second copy)
const templateTs = officeAddins.configs.recommended.find((c) => c.plugins?.["@typescript-eslint"]);
const tsPlugin = templateTs.plugins["@typescript-eslint"];
// eslint-plugin-office-addins 4 wraps @typescript-eslint/parser with __importDefault, which yields undefined
// (the parser is CommonJS with __esModule): its config would parse TypeScript with espree. Set it here.
const tsParser = templateTs.languageOptions.parser ?? tsParserModule;

const OFFICE_GLOBALS = ["Excel", "Office", "OfficeExtension"].map((name) => ({
  name,
  message: "Office.js is called only from src/excel (and the start-up in src/taskpane/officeReady.ts).",
}));
const DOM_AND_NODE_GLOBALS = [
  "window",
  "document",
  "navigator",
  "localStorage",
  "indexedDB",
  "process",
  "Buffer",
  "__dirname",
  "__filename",
  "require",
].map((name) => ({ name, message: "src/core and src/templates are pure: no DOM, Node or file I/O." }));

export default [
  { ignores: ["dist/**", "build/**", "lib/**", "node_modules/**", "coverage/**", "test-output/**", "**/*.d.ts"] },
  ...officeAddins.configs.react,
  {
    // the template's config stops at .ts; the task pane is .tsx
    files: ["**/*.{ts,tsx}"],
    plugins: { "@typescript-eslint": tsPlugin },
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    files: ["**/*.{js,mjs,cjs,ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node, ...globals.jest },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react/react-in-jsx-scope": "off",
      "react/prop-types": "off",
      // the TypeScript rule understands types, overloads and parameter properties; the JavaScript one does not
      "no-unused-vars": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // TypeScript checks these better than the JavaScript rules (types, overloads, declaration merging)
      "no-undef": "off",
      "no-redeclare": "off",
      "no-dupe-class-members": "off",
      // the ideographic space (U+3000) separates fields in Chinese text on purpose
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipJSXText: true }],
    },
  },
  {
    // the Office.js load/sync rules read any `.load()` and `.values` as Office.js: ExcelJS and our own
    // grids have them too, so the rules apply where Office.js proxies live
    files: ["**/*.{ts,tsx,js}"],
    ignores: ["src/excel/**", "test/excel/**"],
    rules: {
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/call-sync-after-load": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/excel/**", "src/taskpane/officeReady.ts", "src/taskpane/index.tsx"],
    rules: { "no-restricted-globals": ["error", ...OFFICE_GLOBALS] },
  },
  {
    files: ["src/core/**/*.ts", "src/templates/**/*.ts"],
    rules: { "no-restricted-globals": ["error", ...OFFICE_GLOBALS, ...DOM_AND_NODE_GLOBALS] },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];

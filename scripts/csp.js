"use strict";
/**
 * The one Content-Security-Policy of the task pane, used both as the <meta http-equiv> tag that the
 * build writes into taskpane.html (webpack.config.js) and as the response header of the local static
 * server (scripts/serve.js). Everything comes from the page's own origin — including Office.js, which
 * is copied into dist/office-js/ — so the page works on isolated networks and nothing is fetched from
 * a third party. Fluent UI (Griffel) injects <style> elements at run time, hence 'unsafe-inline' for
 * styles only. No 'unsafe-eval': webpack's devtool must not be an eval-* variant.
 */
const CSP_DIRECTIVES = Object.freeze({
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "font-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'none'"],
});

const CSP = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(" ")}`)
  .join("; ");

module.exports = { CSP, CSP_DIRECTIVES };

// Microsoft's office-addin-prettier-config, with the line width this codebase was written to: message templates
// and test tables in Chinese read better on one line than folded at 100 columns.
module.exports = { ...require("office-addin-prettier-config"), printWidth: 140, trailingComma: "all" };

/*
 * Runs before the app bundle, in any browser (ES5 only, no build step: copied as-is into dist/).
 * Office 2016/2019 volume-licensed editions on Windows host add-ins in Internet Explorer 11 (Trident)
 * or Edge Legacy (EdgeHTML). The task pane (React 19, Fluent UI v9, ES2020) cannot run there, so
 * instead of a blank pane we say why and what to do. Inline scripts are forbidden by the CSP, hence a file.
 */
(function () {
  "use strict";
  var ua = (window.navigator && window.navigator.userAgent) || "";
  var legacyEngine = /Trident\/|MSIE /.test(ua) || /\bEdge\/\d/.test(ua);
  var missingFeatures =
    typeof window.Promise !== "function" ||
    typeof window.fetch !== "function" ||
    typeof Object.fromEntries !== "function" ||
    typeof Array.prototype.flat !== "function";
  if (!legacyEngine && !missingFeatures) return;

  window.__campaignStatsUnsupported = true;
  var root = document.getElementById("root");
  if (!root) return;
  var pageUrl = String(window.location.href).split("?")[0].split("#")[0];
  // Office appends _host_Info to the task pane URL; a plain browser (the standalone page) does not.
  var inOffice = /[?&]_host_Info=/i.test(String(window.location.search));
  root.innerHTML = "";
  var box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.style.margin = "16px";
  box.style.fontFamily = "'Microsoft YaHei', sans-serif";
  box.style.lineHeight = "1.6";
  var lines = inOffice
    ? [
        "当前 Office 使用旧版浏览器内核（Internet Explorer 11 或旧版 Edge）显示加载项，专项行动统计表助手无法在其中运行。",
        "这通常是 Office 2016 / Office 2019 批量许可版。可以：",
        "1. 改用网页版：用 Chrome、新版 Edge 或 360 安全浏览器（极速模式）打开 " + pageUrl + "，同样可以校验和汇总工作簿文件；",
        "2. 或升级到 Office 2021 / Microsoft 365（需要 Microsoft Edge WebView2 运行时）。",
      ]
    : [
        "当前浏览器版本过旧（例如 Internet Explorer，或 360 浏览器的“兼容模式”），无法运行专项行动统计表助手。",
        "请用 Chrome、新版 Edge，或把 360 浏览器切换到“极速模式”后重新打开本页：" + pageUrl,
      ];
  for (var i = 0; i < lines.length; i++) {
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(lines[i]));
    box.appendChild(p);
  }
  root.appendChild(box);
})();

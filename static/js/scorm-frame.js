// Put at the top of every HTML file of a SCORM package by scorm.views.package_file: the page runs in a
// sandboxed frame (opaque origin), so its API is scorm-again's CrossFrameAPI, which forwards calls to the
// lesson page by postMessage: window.API for SCORM 1.2, window.API_1484_11 for SCORM 2004. The learner's
// saved cmi values fill its cache first, so a package that reads cmi.suspend_data right after
// LMSInitialize/Initialize gets the resumed value. Saved interactions and objectives come with their
// _count (read-only on the runtime's side, so it is worked out here); SCORM 1.2's interaction fields are
// write-only, so only their count is readable there.
(function () {
  "use strict";
  var script = document.currentScript;
  var api = new window.CrossFrameAPI(script.dataset.lmsOrigin, window.parent);
  var v2004 = script.dataset.version === "2004";
  var saved = JSON.parse(script.dataset.cmi || "{}");
  var counts = { interactions: 0, objectives: 0 };
  Object.keys(saved).forEach(function (key) {
    var record = /^cmi\.(interactions|objectives)\.(\d+)\./.exec(key);
    if (record) counts[record[1]] = Math.max(counts[record[1]], Number(record[2]) + 1);
    if (record && record[1] === "interactions" && !v2004) return;
    api._cache.set(key, String(saved[key]));
  });
  api._cache.set("cmi.interactions._count", String(counts.interactions));
  api._cache.set("cmi.objectives._count", String(counts.objectives));
  if (v2004) window.API_1484_11 = api;
  else window.API = api;
})();

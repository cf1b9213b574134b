// Put at the top of every HTML file of a SCORM package by scorm.views.package_file: the page runs in a
// sandboxed frame (opaque origin), so its API is scorm-again's CrossFrameAPI, which forwards calls to the
// lesson page by postMessage: window.API for SCORM 1.2, window.API_1484_11 for SCORM 2004. The learner's
// saved cmi values fill its cache first, so a package that reads cmi.suspend_data right after
// LMSInitialize/Initialize gets the resumed value.
(function () {
  "use strict";
  var script = document.currentScript;
  var api = new window.CrossFrameAPI(script.dataset.lmsOrigin, window.parent);
  var saved = JSON.parse(script.dataset.cmi || "{}");
  Object.keys(saved).forEach(function (key) {
    api._cache.set(key, String(saved[key]));
  });
  if (script.dataset.version === "2004") window.API_1484_11 = api;
  else window.API = api;
})();

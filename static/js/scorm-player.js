// The lesson page's side of a SCORM package. The block's markup is the same for every learner; this script
// fetches the learner's launch (scorm:launch: signed URL, saved cmi data, CSRF token; it also sets the launch
// cookie the package's files need) and renews the cookie while the page is open. scorm-again's runtime
// (vendored, static/vendor/scorm-again: Scorm12API or Scorm2004API, loaded for the package's version)
// answers the package, which runs in a sandboxed frame and reaches it only through postMessage
// (CrossFrameLMS). On each commit and on finish the cmi data goes to the platform as flattened JSON with the
// CSRF token, one request after the other (scorm-again's own terminate commit is a sendBeacon, which cannot
// carry the token).
(function () {
  "use strict";

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function start(root, status, launch) {
    var frame = root.querySelector("[data-scorm-frame]");
    var v2004 = launch.version === "2004";
    var commitUrl = launch.commit_url;
    var queue = Promise.resolve();
    var unsaved = false;
    var finished = false;

    function say(key) {
      if (status && status.dataset[key]) status.textContent = status.dataset[key];
    }

    function answered(body) {
      if (!body.result) return say("textError");
      if (body.lesson_status === "completed" || body.lesson_status === "passed") say("textDone");
      else if (body.lesson_status === "failed") say("textFailed");
      else say("textSaved");
    }

    var settings = { autocommit: false, lmsCommitUrl: false, dataCommitFormat: "flattened", logLevel: 5 };
    var api = v2004 ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
    api.loadFromFlattenedJSON(launch.cmi, "");

    function save(terminate) {
      if (!commitUrl) return;
      var body = JSON.stringify(api.renderCommitCMI(terminate));
      unsaved = false;
      queue = queue.then(function () {
        return fetch(commitUrl, {
          method: "POST",
          credentials: "same-origin",
          keepalive: body.length < 60000,
          headers: { "Content-Type": "application/json", "X-CSRFToken": launch.csrf_token },
          body: body,
        })
          .then(function (response) { return response.json(); })
          .then(answered, function () { say("textError"); });
      });
    }

    api.on(v2004 ? "SetValue.cmi.*" : "LMSSetValue.cmi.*", function () { unsaved = true; });
    api.on(v2004 ? "Commit" : "LMSCommit", function () { save(false); });
    api.on(v2004 ? "Terminate" : "LMSFinish", function () { finished = true; save(true); });
    // A learner who leaves without the package finishing keeps what was set so far.
    window.addEventListener("pagehide", function () { if (unsaved && !finished) save(false); });

    // Only the package's own frame may talk to the runtime: messages from any other window stop here,
    // before CrossFrameLMS (which cannot name the sandboxed frame's opaque origin) sees them.
    window.addEventListener(
      "message",
      function (event) {
        if (event.source !== frame.contentWindow) event.stopImmediatePropagation();
      },
      true,
    );
    new window.CrossFrameLMS(api, "*");

    // The launch cookie lasts LMS_SCORM_LAUNCH_MAX_AGE: renew it while the learner is on the page.
    var renewUrl = root.dataset.launchEndpoint + "?renew=" + encodeURIComponent(launch.token);
    window.setInterval(function () {
      fetch(renewUrl, { credentials: "same-origin", cache: "no-store" });
    }, launch.renew_after * 1000);

    if (launch.lesson_done) say("textDone");
    else if (!commitUrl) say("textPreview");
    else status.textContent = "";
    var results = root.parentNode.querySelector("[data-scorm-results]");
    if (results && launch.attempts_url) {
      results.querySelector("a").href = launch.attempts_url;
      results.hidden = false;
    }
    root.hidden = false;
    frame.src = launch.launch_url;
  }

  document.querySelectorAll("[data-scorm-player]").forEach(function (root) {
    var status = root.parentNode.querySelector("[data-scorm-status]");
    if (status) status.textContent = status.dataset.textLoading;
    fetch(root.dataset.launchEndpoint, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (launch) {
        if (!launch.result) {
          status.textContent = launch.message;
          status.classList.add("scorm-player-refused");
          return null;
        }
        // data-runtime-12 / data-runtime-2004 (a dash before a digit stays in the dataset key)
        return load(root.dataset[launch.version === "2004" ? "runtime-2004" : "runtime-12"]).then(function () { start(root, status, launch); });
      })
      .catch(function (error) {
        if (window.console) window.console.error("SCORM launch failed", error);
        if (status) status.textContent = status.dataset.textOffline;
      });
  });
})();

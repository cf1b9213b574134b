// The lesson page's side of a SCORM package: scorm-again's SCORM 1.2 runtime (vendored, see
// static/vendor/scorm-again) answers the package, which runs in a sandboxed frame and reaches it only
// through postMessage (CrossFrameLMS). On each LMSCommit and on LMSFinish the cmi data goes to the platform
// as flattened JSON with the CSRF token, one request after the other (scorm-again's own terminate commit
// is a sendBeacon, which cannot carry the token).
(function () {
  "use strict";
  document.querySelectorAll("[data-scorm-player]").forEach(function (root) {
    var frame = root.querySelector("[data-scorm-frame]");
    var status = root.parentNode.querySelector("[data-scorm-status]");
    var cmi = JSON.parse(document.getElementById(root.dataset.cmiId).textContent);
    var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var commitUrl = root.dataset.commitUrl;
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

    var api = new window.Scorm12API({ autocommit: false, lmsCommitUrl: false, dataCommitFormat: "flattened", logLevel: 5 });
    api.loadFromFlattenedJSON(cmi, "");

    function save(terminate) {
      if (!commitUrl) return;
      var body = JSON.stringify(api.renderCommitCMI(terminate));
      unsaved = false;
      queue = queue.then(function () {
        return fetch(commitUrl, {
          method: "POST",
          credentials: "same-origin",
          keepalive: true,
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: body,
        })
          .then(function (response) { return response.json(); })
          .then(answered, function () { say("textError"); });
      });
    }

    api.on("LMSSetValue.cmi.*", function () { unsaved = true; });
    api.on("LMSCommit", function () { save(false); });
    api.on("LMSFinish", function () { finished = true; save(true); });
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
  });
})();

// The lesson page's side of a SCORM package: scorm-again's SCORM 1.2 runtime (vendored, see
// static/vendor/scorm-again) answers the package, which runs in a sandboxed frame and reaches it only
// through postMessage (CrossFrameLMS). Commits go to the platform as flattened JSON with the CSRF token.
(function () {
  "use strict";
  document.querySelectorAll("[data-scorm-player]").forEach(function (root) {
    var frame = root.querySelector("[data-scorm-frame]");
    var status = root.parentNode.querySelector("[data-scorm-status]");
    var cmi = JSON.parse(document.getElementById(root.dataset.cmiId).textContent);
    var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var commitUrl = root.dataset.commitUrl;

    function say(key) {
      if (status && status.dataset[key]) status.textContent = status.dataset[key];
    }

    var api = new window.Scorm12API({
      autocommit: !!commitUrl,
      autocommitSeconds: 30,
      lmsCommitUrl: commitUrl || false,
      dataCommitFormat: "flattened",
      xhrHeaders: { "X-CSRFToken": csrf },
      logLevel: 5,
      responseHandler: function (response) {
        return response.json().then(function (body) {
          if (body.result) {
            if (body.lesson_status === "completed" || body.lesson_status === "passed") say("textDone");
            else if (body.lesson_status === "failed") say("textFailed");
            else say("textSaved");
          } else {
            say("textError");
          }
          return { result: !!body.result, errorCode: body.result ? 0 : 101 };
        }, function () {
          say("textError");
          return { result: false, errorCode: 101 };
        });
      },
    });
    api.loadFromFlattenedJSON(cmi, "");

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

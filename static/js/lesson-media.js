// Lesson video/audio: report which seconds were actually played (ranges, not the furthest point) every few
// seconds and when the learner leaves, and resume where they left off. The server merges the ranges, caps
// them to wall-clock time and decides what counts (lessonmedia.services.watch_report); this only observes.
(function () {
  var MAX_STEP = 1.5; // seconds between two timeupdate events that still count as playing on
  document.querySelectorAll("[data-lesson-media][data-progress-url]").forEach(function (figure) {
    var player = figure.querySelector("video, audio");
    if (!player) return;
    var ranges = []; // played ranges of this visit: [[start, end], ...]
    var current = null; // the range being played now
    var last = null; // currentTime at the previous timeupdate
    var dirty = false;
    var resumeAt = parseFloat(figure.dataset.position) || 0;
    var reportMs = (parseFloat(figure.dataset.reportSeconds) || 10) * 1000;

    player.addEventListener("loadedmetadata", function () {
      // Resume a little before where they stopped; from the start when they had finished.
      if (resumeAt > 1 && resumeAt < player.duration - 2) player.currentTime = Math.max(resumeAt - 2, 0);
    }, { once: true });

    player.addEventListener("timeupdate", function () {
      var now = player.currentTime;
      if (player.paused || player.seeking) { last = now; return; }
      if (last !== null && now > last && now - last <= MAX_STEP * (player.playbackRate || 1)) {
        if (!current) { current = [last, now]; ranges.push(current); } else { current[1] = now; }
        dirty = true;
      } else {
        current = null;
      }
      last = now;
    });
    ["seeking", "pause", "ended"].forEach(function (name) {
      player.addEventListener(name, function () { current = null; last = player.currentTime; });
    });

    function payload() {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", figure.dataset.csrf);
      data.append("ranges", JSON.stringify(ranges.slice(-200).map(function (r) {
        return [Math.round(r[0] * 100) / 100, Math.round(r[1] * 100) / 100];
      })));
      data.append("position", String(Math.round(player.currentTime * 100) / 100));
      return data;
    }
    function report() {
      if (!dirty) return;
      dirty = false;
      fetch(figure.dataset.progressUrl, { method: "POST", body: payload(), credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (answer) {
          var shown = figure.querySelector("[data-watched]");
          if (shown) shown.textContent = answer.watched_percent;
        })
        .catch(function () { dirty = true; });
    }
    setInterval(report, reportMs);
    player.addEventListener("pause", report);
    player.addEventListener("ended", report);
    function leave() {
      if (!dirty || !navigator.sendBeacon) return;
      dirty = false;
      navigator.sendBeacon(figure.dataset.progressUrl, payload());
    }
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") leave(); });
  });
})();

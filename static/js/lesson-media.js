// Lesson video/audio: report which seconds were actually played (ranges, not the furthest point) every few
// seconds and when the learner leaves, and resume where they left off. The server merges the ranges, caps
// them to wall-clock time and decides what counts (lessonmedia.services.watch_report); this only observes.
// The block's markup is the same for everyone (it may be cached); this learner's state (resume position,
// watched share, CSRF token) comes from the "lesson-media-state" JSON the lesson page renders beside it.
// Players have preload="none": nothing here touches the file before the learner presses play.
(function () {
  var MAX_STEP = 1.5; // seconds between two timeupdate events that still count as playing on
  var stateNode = document.getElementById("lesson-media-state");
  var state = stateNode ? JSON.parse(stateNode.textContent) : {};
  if (!state.tracking) return; // visitors of a free preview: nothing is recorded
  document.querySelectorAll("[data-lesson-media][data-progress-url]").forEach(function (figure) {
    var player = figure.querySelector("video, audio");
    if (!player) return;
    var mine = (state.media || {})[figure.dataset.lessonMedia] || {};
    var ranges = []; // played ranges of this visit: [[start, end], ...]
    var current = null; // the range being played now
    var last = null; // currentTime at the previous timeupdate
    var dirty = false;
    var resumeAt = parseFloat(mine.position) || 0;
    var reportMs = (parseFloat(figure.dataset.reportSeconds) || 10) * 1000;
    var watchedLine = figure.querySelector("[data-watched-line]");
    function showWatched(percent) {
      if (!watchedLine) return;
      watchedLine.querySelector("[data-watched]").textContent = percent;
      watchedLine.hidden = false;
    }
    showWatched(mine.watched_percent || 0);

    player.addEventListener("loadedmetadata", function () {
      // Fires once play has started (preload="none"). Resume a little before where they stopped; from the
      // start when they had finished.
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
      data.append("csrfmiddlewaretoken", state.csrf);
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
        .then(function (answer) { showWatched(answer.watched_percent); })
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

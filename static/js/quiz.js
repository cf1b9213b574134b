// Quiz attempt: countdown from the server's remaining time, periodic autosave, submit at zero.
// The server enforces the deadline; this script only helps the learner.
(function () {
  var form = document.querySelector(".quiz-form");
  if (!form) return;
  var status = document.querySelector(".autosave-status");
  var lang = document.documentElement.lang;
  var text = lang === "vi"
    ? { saved: "Đã tự động lưu lúc ", failed: "Chưa lưu được, sẽ thử lại.", minutes: " phút còn lại", over: "Hết thời gian, bài đang được nộp." }
    : { saved: "Saved automatically at ", failed: "Could not save; will retry.", minutes: " minutes left", over: "Time is up; submitting." };

  function autosave() {
    var data = new FormData(form);
    data.delete("action");
    return fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function () {
        if (status) status.textContent = text.saved + new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
      })
      .catch(function () { if (status) status.textContent = text.failed; });
  }
  setInterval(autosave, 30000);

  var timer = document.querySelector(".timer");
  if (!timer) return;
  var value = timer.querySelector(".timer-value");
  var announce = timer.querySelector(".timer-announce");
  var endsAt = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
  var lastAnnounced = null;
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    // Announce to screen readers only at a few milestones, not every second.
    if ([10, 5, 1].indexOf(m) !== -1 && s === 0 && lastAnnounced !== m) { announce.textContent = m + text.minutes; lastAnnounced = m; }
    if (left === 0) {
      clearInterval(handle);
      announce.textContent = text.over;
      var submit = document.createElement("input");
      submit.type = "hidden"; submit.name = "action"; submit.value = "submit";
      form.appendChild(submit);
      form.submit();
    }
  }
  var handle = setInterval(tick, 1000);
  tick();
})();

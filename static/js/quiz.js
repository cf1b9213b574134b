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

  // Submitting with questions left blank asks first, in a modal dialog (the server asks again without
  // JavaScript, and decides what counts as blank: this only spares a page load).
  var dialog = document.getElementById("confirm-submit");
  function confirmed() {
    var flag = document.createElement("input");
    flag.type = "hidden"; flag.name = "confirm"; flag.value = "1";
    form.appendChild(flag);
  }
  function blankNumbers() {
    var numbers = [];
    form.querySelectorAll(".quiz-question").forEach(function (item) {
      var answered = Array.prototype.some.call(item.querySelectorAll("input, select"), function (field) {
        if (field.type === "hidden") return false;
        if (field.type === "radio" || field.type === "checkbox") return field.checked;
        return field.value.trim() !== "";
      });
      if (!answered) numbers.push(item.dataset.position);
    });
    return numbers;
  }
  if (dialog && typeof dialog.showModal === "function") {
    var submitButton = form.querySelector("[data-submit-quiz]");
    form.addEventListener("submit", function (event) {
      if (event.submitter !== submitButton || form.querySelector("input[name=confirm]")) return;
      var numbers = blankNumbers();
      if (!numbers.length) return;
      event.preventDefault();
      var template = numbers.length === 1 ? dialog.dataset.one : dialog.dataset.other;
      dialog.querySelector("#confirm-submit-message").textContent = template
        .replace("{count}", numbers.length).replace("{numbers}", numbers.join(", "));
      dialog.showModal();
    });
    dialog.querySelector("[data-dialog-back]").addEventListener("click", function () {
      dialog.close();
      var first = blankNumbers()[0];
      var target = first && document.getElementById("question-" + first);
      var field = target && target.querySelector("input:not([type=hidden]), select");
      if (field) field.focus();
    });
    dialog.querySelector("[data-dialog-submit]").addEventListener("click", function () {
      dialog.close();
      confirmed();
      form.requestSubmit(submitButton);
    });
  }

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
      confirmed();  // time is up: submitted without asking
      if (dialog && dialog.open) dialog.close();
      form.submit();
    }
  }
  var handle = setInterval(tick, 1000);
  tick();
})();

// The demo SCO: answers are kept in cmi.suspend_data ("c1=b;c2=a"), the score (percent of right answers)
// in cmi.core.score.raw; 2 of 3 right passes (the manifest's mastery score, 67).
(function () {
  "use strict";
  var api = window.API;
  var RIGHT = { c1: "b", c2: "a", c3: "c" };
  var form = document.getElementById("tinh-huong");
  var progress = document.getElementById("tien-do");
  var result = document.getElementById("ket-qua");

  api.LMSInitialize("");
  var saved = api.LMSGetValue("cmi.suspend_data");
  if (saved) {
    saved.split(";").forEach(function (pair) {
      var parts = pair.split("=");
      var input = form.querySelector('input[name="' + parts[0] + '"][value="' + parts[1] + '"]');
      if (input) input.checked = true;
    });
    progress.textContent = "Đã mở lại các câu trả lời bạn lưu lần trước.";
  } else {
    progress.textContent = "Chọn cách xử lý đúng cho từng tình huống.";
  }
  if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }

  function answers() {
    return Object.keys(RIGHT)
      .map(function (name) {
        var checked = form.querySelector('input[name="' + name + '"]:checked');
        return checked ? name + "=" + checked.value : "";
      })
      .filter(Boolean);
  }

  function keep() {
    api.LMSSetValue("cmi.suspend_data", answers().join(";"));
    api.LMSSetValue("cmi.core.lesson_location", "cau-" + (answers().length + 1));
    api.LMSSetValue("cmi.core.exit", "suspend");
  }

  document.getElementById("luu").addEventListener("click", function () {
    keep();
    api.LMSCommit("");
    result.textContent = "Đã lưu. Lần sau mở bài, bạn tiếp tục từ các câu trả lời này.";
  });

  // A click, not a form submission: the package's frame is sandboxed without allow-forms.
  document.getElementById("nop").addEventListener("click", function () {
    var given = answers();
    if (given.length < 3) {
      result.textContent = "Hãy trả lời cả 3 tình huống trước khi nộp.";
      return;
    }
    var right = given.filter(function (pair) {
      var parts = pair.split("=");
      return RIGHT[parts[0]] === parts[1];
    }).length;
    var score = Math.round((right * 100) / 3);
    keep();
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(score));
    api.LMSSetValue("cmi.core.lesson_status", right >= 2 ? "passed" : "failed");
    api.LMSCommit("");
    api.LMSFinish("");
    result.textContent =
      "Bạn xử lý đúng " + right + "/3 tình huống (" + score + " điểm). " +
      (right >= 2 ? "Đạt: bài học đã được ghi nhận hoàn thành." : "Chưa đạt: hãy xem lại bài và thử lại.");
  });
})();

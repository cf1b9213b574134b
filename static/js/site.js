// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".nav-toggle");
  var menu = document.getElementById("nav-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Signup: show the fields of the chosen audience; the server validates whatever is sent.
  var radios = document.querySelectorAll("[data-audience-switch] input[type=radio]");
  var groups = document.querySelectorAll("fieldset[data-audience]");
  function sync() {
    var chosen = document.querySelector("[data-audience-switch] input[type=radio]:checked");
    groups.forEach(function (group) {
      group.hidden = chosen ? group.dataset.audience !== chosen.value : false;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", sync); });
  if (radios.length) sync();
  // Browsers without ::details-content show the catalogue filters' summary on wide screens too: open it there.
  if (!window.matchMedia("(max-width: 60rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) { details.open = true; });
  }
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

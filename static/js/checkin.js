// The check-in screen: fetch the new QR code, code and counts when the current code expires, without a
// full reload. Without script, the page's <noscript> meta refresh reloads it instead.
(function () {
  "use strict";
  const screen = document.querySelector(".checkin-screen[data-state-url]");
  if (!screen) return;
  const url = screen.dataset.stateUrl;
  const qr = document.getElementById("checkin-qr");
  const fields = ["code", "present", "late", "registered"];

  function schedule(seconds) {
    window.setTimeout(refresh, Math.max(1, Number(seconds) || 5) * 1000);
  }

  function refresh() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        qr.src = state.qr;
        fields.forEach(function (name) {
          const element = document.getElementById("checkin-" + name);
          if (element && element.textContent !== String(state[name])) element.textContent = state[name];
        });
        screen.dataset.url = state.url;
        schedule(state.refresh_in);
      })
      .catch(function () {
        schedule(5);
      });
  }

  schedule(screen.dataset.refreshIn);
})();

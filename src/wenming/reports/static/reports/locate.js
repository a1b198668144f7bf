// 随手拍: fill the hidden lng/lat fields from the browser's Geolocation API on request.
// Served by the app (no inline script under the CSP); without it, a point is chosen.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) { return; }
  var status = document.querySelector("[data-locate-status]");
  var form = button.closest("form");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("[name=lng]").value = position.coords.longitude.toFixed(6);
      form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(6);
      status.textContent = button.dataset.done + " " + position.coords.longitude.toFixed(5) +
        ", " + position.coords.latitude.toFixed(5);
    }, function () {
      status.textContent = button.dataset.failed;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();

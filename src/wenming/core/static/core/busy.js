/* Progress on buttons that start slow work: a submit button with data-busy="正在处理…"
 * shows that text and is disabled once its form is really sent (after any data-confirm
 * dialog of confirm.js said 确认), so a second tap does not send it twice. Disabled on
 * the next tick, after the browser has taken the button's name and value into the form.
 * No inline script: loaded with the page's CSP nonce from base.html.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return; // confirm.js is still asking, or htmx took it
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-busy")) return;
    var text = button.getAttribute("data-busy");
    window.setTimeout(function () {
      button.setAttribute("data-busy-was", button.textContent);
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
      button.textContent = text;
    }, 0);
  });

  /* Back to the page from the browser's cache: the button works again. */
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("button[data-busy][aria-busy]").forEach(function (b) {
      b.disabled = false;
      b.textContent = b.getAttribute("data-busy-was") || b.textContent;
      b.removeAttribute("aria-busy");
    });
  });
})();

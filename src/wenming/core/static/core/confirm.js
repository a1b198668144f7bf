/* Ask before an irreversible action: any form whose submit button (or the form itself)
 * carries data-confirm="…" shows that text in a dialog and is sent only on 确认.
 *
 * Plain forms, hx-boost and hx-post forms are all caught at the submit event (in the
 * capture phase, before htmx sees it); an hx-post element outside a form (a button
 * with hx-post) is caught at htmx's own htmx:confirm event. The dialog is the
 * <dialog id="confirm-dialog"> of base.html, so its labels are translated there;
 * without <dialog> support the browser's confirm() asks instead. No inline script:
 * this file is loaded with the page's CSP nonce.
 */
(function () {
  "use strict";

  /* Show ``text``; call ``onConfirm`` only when the person chooses 确认. The dialog is
   * looked up each time: a boosted navigation replaces the body, and the dialog in it. */
  function ask(text, onConfirm) {
    var d = document.getElementById("confirm-dialog");
    if (!d || typeof d.showModal !== "function") {
      if (window.confirm(text)) onConfirm();
      return;
    }
    d.querySelector("[data-confirm-text]").textContent = text;
    d.returnValue = "";
    d.addEventListener(
      "close",
      function () {
        if (d.returnValue === "ok") onConfirm();
      },
      { once: true }
    );
    d.showModal();
    var cancel = d.querySelector("button[value=cancel]");
    if (cancel) cancel.focus(); // the safe choice is the default one
  }

  function confirmText(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm")) {
      return submitter.getAttribute("data-confirm");
    }
    return form.getAttribute("data-confirm");
  }

  function submitAgain(form, submitter) {
    form.setAttribute("data-confirmed", "");
    if (typeof form.requestSubmit === "function") {
      // requestSubmit(submitter) sends the button's name and value and fires the
      // submit event again, so htmx handles an hx-post or boosted form as usual.
      if (submitter && submitter.form === form) form.requestSubmit(submitter);
      else form.requestSubmit();
      return;
    }
    if (submitter && submitter.name) {
      var carry = document.createElement("input");
      carry.type = "hidden";
      carry.name = submitter.name;
      carry.value = submitter.value;
      form.appendChild(carry);
    }
    form.submit();
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method === "dialog") return;
      if (form.hasAttribute("data-confirmed")) {
        form.removeAttribute("data-confirmed"); // asked once for this submission
        return;
      }
      var submitter = event.submitter || null;
      var text = confirmText(form, submitter);
      if (!text) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(text, function () {
        submitAgain(form, submitter);
      });
    },
    true
  );

  // htmx elements that are not forms (a button with hx-post, say): htmx asks first.
  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || elt.tagName === "FORM" || !elt.hasAttribute("data-confirm")) return;
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "submit") return; // the submit handler asked already
    event.preventDefault();
    ask(elt.getAttribute("data-confirm"), function () {
      event.detail.issueRequest(true);
    });
  });
})();

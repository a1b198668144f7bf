/* Office tables and the top menu on a phone (wenming.css, @media (max-width: 600px)).
 *
 * Tables: every <table class="cards"> becomes one card per row below 600 px. This script
 * copies each column header's text into its cells' data-label (a cell's own data-label
 * wins), so templates only add the class; CSS shows the label beside the value; a row's
 * own header cell (<th scope="row">) is the card's title. Cells
 * with nothing in them are marked data-empty and left out of the card. The card layout
 * waits for the class "labelled" set here: without script the table stays a table (in
 * its scrolling frame) rather than cards without labels.
 *
 * Menu: the 菜单 button of base.html (aria-expanded, aria-controls) shows and hides the
 * menu; Escape closes it and gives the focus back to the button. The topbar gets the
 * class "menu-ready", and only then does CSS hide the menu on a phone: without script
 * the menu stays open, and the button hidden. No inline script: loaded with the CSP
 * nonce; content that htmx swaps in is labelled too.
 */
(function () {
  "use strict";

  function text(cell) {
    return (cell.getAttribute("data-label") || cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* The header text of each column, colspans spread over the columns they cover. */
  function headers(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return [];
    var labels = [];
    var cells = rows[rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      for (var span = 0; span < (cells[i].colSpan || 1); span++) labels.push(text(cells[i]));
    }
    return labels;
  }

  function isEmpty(cell) {
    return !cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, img, svg, a");
  }

  function label(table) {
    var labels = headers(table);
    var bodies = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) bodies.push(table.tFoot);
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          var name = labels[column];
          // A row's own header (th) is the card's title and goes unlabelled.
          var titled = cell.tagName === "TH";
          if (span === 1 && name && !titled && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", name);
          }
          if (isEmpty(cell)) cell.setAttribute("data-empty", "");
          else cell.removeAttribute("data-empty");
          column += span;
        });
      });
    });
    table.classList.add("labelled");
  }

  function labelAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("table.cards")) label(scope);
    Array.prototype.forEach.call(scope.querySelectorAll("table.cards"), label);
  }

  function setOpen(bar, button, open) {
    bar.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function readyMenu() {
    var button = document.querySelector(".topbar .menu-toggle");
    if (!button) return;
    var bar = button.closest(".topbar");
    if (bar.classList.contains("menu-ready")) return;
    bar.classList.add("menu-ready");
    setOpen(bar, button, false);
    button.addEventListener("click", function () {
      setOpen(bar, button, button.getAttribute("aria-expanded") !== "true");
    });
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("menu-open")) {
        setOpen(bar, button, false);
        button.focus();
      }
    });
  }

  function start() {
    labelAll(document);
    readyMenu();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:load", function (event) {
    labelAll(event.target);
    readyMenu();
  });
})();

// The marking page: each mark is saved as soon as it is chosen. Unsaved marks wait in
// localStorage (so a dropped connection or a closed tab loses nothing) and are sent again
// when the browser is back online, or every few seconds until they go through.
(function () {
  "use strict";
  const root = document.getElementById("marking");
  if (!root) return;
  const url = root.dataset.url;
  const storeKey = root.dataset.store;
  const token = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const sync = document.getElementById("sync");
  let queue = {};
  let flushing = false;

  try { queue = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { queue = {}; }

  function keep() { localStorage.setItem(storeKey, JSON.stringify(queue)); }
  function field(entry) {
    return root.querySelector(
      'fieldset[data-clause="' + CSS.escape(entry.clause) + '"][data-method="' + entry.method + '"]'
    );
  }
  function show(entry, state, text) {
    const box = field(entry);
    if (!box) return;
    box.dataset.sync = state;
    box.querySelector("[data-state]").textContent = text;
  }
  function summary() {
    const n = Object.keys(queue).length;
    sync.textContent = n ? n + " " + root.dataset.pending : root.dataset.allSaved;
    sync.dataset.sync = n ? "unsaved" : "saved";
  }

  async function send(key) {
    const entry = queue[key];
    const body = new FormData();
    body.append("clause", entry.clause);
    body.append("method", entry.method);
    body.append("points", entry.points);
    body.append("csrfmiddlewaretoken", token);
    const response = await fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
    });
    if (queue[key] !== entry) return; // changed while in flight: the newer value goes next
    if (response.ok) {
      delete queue[key];
      show(entry, "saved", root.dataset.saved);
    } else if (response.status === 400 || response.status === 403) {
      // Refused (deadline, range, permission): retrying cannot help, so say why instead.
      const data = await response.json().catch(() => ({}));
      delete queue[key];
      show(entry, "refused", root.dataset.refused + " — " + (data.error || response.status));
    } else {
      throw new Error("server " + response.status);
    }
    keep();
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const key of Object.keys(queue)) {
        show(queue[key], "saving", root.dataset.saving);
        await send(key);
      }
    } catch (e) {
      for (const key of Object.keys(queue)) show(queue[key], "unsaved", root.dataset.unsaved);
    } finally {
      flushing = false;
      summary();
    }
  }

  root.addEventListener("change", function (event) {
    const input = event.target;
    const box = input.closest("fieldset[data-clause]");
    if (!box || input.type !== "radio") return;
    const entry = { clause: box.dataset.clause, method: box.dataset.method, points: input.value };
    queue[entry.clause + "|" + entry.method] = entry;
    keep();
    show(entry, "unsaved", root.dataset.unsaved);
    summary();
    flush();
  });

  // Marks entered before a reload or a crash: put them back on screen and send them.
  for (const entry of Object.values(queue)) {
    const box = field(entry);
    if (!box) continue;
    const input = Array.from(box.querySelectorAll("input[type=radio]")).find(
      (r) => Number(r.value) === Number(entry.points)
    );
    if (input) input.checked = true;
    show(entry, "unsaved", root.dataset.unsaved);
  }
  window.addEventListener("online", flush);
  setInterval(function () { if (Object.keys(queue).length) flush(); }, 4000);
  summary();
  flush();
})();

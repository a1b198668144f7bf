// 发文设置: the example 发文字号 follows the 机关代字 as it is typed. The server still checks
// the code on save (registry.letterheads); this only shows what the next number would be.
(function () {
  "use strict";
  const example = document.getElementById("example-number");
  const input = document.getElementById("id_number_code");
  if (!example || !input) return;
  const template = example.dataset.template || "";
  const year = example.dataset.year || "";
  const next = example.dataset.next || "";
  const unset = example.dataset.unset || "";
  const unusable = /[0-9０-９〔〕［］\[\]()（）]|号$/;
  function show() {
    const code = input.value.trim();
    if (!code) {
      example.textContent = unset;
    } else if (!unusable.test(code)) {
      example.textContent = template.replace("__NUMBER__", code + "〔" + year + "〕" + next + "号");
    }
  }
  input.addEventListener("input", show);
  // The field may hold text before this script runs (typed while the page was still
  // loading, or restored by the browser on going back): show its number at once.
  show();
})();

// The dashboard's only script (served from its own origin; the page's Content-Security-Policy allows nothing else).
// A button with data-copy="<element id>" copies that element's text, such as a newly issued key shown once.
// A checkbox with data-select-all="<name>" checks or clears every checkbox of that name.
"use strict";
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("button[data-copy]");
  if (copy) {
    const text = document.getElementById(copy.dataset.copy)?.textContent ?? "";
    await navigator.clipboard.writeText(text.trim());
    copy.textContent = "Copied";
  }
});
document.addEventListener("change", (event) => {
  const all = event.target.closest("input[data-select-all]");
  if (all) {
    for (const box of document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`)) {
      box.checked = all.checked;
    }
  }
});

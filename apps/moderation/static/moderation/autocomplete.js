// Names the admin's select2 widgets after the field they stand for: the combobox, the
// search field of a multiple select, and the search field of an open dropdown. select2
// leaves them unnamed (axe: label, aria-input-field-name); it re-renders, so a
// MutationObserver names what appears.
"use strict";
(() => {
  const nameOf = (select) => {
    const label = select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
    return select.getAttribute("aria-label") || (label && label.textContent.trim()) || select.name;
  };
  const setName = (element, name) => {
    if (element && name && element.getAttribute("aria-label") !== name) {
      element.setAttribute("aria-label", name);
    }
  };
  const nameAll = () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        continue;
      }
      const name = nameOf(select);
      const parts = "[role=combobox], [role=textbox], .select2-search__field";
      for (const element of container.querySelectorAll(parts)) {
        setName(element, name);
      }
    }
    for (const results of document.querySelectorAll(".select2-dropdown .select2-results__options[id]")) {
      const select = document.getElementById(results.id.replace(/^select2-/, "").replace(/-results$/, ""));
      const search = results.closest(".select2-dropdown").querySelector(".select2-search__field");
      if (select) {
        setName(search, nameOf(select));
      }
    }
  };
  const start = () => {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

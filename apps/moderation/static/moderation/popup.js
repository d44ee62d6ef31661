// The "+" popup ends back in the form that opened it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-close-popup]")) {
    button.addEventListener("click", () => window.close());
  }
});

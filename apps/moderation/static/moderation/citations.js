// A citation row added with "Add another" takes the next position, so that new
// rows keep the order in which they were added. Blank rows are ignored on save.
"use strict";
document.addEventListener("formset:added", (event) => {
  const row = event.target;
  const position = row.querySelector("input[name$='-position']");
  if (!position || position.value) {
    return;
  }
  const group = row.closest(".inline-group");
  const taken = Array.from(group ? group.querySelectorAll("input[name$='-position']") : [])
    .map((input) => parseInt(input.value, 10))
    .filter((value) => !Number.isNaN(value));
  position.value = String(taken.length ? Math.max(...taken) + 1 : 1);
});

// The onboarding checklist (checklist page): ticks are kept in this browser's localStorage only; nothing is sent
// anywhere. The markup comes from processes_kb/markdown_extension/blocks.py (render_checklist, render_downloads).
(function () {
  const list = document.querySelector(".kb-checklist");
  if (!list) return;
  const key = list.dataset.storageKey;
  const boxes = Array.from(list.querySelectorAll("input[type=checkbox]"));
  const progress = list.querySelector(".kb-checklist__progress");
  const clear = list.querySelector(".kb-checklist__clear");
  // The counter for 0, 1 … every item ticked, written by the build in the page's language (its CLDR plural forms
  // and digits): nothing here assembles words around a number.
  const counter = JSON.parse(list.dataset.progress);

  function load() {
    try {
      return new Set(JSON.parse(localStorage.getItem(key) || "[]"));
    } catch (error) {
      return new Set();
    }
  }

  function save() {
    const ticked = boxes.filter((box) => box.checked).map((box) => box.value);
    try {
      localStorage.setItem(key, JSON.stringify(ticked));
    } catch (error) {
      // Storage disabled (private mode): the ticks last as long as the page.
    }
    show(ticked.length);
  }

  function show(done) {
    progress.textContent = counter[done];
    clear.hidden = done === 0;
  }

  const ticked = load();
  boxes.forEach((box) => {
    box.checked = ticked.has(box.value);
    box.addEventListener("change", save);
  });
  clear.addEventListener("click", () => {
    boxes.forEach((box) => { box.checked = false; });
    save();
  });
  show(boxes.filter((box) => box.checked).length);

  // Copy as a Markdown task list, with the ticks of this browser.
  const copy = document.querySelector(".kb-copy");
  const source = document.querySelector(".kb-copy__source");
  if (copy && source && navigator.clipboard) {
    copy.hidden = false;
    const label = copy.textContent;
    copy.addEventListener("click", async () => {
      const lines = source.value.split("\n");
      const text = lines.map((line, index) =>
        boxes[index] && boxes[index].checked ? line.replace("- [ ]", "- [x]") : line).join("\n");
      await navigator.clipboard.writeText(text);
      copy.textContent = copy.dataset.copied;
      setTimeout(() => { copy.textContent = label; }, 2000);
    });
  }
})();

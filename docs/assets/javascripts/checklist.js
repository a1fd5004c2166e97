// The onboarding checklist (checklist page): ticks are kept in this browser's localStorage only; nothing is sent
// anywhere. The markup comes from processes_kb/markdown_extension/blocks.py (render_checklist, render_downloads).
// One set of ticks serves every language: it holds recommendation IDs, which every language shares.
(function () {
  const list = document.querySelector(".kb-checklist");
  if (!list) return;
  const key = list.dataset.storageKey;
  const boxes = Array.from(list.querySelectorAll("input[type=checkbox]"));
  const progress = list.querySelector(".kb-checklist__progress");
  const clear = list.querySelector(".kb-checklist__clear");
  const announce = list.querySelector(".kb-checklist__announce");
  const undo = list.querySelector(".kb-checklist__undo-button");
  // The counter for 0, 1 … every item ticked, written by the build in the page's language (its CLDR plural forms
  // and digits): nothing here assembles words around a number.
  const counter = JSON.parse(list.dataset.progress);
  let cleared = null; // the ticks "Clear all" removed, until Undo puts them back or another tick changes

  function read(name) {
    try {
      const value = JSON.parse(localStorage.getItem(name) || "[]");
      return Array.isArray(value) ? value.filter((id) => typeof id === "string") : [];
    } catch (error) {
      return [];
    }
  }

  function write(ids) {
    try {
      localStorage.setItem(key, JSON.stringify(ids));
    } catch (error) {
      // Storage disabled (private mode): the ticks last as long as the page.
    }
  }

  // Each language kept its own ticks before: merged into the one set once (their union, so no tick is lost), then
  // removed, so that a later "Clear all" stays cleared.
  const legacy = JSON.parse(list.dataset.legacyKeys || "[]");
  try {
    const old = legacy.filter((name) => localStorage.getItem(name) !== null);
    if (old.length) {
      write([...new Set([...read(key), ...old.flatMap(read)])]);
      old.forEach((name) => localStorage.removeItem(name));
    }
  } catch (error) {
    // Storage disabled: nothing to merge.
  }

  const ids = new Set(boxes.map((box) => box.value));

  function ticked() {
    return boxes.filter((box) => box.checked).map((box) => box.value);
  }

  function save() {
    // IDs this page does not list (another version of the site) are kept as they are.
    write([...read(key).filter((id) => !ids.has(id)), ...ticked()]);
    show();
  }

  function show() {
    const done = ticked().length;
    progress.textContent = counter[done];
    clear.hidden = done === 0;
  }

  function apply(stored) {
    const set = new Set(stored);
    boxes.forEach((box) => { box.checked = set.has(box.value); });
    show();
  }

  function forgetUndo() {
    cleared = null;
    if (undo) undo.hidden = true;
  }

  apply(read(key));
  boxes.forEach((box) => box.addEventListener("change", () => {
    forgetUndo();
    if (announce) announce.textContent = "";
    save();
  }));
  // Another tab (another language's checklist) changed the ticks: show them here too.
  window.addEventListener("storage", (event) => {
    if (event.key !== key) return;
    forgetUndo();
    apply(read(key));
  });

  // "Clear all" can be undone: the ticks it removed are kept until Undo or the next change. The status line (a live
  // region) says what happened, and the focus moves to the button that is shown, never left on a hidden one.
  clear.addEventListener("click", () => {
    const before = ticked();
    boxes.forEach((box) => { box.checked = false; });
    save();
    if (!undo || !announce) return;
    cleared = before;
    announce.textContent = announce.dataset.cleared;
    undo.hidden = false;
    undo.focus();
  });
  if (undo) {
    undo.addEventListener("click", () => {
      if (!cleared) return;
      const restore = new Set(cleared);
      boxes.forEach((box) => { box.checked = restore.has(box.value); });
      forgetUndo();
      save();
      announce.textContent = announce.dataset.restored;
      clear.focus();
    });
  }

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

  // CSV and JSON with the ticks as they are at the click, written here (nothing is sent): the same files as those
  // published beside the pages (processes_kb/recommendations.py: export_checklist_csv, export_checklist_json), whose
  // links stay for a browser without JavaScript.
  const downloads = document.querySelector(".kb-downloads[data-export]");
  if (!downloads) return;
  const data = JSON.parse(downloads.dataset.export);

  function csvField(value) {
    // RFC 4180, quoting as Python's csv module does (QUOTE_MINIMAL): only where the field needs it
    return /["\r\n]/.test(value) || value.includes(data.delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
  }

  function csv(done) {
    const lines = [data.columns, ...data.rows.map((row) => [row.id, row.title, done.has(row.id) ? data.yes : data.no,
      row.rule, row.short_link, row.sources.join(" ")])];
    // The byte-order mark tells Excel on Windows that the file is UTF-8 (without it Cyrillic and Vietnamese are
    // garbled); the Blob writes it, like the rest, as UTF-8.
    return "\uFEFF" + lines.map((fields) => fields.map(csvField).join(data.delimiter) + "\r\n").join("");
  }

  function json(done) {
    // Readable UTF-8: JSON.stringify leaves every letter as it is (no \u escapes).
    const recommendations = data.rows.map((row) => ({ ...row, done: done.has(row.id) }));
    return JSON.stringify({ language: data.language, recommendations }, null, 2) + "\n";
  }

  const writers = {
    csv: (done) => new Blob([csv(done)], { type: "text/csv;charset=utf-8" }),
    json: (done) => new Blob([json(done)], { type: "application/json;charset=utf-8" }),
  };
  downloads.querySelectorAll("a[data-format]").forEach((link) => {
    const writer = writers[link.dataset.format];
    if (!writer) return;
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      const address = URL.createObjectURL(writer(new Set(ticked())));
      const save = document.createElement("a");
      save.href = address;
      save.download = new URL(link.href).pathname.split("/").pop();
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(address), 1000);
    });
  });
})();

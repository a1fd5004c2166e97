"""`kb new-lang`: a new language that checks, reports its status and builds at once.

It copies every English page (each segment then shows as untranslated in `kb status`), adds the language to the
i18n plugin in mkdocs.yml, gives every interface string and diagram label the English text to translate, and copies
the English glossary words as a start. Nothing existing is rewritten except by insertion of the new language's lines.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from processes_kb.content import ContentError, read_languages
from processes_kb.diagrams import DIAGRAMS_FILE
from processes_kb.glossary import TERMS
from processes_kb.ui_strings import UI_STRINGS

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")


def scaffold(root: Path, code: str, name: str) -> list[str]:
    """Create language `code`; returns what was created or changed. ContentError on bad input."""
    if not LANGUAGE_CODE.match(code):
        raise ContentError("mkdocs.yml", 1, f"'{code}' is not a language code: use ISO 639-1, such as de or pt_BR")
    default, languages = read_languages(root / "mkdocs.yml")
    if code in languages:
        raise ContentError("mkdocs.yml", 1, f"language '{code}' is already configured")
    target = root / "docs" / code
    if target.exists():
        raise ContentError(f"docs/{code}", 1, "the folder already exists: remove it or choose another code")
    shutil.copytree(root / "docs" / default, target)
    changed = [f"docs/{code}/ (the {default} pages, to translate)"]
    _add_to_mkdocs_yml(root / "mkdocs.yml", code, name)
    changed.append("mkdocs.yml (the i18n plugin's languages)")
    strings = root / UI_STRINGS
    if strings.is_file():
        _add_ui_strings(strings, default, code)
        changed.append(f"{UI_STRINGS} (the {default} strings, to translate)")
    labels = root / DIAGRAMS_FILE
    if labels.is_file():
        _add_diagram_labels(labels, default, code)
        changed.append(f"{DIAGRAMS_FILE} (the {default} labels, to translate)")
    terms, new_terms = root / TERMS.format(lang=default), root / TERMS.format(lang=code)
    if terms.is_file():
        shutil.copyfile(terms, new_terms)
        changed.append(f"{TERMS.format(lang=code)} (the {default} words, to replace)")
    return changed


def _add_to_mkdocs_yml(path: Path, code: str, name: str) -> None:
    """Insert the language after the last one of the i18n plugin's `languages:` list, in the same indentation."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == "languages:"), None)
    if start is None:
        raise ContentError("mkdocs.yml", 1, "no `languages:` list in the i18n plugin")
    indent = len(lines[start]) - len(lines[start].lstrip()) + 2
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    pad = " " * indent
    lines[end:end] = [f"{pad}- locale: {code}", f"{pad}  name: {name}", f"{pad}  build: true"]
    path.write_text("\n".join(lines), encoding="utf-8")


def _add_ui_strings(path: Path, default: str, code: str) -> None:
    """After each key's `default:` line, the same line for `code`."""
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        out.append(line)
        if line.startswith(f"  {default}:"):
            out.append(f"  {code}:" + line[len(f"  {default}:"):])
    path.write_text("\n".join(out), encoding="utf-8")


def _add_diagram_labels(path: Path, default: str, code: str) -> None:
    """After each diagram's `default:` block of labels, the same block for `code`."""
    out, block = [], None
    for line in path.read_text(encoding="utf-8").split("\n") + [None]:
        if block is not None and (line is None or (line.strip() and not line.startswith("    "))):
            while block and not block[-1].strip():
                out.pop()
                block.pop()
            out += [f"  {code}:", *block]
            if line is not None and not line.startswith("  "):
                out.append("")
            block = None
        if line is None:
            break
        if block is not None:
            block.append(line)
        out.append(line)
        if line == f"  {default}:":
            block = []
    path.write_text("\n".join(out), encoding="utf-8")

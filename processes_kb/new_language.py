"""`kb new-lang`: a new language that checks, reports its status and builds at once.

It copies every English page (each segment is then untranslated in `kb status`, and readers see it marked as
English), adds the language to the i18n plugin in mkdocs.yml with the English site name and description to translate
(`kb check` names their lines until they are: `untranslated_site_texts`), gives every interface string and diagram
label the English text to translate, copies the English glossary words as a start and adds a style-sheet skeleton
for the language to CONTRIBUTING.md. Nothing existing is rewritten except by insertion of the new language's lines.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from processes_kb.content import ContentError, Problem, project_config
from processes_kb.diagrams import DIAGRAMS_FILE
from processes_kb.glossary import TERMS
from processes_kb.project import ProjectConfig
from processes_kb.ui_strings import UI_STRINGS

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")


CONTRIBUTING = "CONTRIBUTING.md"
STYLE_SHEETS = "## Style sheets"  # the section of CONTRIBUTING.md that holds one style sheet per language
STYLE_SHEET_SKELETON = """\
### {name} ({code})

Written by `kb new-lang {code}` as a skeleton: replace each paragraph with the rules of {name}, as a native technical
writer would state them, like the style sheets above.

**Register.** How the reader is addressed (formal or informal) and the form that instructions take.

**Naming.** How {name} names the methodology (*the Twelve-Factor App*) and this factor (*VI. Processes*), and the
titles of the other factors as 12factor.net gives them in {name}, where it has them.

**Terms.** One term per concept, everywhere: the `term` of `data/glossary-terms/{code}.yml` (the heading of its
glossary entry). List here the choices a second translator needs: process type, stateless, backing service, sticky
sessions, health check…

**Typography.** Quotation marks, apostrophe, dashes and the spaces around them (no-break spaces, if any), and the
marker after links to English-only pages: `[text](https://…){{ hreflang=en }} (…)`.
"""


def scaffold(root: Path, code: str, name: str) -> list[tuple[str, str]]:
    """Create language `code`; returns what was done to which file: ("created" or "modified", "path (why)").
    ContentError on bad input."""
    if not LANGUAGE_CODE.match(code):
        raise ContentError("mkdocs.yml", 1, f"'{code}' is not a language code: use ISO 639-1, such as de or pt_BR")
    config = project_config(root)
    default, languages = config.default_lang, config.codes
    if code in languages:
        raise ContentError("mkdocs.yml", 1, f"language '{code}' is already configured")
    target = root / "docs" / code
    if target.exists():
        raise ContentError(f"docs/{code}", 1, "the folder already exists: remove it or choose another code")
    shutil.copytree(root / "docs" / default, target)
    done = [("created", f"docs/{code}/ (the {default} pages, to translate)")]
    _add_to_mkdocs_yml(root / "mkdocs.yml", code, name, config.languages[0])
    done.append(("modified", f"mkdocs.yml ({code} in the i18n plugin's languages, with the {default} site name and "
                             "description to translate)"))
    strings = root / UI_STRINGS
    if strings.is_file():
        _add_ui_strings(strings, default, code)
        done.append(("modified", f"{UI_STRINGS} (the {default} strings, to translate)"))
    labels = root / DIAGRAMS_FILE
    if labels.is_file():
        _add_diagram_labels(labels, default, code)
        done.append(("modified", f"{DIAGRAMS_FILE} (the {default} labels, to translate)"))
    terms, new_terms = root / TERMS.format(lang=default), root / TERMS.format(lang=code)
    if terms.is_file():
        shutil.copyfile(terms, new_terms)
        done.append(("created", f"{TERMS.format(lang=code)} (the {default} words, to replace)"))
    if _add_style_sheet(root / CONTRIBUTING, code, name):
        done.append(("modified", f"{CONTRIBUTING} (a style sheet for {code} to write, under “Style sheets”)"))
    return done


def untranslated_site_texts(root: Path, config: ProjectConfig, langs: list[str]) -> list[Problem]:
    """The site names and descriptions of `langs` that are still the original's, as `kb new-lang` writes them, with
    their lines in mkdocs.yml. `kb check` shows them as notes: like an untranslated segment, they fail nothing."""
    original, lines = config.languages[0], _language_lines(root / "mkdocs.yml")
    found = []
    for language in config.languages[1:]:
        if language.code not in langs:
            continue
        for key, text, english, why in (
                ("site_name", language.site_name, original.site_name, "it heads every page"),
                ("site_description", language.site_description, original.site_description,
                 "search engines show it under the site's name")):
            if text and text == english:
                found.append(Problem("site-text-untranslated", "mkdocs.yml", lines.get((language.code, key), 1),
                                     f"{key} of '{language.code}' is still the {original.name} text: translate it "
                                     f"({why})", lang=language.code))
    return found


def _language_lines(path: Path) -> dict[tuple[str, str], int]:
    """(language code, key) -> the line of that key in the i18n plugin's `languages` list of mkdocs.yml."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}

    def value(mapping, key):
        if isinstance(mapping, yaml.MappingNode):
            return next((v for k, v in mapping.value if getattr(k, "value", None) == key), None)
        return None

    plugins = value(node, "plugins")  # a list of plugins, or a mapping of them
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    i18n = next((value(entry, "i18n") for entry in entries if value(entry, "i18n") is not None), None)
    lines = {}
    languages = value(i18n, "languages")
    for entry in languages.value if isinstance(languages, yaml.SequenceNode) else []:
        locale = value(entry, "locale")
        if isinstance(entry, yaml.MappingNode) and isinstance(locale, yaml.ScalarNode):
            lines.update({(locale.value, key.value): key.start_mark.line + 1 for key, _ in entry.value})
    return lines


def _add_style_sheet(path: Path, code: str, name: str) -> bool:
    """A style-sheet skeleton for the language at the end of CONTRIBUTING.md's style sheets; False when the file or
    the section is not there."""
    if not path.is_file():
        return False
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == STYLE_SHEETS), None)
    if start is None:
        return False
    end, fenced = start + 1, False
    while end < len(lines) and (fenced or not lines[end].startswith("## ")):
        fenced ^= lines[end].lstrip().startswith("```")
        end += 1
    stop = end  # after the section's last text: the blank lines before the next section stay where they are
    while stop > start + 1 and not lines[stop - 1].strip():
        stop -= 1
    skeleton = STYLE_SHEET_SKELETON.format(code=code, name=name).rstrip("\n").split("\n")
    lines[stop:stop] = ["", *skeleton] + ([""] if stop == end < len(lines) else [])
    path.write_text("\n".join(lines), encoding="utf-8")
    return True


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML value on one line: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(text) == text and text == text.strip():
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _add_to_mkdocs_yml(path: Path, code: str, name: str, original) -> None:
    """Insert the language after the last one of the i18n plugin's `languages:` list, in the same indentation, with
    the original's site name and description to translate."""
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
    added = [f"{pad}- locale: {code}", f"{pad}  name: {_yaml_scalar(name)}", f"{pad}  build: true",
             f"{pad}  # the {original.name} site name and description, to translate (`kb check` names them until then)"]
    if original.site_name:
        added.append(f"{pad}  site_name: {_yaml_scalar(original.site_name)}")
    if original.site_description:
        added += [f"{pad}  site_description: >-", f"{pad}    {' '.join(original.site_description.split())}"]
    lines[end:end] = added
    path.write_text("\n".join(lines), encoding="utf-8")


def _add_ui_strings(path: Path, default: str, code: str) -> None:
    """After each key's `default:` line (and its plural forms, on deeper lines), the same lines for `code`."""
    out, copied = [], None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if copied is not None and not line.startswith("    "):
            out += copied
            copied = None
        out.append(line)
        if copied is not None:
            copied.append(line)
        elif line.startswith(f"  {default}:"):
            copied = [f"  {code}:" + line[len(f"  {default}:"):]]
    out += copied or []
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

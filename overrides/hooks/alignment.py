"""Build hook: every build checks that the five languages are aligned, with the same model as the check script.

Problems are logged as warnings (`file:line: message`), so `mkdocs build --strict` fails on them while
`mkdocs serve` keeps serving a translator's work in progress. A page that includes a snippet file or section that
does not exist cannot be rendered at all: the build stops there with the messages, not with a traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from check_alignment import alignment_problems  # noqa: E402
from content_model import ContentError, load_site, snippet_includes  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.alignment")

# The i18n plugin runs one build per language; check once per state of the docs, not once per language.
_checked_fingerprint: tuple | None = None


def _docs_fingerprint(docs_dir: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in docs_dir.rglob("*.md")))


def on_pre_build(config) -> None:
    global _checked_fingerprint
    root = Path(config.config_file_path).resolve().parent
    fingerprint = _docs_fingerprint(Path(config.docs_dir))
    if fingerprint == _checked_fingerprint:
        return
    _checked_fingerprint = fingerprint
    try:
        site = load_site(root)
    except ContentError as error:
        log.warning(str(error))
        return
    for problem in alignment_problems(site):
        log.warning(str(problem))
    _, include_problems = snippet_includes(site, root)
    if include_problems:
        _checked_fingerprint = None  # check again on the next build, even if nothing changed
        raise PluginError("pages include code that does not exist or is not from a checked file:\n"
                          + "\n".join(str(problem) for problem in include_problems))

"""Build hook: every build runs `kb check` (processes_kb.checks), so a translator sees the same messages in
`mkdocs serve` as on the command line.

Problems are warnings (`file:line: message`): `mkdocs build --strict` fails on them, `mkdocs serve` keeps serving
work in progress. Input that cannot be read at all (a file that is not UTF-8, a broken include) stops the build with
the same message, not a traceback.
"""

from __future__ import annotations

import logging
from mkdocs.exceptions import PluginError

from processes_kb.build_inputs import inputs_fingerprint, project_root
from processes_kb.checks import run_checks
from processes_kb.content import ContentError

log = logging.getLogger("mkdocs.hooks.checks")

# mkdocs-static-i18n runs one build per language: check once per state of the inputs, not once per language.
_checked: tuple | None = None


def on_pre_build(config) -> None:
    global _checked
    root = project_root(config)
    fingerprint = inputs_fingerprint(root)
    if fingerprint == _checked:
        return
    try:
        report = run_checks(root)
    except ContentError as error:
        raise PluginError(str(error)) from None
    _checked = fingerprint
    for problem in report.problems:
        log.warning(str(problem))
    broken_includes = [p for p in report.problems if p.message.startswith(("snippet file", "snippet section"))]
    if broken_includes:
        _checked = None  # a page cannot render without its include: check again on the next build
        raise PluginError("pages include code that does not exist:\n" + "\n".join(map(str, broken_includes)))
    unknown_diagrams = [p for p in report.problems if p.message.startswith("unknown diagram")]
    if unknown_diagrams:
        _checked = None  # a page cannot show a diagram that does not exist: check again on the next build
        raise PluginError("pages show diagrams that do not exist:\n" + "\n".join(map(str, unknown_diagrams)))

"""Diagrams drawn at build time (processes_kb/diagrams.py): in every language's page with that language's labels,
placed by markers the content model reads and the alignment check compares, every label fitting its box (that the
real labels do, and that every language has the diagrams after the same segments, is `kb check`'s: conftest.py's
pytest_sessionstart runs it before any test; here, the check's messages on broken copies).

What a reader's browser makes of them (visible, accessible name and description, contrast in both schemes, real text
inside its box) is in tests/test_browser.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, replace_in, soup

from processes_kb.alignment import alignment_problems, link_problems
from processes_kb.anchors import anchor_problems, read_published_anchors
from processes_kb.content import load_site, parse_page
from processes_kb.diagrams import DIAGRAMS_FILE, LAYOUTS, Layout, draw_panel, filled, load_labels, text_width, wrap

pytestmark = pytest.mark.toolkit

SITE = load_site(ROOT)
LANGS = SITE.languages
LABELS = load_labels(ROOT, LANGS)[0]  # their problems (and every label fitting its box): `kb check`, run first
KNOWN = ", ".join(sorted(LAYOUTS))


def kb_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), "check"], capture_output=True,
                          text=True, timeout=120)


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# ---------------------------------------------------------------- the real site


@pytest.mark.content
def test_the_diagrams_stand_after_their_segments():
    """In English; that every language has them after the same segments is the alignment check's (`kb check`)."""
    english = [(m.id, m.after) for m in SITE.originals["processes.md"].markers]
    assert english == [("restart", "single-transaction-cache"), ("shared-vs-sticky", "sticky-sessions")]


@pytest.mark.content
@pytest.mark.parametrize("lang", LANGS)
def test_every_language_page_shows_each_diagram_with_its_own_labels(built_site, lang):
    article = soup(built_site, lang, "processes.md").select_one("article")
    page = SITE.pages[lang]["processes.md"]
    for marker in page.markers:
        texts = LABELS.texts[marker.id][lang]
        figure = article.find("figure", id=f"diagram-{marker.id}")
        assert figure is not None, marker.id
        assert figure.find_previous_sibling(True)["id"] == marker.after  # where the marker stands
        caption = figure.find("figcaption")
        assert caption.find(string=True, recursive=False).strip() == texts["caption"]
        assert caption.select_one("a.headerlink")["href"] == f"#diagram-{marker.id}"
        panels = figure.select("svg")
        assert len(panels) == len(LAYOUTS[marker.id].panels)
        for svg, panel in zip(panels, LAYOUTS[marker.id].panels):
            assert svg["role"] == "img"
            title = article.find(id=svg["aria-labelledby"])
            desc = article.find(id=svg["aria-describedby"])
            assert (title.name, title.parent, title.get_text()) == ("title", svg, texts[f"{panel.key}-title"])
            assert (desc.name, desc.parent, desc.get_text()) == ("desc", svg, texts[f"{panel.key}-desc"])
            shown = [" ".join(span.get_text() for span in text.select("tspan")) for text in svg.select("text")]
            for item in LAYOUTS[marker.id].texts():
                if item in panel_texts(panel):
                    assert filled(texts[item.key], item.values) in shown, (lang, item.key)
        # Nothing the drawing would fetch: no link, image, script or style sheet of its own.
        assert not figure.select("svg image, svg script, svg style, svg foreignobject, svg [href], svg [style]")
    assert "<!-- diagram:" not in str(article)


def panel_texts(panel):
    return Layout("one", (panel,)).texts()


@pytest.mark.content
def test_a_translated_label_is_in_its_language_only(built_site):
    english = soup(built_site, "en", "processes.md").select_one("#diagram-shared-vs-sticky").get_text()
    french = soup(built_site, "fr", "processes.md").select_one("#diagram-shared-vs-sticky").get_text()
    assert "Répartiteur de charge" in french and "Répartiteur de charge" not in english
    assert "Load balancer" in english and "Load balancer" not in french


def test_the_width_estimate_wraps_at_spaces_and_keeps_no_break_spaces():
    assert wrap("Load balancer with sticky sessions", 150, 14) == ["Load balancer with", "sticky sessions"]
    assert wrap("з\u00a0липкими сесіями", 60, 14) == ["з\u00a0липкими", "сесіями"]
    # Accents add no width; wide letters count wide: the estimate is per character, not per string length.
    assert text_width("ệ", 10) == text_width("e", 10)
    assert text_width("щ", 10) > text_width("e", 10) > text_width("i", 10)
    assert text_width("Processus", 14, bold=True) > text_width("Processus", 14)


# ---------------------------------------------------------------- markers in the content model


PAGE = """\
# Title { #title }

First.
{: #first }

<!-- diagram: restart -->

Last.
{: #last }
"""


def page_problems(source: str) -> list[str]:
    return [str(p) for p in parse_page(textwrap.dedent(source), "en", "page.md", "docs/en/page.md").problems]


def test_a_marker_is_read_with_the_segment_it_follows():
    page = parse_page(PAGE, "en", "page.md", "docs/en/page.md")
    assert page.problems == []
    assert [(m.id, m.line, m.after, m.anchor) for m in page.markers] == [("restart", 6, "first", "diagram-restart")]
    assert page.anchors() == [("title", 1, "segment"), ("first", 3, "segment"), ("diagram-restart", 6, "figure"),
                              ("last", 8, "segment")]
    assert page.has_anchor("diagram-restart") and not page.has_anchor("diagram-first")


def test_other_html_comments_stay_comments():
    page = parse_page(PAGE.replace("<!-- diagram: restart -->", "<!-- a note for translators -->"), "en", "page.md",
                      "docs/en/page.md")
    assert (page.problems, page.markers) == ([], [])


@pytest.mark.parametrize(("marker", "message"), [
    ("<!-- diagram restart -->", "cannot read the diagram marker: write `<!-- diagram: id -->` alone on its line"),
    ("<!-- diagram: -->", "cannot read the diagram marker: write `<!-- diagram: id -->` alone on its line"),
    ("<!-- diagram: Restart -->", "diagram ID 'Restart' is not valid: use lowercase letters, digits and dashes"),
    ("<!-- diagram: restart -->\n\n<!-- diagram: restart -->",
     "diagram 'restart' is already shown on line 6: a page shows a diagram once"),
])
def test_a_broken_marker_is_named_with_its_line(marker, message):
    lines = PAGE.replace("<!-- diagram: restart -->", marker)
    where = 8 if "already" in message else 6
    assert page_problems(lines) == [f"docs/en/page.md:{where}: {message}"]


def test_a_marker_inside_a_list_is_refused():
    source = "- Item.\n  {: #item }\n\n  <!-- diagram: restart -->\n"
    assert page_problems(source) == [
        "docs/en/page.md:4: a diagram marker stands between the blocks of the page, not inside a list or a quote: "
        "move it out, with a blank line before and after it"]


def test_a_segment_cannot_take_a_figure_anchor():
    source = PAGE.replace("Last.\n{: #last }", "Last.\n{: #diagram-restart }")
    assert page_problems(source) == [
        "docs/en/page.md:8: segment ID 'diagram-restart' is the anchor of the diagram on line 6: rename the segment"]


# ---------------------------------------------------------------- alignment of markers

UK = PAGE.replace("First.", "Перший.").replace("Last.", "Останній.").replace("# Title", "# Заголовок")


def alignment(make_project, ukrainian: str) -> list[str]:
    return [str(p) for p in alignment_problems(load_site(make_project({"docs/en/page.md": PAGE,
                                                                         "docs/uk/page.md": ukrainian})))]


def test_aligned_markers_are_in_order(make_project):
    assert alignment(make_project, UK) == []


def test_a_marker_missing_in_one_language(make_project):
    assert alignment(make_project, UK.replace("<!-- diagram: restart -->\n\n", "")) == [
        "docs/uk/page.md:3: missing diagram 'restart' (docs/en/page.md:6): add `<!-- diagram: restart -->` after "
        "'first', with a blank line before and after it"]


def test_a_marker_in_the_wrong_place(make_project):
    moved = UK.replace("<!-- diagram: restart -->\n\n", "") + "\n<!-- diagram: restart -->\n"
    assert alignment(make_project, moved) == [
        "docs/uk/page.md:9: diagram 'restart' is in the wrong place: in docs/en/page.md:6 it comes after 'first'"]


def test_an_extra_marker(make_project):
    extra = UK + "\n<!-- diagram: shared-vs-sticky -->\n"
    assert alignment(make_project, extra) == [
        "docs/uk/page.md:11: extra diagram 'shared-vs-sticky': docs/en/page.md shows no such diagram"]


def test_a_link_to_a_figure_leads_somewhere(make_project):
    root = make_project({"docs/en/page.md": PAGE.replace("Last.", "See [the picture](page.md#diagram-restart)."),
                         "docs/uk/page.md": UK.replace("Останній.", "Див. [малюнок](page.md#diagram-restrat).")})
    assert [str(p) for p in link_problems(load_site(root))] == [
        "docs/uk/page.md:8: link to 'page.md#diagram-restrat' leads nowhere: docs/uk/page.md has no segment "
        "'diagram-restrat'"]


def test_figures_are_published_anchors(make_project):
    root = make_project({"docs/en/page.md": PAGE, "docs/uk/page.md": UK})
    site = load_site(root)
    (root / "data").mkdir()
    (root / "data/published-anchors.txt").write_text("page.md#title\npage.md#first\npage.md#last\n")
    assert [str(p) for p in anchor_problems(site, read_published_anchors(root)[0])] == [
        "docs/en/page.md:6: figure 'diagram-restart' is not in data/published-anchors.txt yet: run `kb publish`"]
    subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(root), "publish"], check=True,
                   capture_output=True)
    assert (root / "data/published-anchors.txt").read_text().endswith("page.md#diagram-restart\n")
    assert anchor_problems(site, read_published_anchors(root)[0]) == []


# ---------------------------------------------------------------- kb check and the build stop on a wrong diagram


def test_an_unknown_diagram_fails_kb_check_with_file_and_line(make_project):
    root = make_project({"docs/en/page.md": PAGE.replace("diagram: restart", "diagram: restrat"),
                         "docs/uk/page.md": UK.replace("diagram: restart", "diagram: restrat")})
    result = kb_check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/en/page.md:6: unknown diagram 'restrat' (known: {KNOWN})",
        f"docs/uk/page.md:6: unknown diagram 'restrat' (known: {KNOWN})"]


def test_an_unknown_diagram_stops_the_build_with_file_and_line(project_copy, tmp_path):
    page = project_copy / "docs/en/processes.md"
    line = line_of(page, "<!-- diagram: restart -->")
    replace_in(page, "<!-- diagram: restart -->", "<!-- diagram: restrat -->")
    result = kb_check(project_copy)
    assert result.returncode == 1
    assert f"docs/en/processes.md:{line}: unknown diagram 'restrat' (known: {KNOWN})" in result.stdout.splitlines()
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert f"docs/en/processes.md:{line}: unknown diagram 'restrat' (known: {KNOWN})" in build.stderr
    assert "Traceback" not in build.stderr


def test_a_marker_missing_in_the_real_pages_is_named(project_copy):
    page = project_copy / "docs/vi/processes.md"
    after = load_site(project_copy).pages["vi"]["processes.md"].segment("sticky-sessions").line
    english = line_of(project_copy / "docs/en/processes.md", "<!-- diagram: shared-vs-sticky -->")
    replace_in(page, "<!-- diagram: shared-vs-sticky -->\n\n", "")
    result = kb_check(project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"docs/vi/processes.md:{after}: missing diagram 'shared-vs-sticky' (docs/en/processes.md:{english}): add "
        "`<!-- diagram: shared-vs-sticky -->` after 'sticky-sessions', with a blank line before and after it"]


# ---------------------------------------------------------------- the labels file


@pytest.fixture
def labels_copy(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / DIAGRAMS_FILE, tmp_path / DIAGRAMS_FILE)
    return tmp_path


def label_problems(root: Path) -> list[str]:
    return [str(p) for p in load_labels(root, LANGS)[1]]


def label_line(root: Path, diagram: str, lang: str, key: str) -> int:
    """The line of `key:` in the `lang:` block of `diagram:`."""
    lines = (root / DIAGRAMS_FILE).read_text(encoding="utf-8").split("\n")
    start = lines.index(f"{diagram}:")
    block = next(i for i in range(start, len(lines)) if lines[i] == f"  {lang}:")
    return next(i for i in range(block, len(lines)) if lines[i].startswith(f"    {key}:")) + 1


def set_label(root: Path, diagram: str, lang: str, key: str, text: str) -> int:
    line = label_line(root, diagram, lang, key)
    file = root / DIAGRAMS_FILE
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = f"    {key}: {text}" if text is not None else "    # removed"
    file.write_text("\n".join(lines), encoding="utf-8")
    return line


def test_a_label_too_long_for_its_box_is_named_with_its_line(labels_copy):
    line = set_label(labels_copy, "shared-vs-sticky", "fr", "load-balancer",
                     "Répartiteur de charge, aussi appelé équilibreur de charge ou load balancer")
    assert label_problems(labels_copy) == [
        f"{DIAGRAMS_FILE}:{line}: 'shared-vs-sticky' (fr) label 'load-balancer' does not fit its box: "
        "“Répartiteur de charge, aussi appelé équilibreur de charge ou load balancer” needs 3 lines of 284 units, "
        "about 30 letters; the box has room for 2 lines: shorten it"]


def test_a_word_too_long_for_its_box_is_named(labels_copy):
    line = set_label(labels_copy, "restart", "vi", "writes", "ghi-vào-kho-lưu-trữ")
    assert label_problems(labels_copy) == [
        f"{DIAGRAMS_FILE}:{line}: 'restart' (vi) label 'writes' does not fit its box: the word “ghi-vào-kho-lưu-trữ” "
        "alone is wider than the box (92 units, about 10 letters): shorten it"]


@pytest.mark.parametrize(("diagram", "lang", "key", "line", "message"), [
    ("restart", "uk", "process", None, "'restart' (uk) has no label 'process': add `process: …`"),
    ("shared-vs-sticky", "uk", "process", "process: Процес",
     "'shared-vs-sticky' (uk) label 'process' must contain {n}, as in 'en'"),
    ("shared-vs-sticky", "vi", "shared-desc", "shared-desc: Tiến trình phi trạng thái",
     "'shared-vs-sticky' (vi) 'shared-desc' is the text alternative: say in a sentence what the picture shows, not "
     "only its title"),
    ("restart", "fr", "memory-result", "memory-result: Le redémarrage a effacé la session !",
     "'restart' (fr) label 'memory-result': ordinary space before '!': use a narrow no-break space (U+202F)"),
    ("restart", "uk", "memory-result", "memory-result: Перезапуск знищив пам'ять",
     "'restart' (uk) label 'memory-result': apostrophe ''' in a Ukrainian word: use ʼ (U+02BC)"),
    ("restart", "en", "memory-result", 'memory-result: The restart wiped out the "session”',
     "'restart' (en) label 'memory-result': straight quote '\"' in prose: use the language's quotation marks"),
    ("restart", "en", "writes", "writes: ''", "'restart' (en) label 'writes' is empty"),
])
def test_label_mistakes_are_named_with_their_line(labels_copy, diagram, lang, key, line, message):
    number = label_line(labels_copy, diagram, lang, key)
    file = labels_copy / DIAGRAMS_FILE
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = f"    {line}" if line is not None else "    # removed"
    file.write_text("\n".join(lines), encoding="utf-8")
    where = number if line is not None else label_line(ROOT, diagram, lang, "caption") - 1  # the `lang:` line
    assert label_problems(labels_copy) == [f"{DIAGRAMS_FILE}:{where}: {message}"]


def test_a_misspelt_label_is_missing_and_unknown(labels_copy):
    line = set_label(labels_copy, "restart", "pt", "process", None)
    file = labels_copy / DIAGRAMS_FILE
    file.write_text(file.read_text(encoding="utf-8").replace("    # removed", "    procss: Processo"), encoding="utf-8")
    pt = label_line(ROOT, "restart", "pt", "caption") - 1
    assert label_problems(labels_copy) == [
        f"{DIAGRAMS_FILE}:{pt}: 'restart' (pt) has no label 'process': add `process: …`",
        f"{DIAGRAMS_FILE}:{line}: 'restart' (pt) has an unknown label 'procss' (its labels: caption, memory-title, "
        "memory-desc, service-title, service-desc, process, session, restart, memory-result, writes, reads, "
        "store-caption, service-result)"]


def test_a_language_without_labels_and_an_unknown_diagram(labels_copy):
    file = labels_copy / DIAGRAMS_FILE
    text = file.read_text(encoding="utf-8")
    start = text.index("restart:\n")
    pt = text.index("  pt:\n", start)
    file.write_text(text[:pt] + "\nsticky:\n  en:\n    caption: A caption.\n", encoding="utf-8")
    problems = label_problems(labels_copy)
    restart_line = text[:start].count("\n") + 1
    sticky_line = text[:pt].count("\n") + 2
    assert problems == [
        f"{DIAGRAMS_FILE}:{restart_line}: 'restart' has no 'pt' labels: add `pt:` with "
        + ", ".join(LAYOUTS["restart"].keys()),
        f"{DIAGRAMS_FILE}:{sticky_line}: 'sticky' is not a diagram drawn by processes_kb/diagrams.py (known: {KNOWN})"]


# ---------------------------------------------------------------- the drawing


def test_a_panel_is_an_image_named_by_its_title_and_described_by_its_desc():
    panel = LAYOUTS["restart"].panels[0]
    svg = draw_panel(panel, "diagram-restart-memory", lambda key: {"memory-title": "T", "memory-desc": "D"}.get(key, key))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "diagram-restart-memory-title"
    assert svg.get("aria-describedby") == "diagram-restart-memory-desc"
    assert [(child.tag, child.get("id"), child.text) for child in list(svg)[:2]] == [
        ("title", "diagram-restart-memory-title", "T"), ("desc", "diagram-restart-memory-desc", "D")]
    # Readable without the style sheet: text and shapes in the text colour.
    assert all(text.get("fill") == "currentColor" for text in svg.iter("text"))
    assert all(shape.get("stroke") == "currentColor" for shape in svg.iter("rect"))


def test_without_the_build_a_marker_is_an_invisible_comment():
    from markdown import markdown

    html = markdown(PAGE, extensions=["attr_list"])
    assert re.search(r"<!-- diagram: restart -->", html) and "<figure" not in html


def test_kb_check_for_one_language_shows_its_labels(project_copy):
    line = label_line(project_copy, "restart", "pt", "reads")
    file = project_copy / DIAGRAMS_FILE
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "    reads: lê de novo a sessão guardada"
    file.write_text("\n".join(lines), encoding="utf-8")
    message = (f"{DIAGRAMS_FILE}:{line}: 'restart' (pt) label 'reads' does not fit its box: “lê de novo a sessão "
               "guardada” needs 3 lines of 92 units, about 10 letters; the box has room for 1 line: shorten it")
    mine = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(project_copy), "check", "--lang", "pt"],
                          capture_output=True, text=True, timeout=120)
    assert (mine.returncode, mine.stdout.splitlines()[0]) == (1, message)
    other = subprocess.run([sys.executable, "-m", "processes_kb", "--root", str(project_copy), "check", "--lang", "fr"],
                           capture_output=True, text=True, timeout=120)
    assert message not in other.stdout

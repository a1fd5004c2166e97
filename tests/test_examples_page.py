"""The examples page can be run from the page: every code block names (and, with REPO_URL, links) the file it shows,
the "Run it yourself" steps are the ones `kb snippets` runs, and the examples folder is a download."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import REPO_URL, ROOT, page_file, real_site, replace_in, soup

from processes_kb.checks import run_checks
from processes_kb.code_titles import section_lines
from processes_kb.examples_archive import ARCHIVE, ARCHIVE_FOLDER, examples_archive
from processes_kb.run_steps import RUN_STEPS, SECTIONS, read_sections, with_ports

pytestmark = pytest.mark.content

PAGE = "examples.md"
LANGS = ("en", "uk", "vi", "fr", "pt")


def code_blocks(site_dir, lang):
    return soup(site_dir, lang, PAGE).select("div.highlight")


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_block_is_titled_with_an_existing_file(built_site, lang):
    blocks = code_blocks(built_site, lang)
    assert len(blocks) >= 30
    for block in blocks:
        title = block.select_one("span.filename")
        assert title is not None, f"{lang}: code block {block.get('id')} has no title"
        name = title.get_text().split()[-1]
        assert (ROOT / name).is_file(), f"{lang}: {block.get('id')} titled {title.get_text()!r}"
        assert title.find("a") is None  # no repository address: the file is named, not linked
    output = soup(built_site, lang, PAGE).select_one("#output-run-requests span.filename").get_text()
    assert output.endswith("examples/output/run_requests.txt") and not output.startswith("examples/")  # "Output: …"


def test_with_a_repository_address_titles_link_the_file_at_its_section(repo_site):
    for lang in LANGS:
        for block in code_blocks(repo_site, lang):
            link = block.select_one("span.filename a")
            assert link is not None and link.get_text() in link["href"], block.get("id")
            assert link["href"].startswith(f"{REPO_URL}/blob/main/examples/")
    worker = soup(repo_site, "en", PAGE).select_one("#code-worker span.filename a")["href"]
    first, last = section_lines(ROOT / "examples/worker.py", "loop")
    assert worker == f"{REPO_URL}/blob/main/examples/worker.py#L{first}-L{last}"
    shown = soup(repo_site, "en", PAGE).select_one("#code-worker pre").get_text()
    assert "import redis" in shown and "run(redis.Redis.from_url(REDIS_URL" in shown  # where `queue` comes from


def test_the_run_steps_on_the_page_are_the_file_kb_snippets_runs(built_site):
    sections = read_sections(ROOT / RUN_STEPS)
    assert list(sections) == list(SECTIONS)
    for lang in LANGS:
        page = soup(built_site, lang, PAGE)
        for name in SECTIONS:
            block = page.select_one(f"#code-run-{name}")
            assert block.select_one("span.filename").get_text() == RUN_STEPS
            assert block.select_one("pre").get_text().strip() == sections[name].strip()
        shown_output = page.select_one("#output-run-requests pre").get_text()
        assert shown_output == (ROOT / "examples/output/run_requests.txt").read_text()
        download = page.select(f'a[href$="{ARCHIVE}"]')
        assert download, f"{lang}: no link to the examples archive"
    assert "honcho -f examples/Procfile start -p 5000" in sections["processes"]
    assert with_ports("curl http://127.0.0.1:5000/ :5001 :6379 :15000", {5000: 41000, 5001: 41001, 6379: 42000}) \
        == "curl http://127.0.0.1:41000/ :41001 :42000 :15000"


def test_the_examples_archive_is_published_deterministic_and_complete(built_site, tmp_path):
    published = (built_site / ARCHIVE).read_bytes()
    assert published == examples_archive(ROOT) == examples_archive(ROOT)
    with zipfile.ZipFile(io.BytesIO(published)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names)
        assert {f"{ARCHIVE_FOLDER}/examples/{name}" for name in
                ("webapp.py", "worker.py", "Procfile", "gunicorn.conf.py", "redis.conf", "requirements.txt",
                 "run.sh", "README.md")} <= set(names)
        assert not [n for n in names if "/output/" in n or "__pycache__" in n or n.endswith(".pyc")]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read(f"{ARCHIVE_FOLDER}/examples/run.sh") == (ROOT / RUN_STEPS).read_bytes()
    (ROOT / "examples/__pycache__").mkdir(exist_ok=True)  # a cache beside the examples changes nothing
    assert examples_archive(ROOT) == published


@pytest.mark.toolkit
def test_a_hand_title_naming_another_file_is_a_problem(project_copy):
    text = replace_in(project_copy / "docs/fr/examples.md", "``` { .python #code-worker }",
                      '``` { .python #code-worker title="examples/webapp.py" }')
    line = text.splitlines().index("``` { .python #code-worker }") + 1
    problems = [p for p in run_checks(project_copy, render=False).problems if p.code.startswith("code-title")]
    assert [(p.code, p.path, p.line) for p in problems] == [("code-title-differs", "docs/fr/examples.md", line)]
    assert "shows examples/worker.py" in problems[0].message

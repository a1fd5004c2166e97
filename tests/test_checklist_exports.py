"""The checklist as a team uses it, in Chromium: one set of ticks for every language (keyed by recommendation ID,
with the ticks each language kept before merged in), CSV and JSON downloads written with the ticks as they are at
the click (a spreadsheet opens the CSV: byte-order mark, headers and yes/no in the reader's language), and a
"Clear all" that can be undone from the keyboard and is announced to screen readers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT, page_url, real_site
from processes_kb.recommendations import (CHECKLIST_COLUMNS, export_checklist_csv, export_checklist_json,
                                          load_recommendations)
from processes_kb.ui_strings import read_ui_strings

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SITE = real_site()
RECS = list(load_recommendations(ROOT)[0])
STRINGS = read_ui_strings(ROOT, SITE.languages, SITE.tags)[0]
BOM = b"\xef\xbb\xbf"
# Blobs the page hands to the browser, with their types: recorded by wrapping URL.createObjectURL
RECORD_BLOBS = """() => {
  window.kbBlobTypes = [];
  const create = URL.createObjectURL;
  URL.createObjectURL = (blob) => { window.kbBlobTypes.push(blob.type); return create(blob); };
}"""


def download(page, selector: str):
    with page.expect_download() as info:
        page.locator(selector).click()
    got = info.value
    path = got.path()
    return got.suggested_filename, path.read_bytes()


def test_ticks_are_one_set_for_every_language_and_the_downloads_carry_them(page, site_url):
    checklist = {lang: site_url + page_url(lang, "checklist.md") for lang in ("en", "uk")}
    # Ticks kept per language by the earlier version of the checklist: merged, none lost, the old sets removed.
    page.goto(checklist["en"])
    page.evaluate("""ids => {
      localStorage.clear();
      localStorage.setItem("processes-checklist-uk", JSON.stringify([ids[0], ids[2]]));
      localStorage.setItem("processes-checklist-en", JSON.stringify([ids[2], ids[5]]));
    }""", RECS)
    page.reload()
    boxes = page.locator(".kb-checklist input[type=checkbox]")
    ticked = [RECS[0], RECS[2], RECS[5]]
    assert boxes.evaluate_all("boxes => boxes.filter(b => b.checked).map(b => b.value)") == ticked
    storage = page.evaluate("() => Object.keys(localStorage).filter(key => key.startsWith('processes-checklist'))")
    assert storage == ["processes-checklist"]

    # The Ukrainian checklist shows the same ticks; a tick there is one more in the same set.
    page.goto(checklist["uk"])
    assert boxes.evaluate_all("boxes => boxes.filter(b => b.checked).map(b => b.value)") == ticked
    boxes.nth(7).check()
    ticked = sorted([*ticked, RECS[7]], key=RECS.index)
    total = len(RECS)
    progress = STRINGS["checklist_progress"]["uk"].format(done=4, total=total)
    assert page.locator(".kb-checklist__progress").inner_text() == progress

    # CSV: byte-order mark, UTF-8, headers and yes/no in Ukrainian, the reader's ticks in the column "done".
    page.evaluate(RECORD_BLOBS)
    name, data = download(page, '.kb-downloads a[data-format="csv"]')
    assert name == "processes-recommendations.uk.csv"
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert table[0] == [STRINGS[f"checklist_column_{column}"]["uk"] for column in CHECKLIST_COLUMNS]
    assert table[0][:3] == ["Ідентифікатор", "Рекомендація", "Виконано"]
    done = table[0].index("Виконано")
    assert {row[0]: row[done] for row in table[1:]} == {rec: "так" if rec in ticked else "ні" for rec in RECS}
    # the same file as the one published for a browser without JavaScript, but for the ticks; and as the toolkit
    # writes it from the data the page carries
    export = json.loads(page.locator(".kb-downloads").get_attribute("data-export"))
    assert data.decode("utf-8") == export_checklist_csv(export, set(ticked))
    static = page.request.get(page.locator('.kb-downloads a[data-format="csv"]').evaluate("a => a.href"))
    assert static.headers["content-type"] == "text/csv; charset=utf-8"
    assert static.body().decode("utf-8") == export_checklist_csv(export)

    # JSON: readable UTF-8 (Cyrillic as letters, no \\u escapes), a done flag per recommendation.
    name, data = download(page, '.kb-downloads a[data-format="json"]')
    assert name == "processes-recommendations.uk.json"
    text = data.decode("utf-8")
    assert "\\u" not in text and "Запускайте" in text
    parsed = json.loads(text)
    assert parsed["language"] == "uk"
    assert {entry["id"]: entry["done"] for entry in parsed["recommendations"]} == {rec: rec in ticked for rec in RECS}
    assert text == export_checklist_json(export, set(ticked))
    assert page.evaluate("window.kbBlobTypes") == ["text/csv;charset=utf-8", "application/json;charset=utf-8"]

    # "Clear all" is announced and can be undone from the keyboard; the focus never stays on a hidden button.
    announce = page.locator(".kb-checklist__announce")
    undo = page.locator(".kb-checklist__undo-button")
    assert announce.get_attribute("role") == "status" and undo.is_hidden()
    page.locator(".kb-checklist__clear").click()
    assert boxes.evaluate_all("boxes => boxes.filter(b => b.checked).length") == 0
    assert page.evaluate("localStorage.getItem('processes-checklist')") == "[]"
    assert announce.inner_text() == STRINGS["checklist_cleared"]["uk"]
    assert undo.is_visible() and undo.inner_text() == STRINGS["checklist_undo"]["uk"]
    assert undo.evaluate("button => button === document.activeElement")
    page.keyboard.press("Enter")
    assert boxes.evaluate_all("boxes => boxes.filter(b => b.checked).map(b => b.value)") == ticked
    assert announce.inner_text() == STRINGS["checklist_restored"]["uk"]
    assert undo.is_hidden()
    assert page.locator(".kb-checklist__clear").evaluate("button => button === document.activeElement")

    # Back in English: the ticks made in Ukrainian are there.
    page.goto(checklist["en"])
    assert boxes.evaluate_all("boxes => boxes.filter(b => b.checked).map(b => b.value)") == ticked
    assert page.console_errors == []


@pytest.mark.parametrize("lang", SITE.languages)
def test_published_downloads_open_in_a_spreadsheet_in_the_readers_language(built_site, lang):
    """The files behind the download links (a browser without JavaScript gets them): the same format as those the
    page writes, with no tick."""
    folder = built_site / "assets" / "recommendations"
    data = (folder / f"processes-recommendations.{lang}.csv").read_bytes()
    assert data.startswith(BOM)
    delimiter = "," if lang == "en" else ";"  # where numbers take a decimal comma, Excel separates with semicolons
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert table[0] == [STRINGS[f"checklist_column_{column}"][lang] for column in CHECKLIST_COLUMNS]
    assert [row[0] for row in table[1:]] == RECS
    assert {row[2] for row in table[1:]} == {STRINGS["checklist_done_no"][lang]}
    parsed = json.loads((folder / f"processes-recommendations.{lang}.json").read_text(encoding="utf-8"))
    assert [(entry["id"], entry["done"]) for entry in parsed["recommendations"]] == [(rec, False) for rec in RECS]

"""Numbers, percentages and counts as each language writes them (CLDR, through Babel), and the language tag each
language's pages declare (`pt-BR` for the pages under /pt/): in the toolkit, in `kb check`, in the built site and in
the browser."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL, page_url  # the browser and built_site fixtures: conftest.py
from test_bad_input import kb_check, project

from processes_kb.content import load_site
from processes_kb.ui_strings import (CountedText, format_count, format_share, plural_categories, plural_category,
                                     read_ui_strings)

pytestmark = pytest.mark.toolkit  # and the built site's tests are content tests, the browser's browser tests

SITE = load_site(ROOT)
LANGS = SITE.languages
NBSP, NNBSP = "\u00a0", "\u202f"


def html(site_dir, lang: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / page_url(lang, name) / "index.html").read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- the toolkit's formatting (processes_kb/ui_strings.py)


@pytest.mark.parametrize(("tag", "whole", "count"), [
    ("en", "100%", "1,234"), ("uk", "100%", f"1{NBSP}234"), ("vi", "100%", "1.234"),
    ("fr", f"100{NBSP}%", f"1{NNBSP}234"), ("pt-BR", "100%", "1.234"),
])
def test_percent_and_digits_are_written_the_languages_way(tag, whole, count):
    assert format_share(14, 14, tag) == whole
    assert format_count(1234, tag) == count


def test_a_share_is_rounded_down_so_only_a_complete_one_reads_100_percent():
    assert format_share(999, 1000, "en") == "99%"
    assert format_share(29, 100, "fr") == f"29{NBSP}%"
    assert format_share(0, 7, "uk") == "0%"
    assert format_share(0, 0, "pt-BR") == "100%"  # nothing to translate: complete


def test_plural_categories_of_the_sites_languages_are_cldrs():
    assert {lang: plural_categories(SITE.tag(lang)) for lang in LANGS} == {
        "en": ["one", "other"], "uk": ["one", "few", "many", "other"], "vi": ["one", "other"],
        "fr": ["one", "many", "other"], "pt": ["one", "many", "other"]}


def test_a_counted_string_takes_the_form_of_its_count_and_writes_its_numbers_the_languages_way():
    items = CountedText({"one": "{done} пункт з {total}", "few": "{done} пункти з {total}",
                         "many": "{done} пунктів з {total}", "other": "{done} пункту з {total}"}, "uk", "done")
    assert [items.format(done=n, total=1000) for n in (1, 2, 5, 11, 21, 22)] == [
        f"1 пункт з 1{NBSP}000", f"2 пункти з 1{NBSP}000", f"5 пунктів з 1{NBSP}000", f"11 пунктів з 1{NBSP}000",
        f"21 пункт з 1{NBSP}000", f"22 пункти з 1{NBSP}000"]
    ticked = CountedText({"one": "{done} case cochée", "many": "{done} de cases cochées",
                          "other": "{done} cases cochées"}, "fr", "done")
    assert [ticked.format(done=n) for n in (0, 1, 2, 1000000)] == [
        "0 case cochée", "1 case cochée", "2 cases cochées", f"1{NNBSP}000{NNBSP}000 de cases cochées"]
    assert plural_category("pt-BR", Decimal("1.5")) == "one" and plural_category("uk", Decimal("1.5")) == "other"


# ---------------------------------------------------------------- the real interface strings


def test_the_real_interface_strings_have_every_plural_form_and_placeholder():
    strings, problems = read_ui_strings(ROOT, LANGS, SITE.tags)
    assert problems == []
    for lang in LANGS:
        progress = strings["checklist_progress"][lang]
        assert isinstance(progress, CountedText)
        assert sorted(progress.forms) == sorted(plural_categories(SITE.tag(lang)))


@pytest.mark.parametrize(("lang", "one_ticked"), [
    ("en", "1 of 14 done"), ("fr", f"Cochées{NBSP}: 1 sur 14"), ("pt", "Concluídas: 1 de 14"),
])
def test_the_checklist_counter_agrees_with_one_tick(lang, one_ticked):
    """« 1 sur 14 cochées », «1 de 14 concluídas» did not agree: the wording now reads right with every count."""
    progress = read_ui_strings(ROOT, LANGS, SITE.tags)[0]["checklist_progress"][lang]
    assert progress.format(done=1, total=14) == one_ticked


# ---------------------------------------------------------------- kb check: plural forms and placeholders

COUNTED = """\
permalink:
  en: Link
  uk: Посилання
redirect_text:
  en: Goes to “{title}”.
  uk: Веде до «{title}».
checklist_progress:
  en:
    one: "{done} of {total} done"
    other: "{done} of {total} done"
  uk:
    one: Виконано {done} з {total}
    few: Виконано {done} з {total}
    many: Виконано {done} з {total}
    other: Виконано {done} з {total}
""".replace(" з ", " з\u00a0")  # a one-letter Ukrainian word is tied to the next (typography)
STRINGS = "data/ui-strings.yml"


def test_the_counted_fixture_is_clean(make_project):
    result = kb_check(project(make_project, **{STRINGS: COUNTED}))
    assert (result.returncode, result.stdout) == (0, "All languages are in order: 1 page(s), 2 language(s).\n")


@pytest.mark.parametrize(("case", "old", "new", "expected"), [
    ("a plural form missing", "    few: Виконано {done} з {total}\n", "",
     [f"{STRINGS}:11: 'checklist_progress' (uk) has no 'few' form (counts such as 2, 3, 4, 22): add `few: …`"]),
    ("a form the language does not use", "    other: \"{done} of {total} done\"\n",
     "    other: \"{done} of {total} done\"\n    many: \"{done} of {total} done\"\n",
     [f"{STRINGS}:11: 'checklist_progress' (en) has a 'many' form, which 'en' does not use: its forms are one, other"]),
    ("one line where the count needs its forms",
     "  uk:\n    one: Виконано {done} з {total}\n    few: Виконано {done} з {total}\n"
     "    many: Виконано {done} з {total}\n    other: Виконано {done} з {total}\n",
     "  uk: Виконано {done} з {total}\n",
     [f"{STRINGS}:11: 'checklist_progress' shows a count: give 'uk' one line per plural form (one, few, many, "
      "other), as the file's header shows"]),
    ("plural forms where no count is shown", "  uk: Посилання\n", "  uk:\n    one: Посилання\n    other: Посилання\n",
     [f"{STRINGS}:3: 'permalink' shows no count: give 'uk' one line of text, not plural forms"]),
    ("an empty form", "    many: Виконано {done} з {total}\n", "    many: \"\"\n",
     [f"{STRINGS}:14: 'checklist_progress' (uk) has an empty 'many' form"]),
    ("a misspelt placeholder in a form", "    few: Виконано {done} з {total}\n", "    few: Виконано {done} з {totl}\n",
     [f"{STRINGS}:13: 'checklist_progress' (uk, form 'few') must contain {{done}}, {{total}}, as in 'en'"]),
    ("a placeholder dropped", "  uk: Веде до «{title}».\n", "  uk: Веде до рекомендації.\n",
     [f"{STRINGS}:6: 'redirect_text' (uk) must contain {{title}}, as in 'en'"]),
])
def test_kb_check_holds_each_language_to_its_plural_forms_and_placeholders(make_project, case, old, new, expected):
    old, new = old.replace(" з ", f" з{NBSP}"), new.replace(" з ", f" з{NBSP}")
    assert old in COUNTED, case
    result = kb_check(project(make_project, **{STRINGS: COUNTED.replace(old, new)}))
    assert result.returncode == 1, case
    assert result.stdout.splitlines() == expected, case


# ---------------------------------------------------------------- the built site


def test_portuguese_pages_declare_pt_br_and_keep_their_pt_addresses(built_site):
    assert SITE.tag("pt") == "pt-BR" and page_url("pt", "processes.md") == "pt/processes/"
    for name in ("index.md", "processes.md", "translation-status.md"):
        assert html(built_site, "pt", name).html["lang"] == "pt-BR"
    for lang in ("en", "uk", "vi", "fr"):
        assert html(built_site, lang, "processes.md").html["lang"] == lang
    not_found = BeautifulSoup((built_site / "pt/404.html").read_text(encoding="utf-8"), "html.parser")
    short = BeautifulSoup((built_site / "pt/r/no-sticky-sessions/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert not_found.html["lang"] == short.html["lang"] == "pt-BR"
    # Material's Brazilian words, not the European ones, with the article a native reviewer restored
    page = html(built_site, "pt", "processes.md")
    assert page.select_one(".md-skip").get_text(strip=True) == "Pular para o conteúdo"
    words = json.loads(page.select_one("#__config").get_text())["translations"]
    assert words["clipboard.copy"] == "Copiar para a área de transferência"


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_menu_names_portuguese_pt_br(built_site, lang):
    links = html(built_site, lang, "processes.md").select("a.md-select__link")
    assert [(link["hreflang"], link["lang"]) for link in links] == [(SITE.tag(code),) * 2 for code in LANGS]
    portuguese = dict((link["hreflang"], link["href"]) for link in links)["pt-BR"]
    assert urljoin("/" + page_url(lang, "processes.md"), portuguese) == "/pt/processes/"


def test_the_sitemap_names_portuguese_pt_br(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="pt"' not in sitemap
    assert sitemap.count('hreflang="pt-BR"') == sitemap.count("<loc>") == len(SITE.pages["en"]) * len(LANGS)
    assert f'<xhtml:link rel="alternate" hreflang="pt-BR" href="{SITE_URL}pt/processes/"/>' in sitemap


def test_the_portuguese_search_index_is_keyed_by_the_pages_tag(built_site):
    """Pagefind keys an index by `<html lang>` (lower-cased) and the search UI asks for the page's own: pt-br."""
    entry = json.loads((built_site / "pt/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["pt-br"]
    assert entry["languages"]["pt-br"]["page_count"] == len(SITE.pages["pt"])


@pytest.mark.parametrize(("lang", "whole"), [("en", "100%"), ("uk", "100%"), ("vi", "100%"), ("fr", f"100{NBSP}%"),
                                             ("pt", "100%")])
def test_the_status_page_writes_percentages_the_languages_way(built_site, lang, whole):
    table = html(built_site, lang, "translation-status.md").select_one(".kb-status table")
    values = [value.get_text() for value in table.select(".kb-status__value")]
    bars = [bar.get_text() for bar in table.select("progress")]
    assert values and values == bars
    assert all(value.endswith("%") and value[:-1].rstrip(NBSP).isdigit() for value in values), values
    assert whole in values and (lang == "fr") == all(NBSP in value for value in values)
    assert [th["lang"] for th in table.select("thead th[lang]")] == [SITE.tag(code) for code in LANGS]


@pytest.mark.parametrize("lang", LANGS)
def test_the_checklist_hands_the_browser_its_counter_for_every_count(built_site, lang):
    box = html(built_site, lang, "checklist.md").select_one(".kb-checklist")
    total = len(box.select("input[type=checkbox]"))
    progress = read_ui_strings(ROOT, LANGS, SITE.tags)[0]["checklist_progress"][lang]
    assert json.loads(box["data-progress"]) == [progress.format(done=n, total=total) for n in range(total + 1)]
    assert box.select_one(".kb-checklist__progress").get_text() == progress.format(done=0, total=total)


@pytest.mark.parametrize(("lang", "previous"), [("en", "Previous: "), ("fr", f"Précédent{NBSP}: "),
                                                ("pt", "Anterior: "), ("uk", "Назад: ")])
def test_footer_links_are_named_with_the_languages_colon(built_site, lang, previous):
    footer = html(built_site, lang, "processes.md").select_one("a.md-footer__link--prev")
    title = footer.select_one(".md-footer__title .md-ellipsis").get_text(strip=True)
    assert footer["aria-label"] == previous + title


@pytest.mark.parametrize(("lang", "credit"), [
    ("en", "Made with Material for MkDocs"), ("uk", "Створено за допомогою Material for MkDocs"),
    ("vi", "Được tạo bằng Material for MkDocs"), ("fr", "Réalisé avec Material for MkDocs"),
    ("pt", "Feito com Material for MkDocs"),
])
def test_the_footer_credit_is_in_the_pages_language(built_site, lang, credit):
    copyright_line = html(built_site, lang, "index.md").select_one(".md-copyright")
    assert " ".join(copyright_line.get_text().split()) == credit
    assert copyright_line.select_one("a")["lang"] == "en"


# ---------------------------------------------------------------- in the browser


@pytest.mark.parametrize(("lang", "ticks"), [("fr", 1), ("pt", 1), ("uk", 3)])
def test_the_checklist_counter_follows_the_ticks_in_the_pages_language(page, site_url, lang, ticks):
    page.goto(site_url + page_url(lang, "checklist.md"), wait_until="networkidle")
    boxes = page.locator(".kb-checklist input[type=checkbox]")
    total = boxes.count()
    progress = read_ui_strings(ROOT, LANGS, SITE.tags)[0]["checklist_progress"][lang]
    for index in range(ticks):
        boxes.nth(index).check()
    shown = page.locator(".kb-checklist__progress").inner_text()
    # the build's counter for that many ticks, as it handed it over: the script assembles no words
    assert shown == json.loads(page.locator(".kb-checklist").get_attribute("data-progress"))[ticks]
    assert shown == progress.format(done=ticks, total=total)
    page.reload(wait_until="networkidle")
    assert page.locator(".kb-checklist__progress").inner_text() == progress.format(done=ticks, total=total)
    assert page.console_errors == []

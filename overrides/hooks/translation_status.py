"""Build hook: readers see where a translation lags behind the English, and how far each language has come.

A translated segment that is outdated (its English changed since it was reviewed) or untranslated (it shows the
English text) gets a note in the reader's language linking to the English original; the translation status page
shows, per page and language, the share of segments up to date as bars. The status comes from
processes_kb.staleness (data/translations/), the markup from processes_kb.markdown_extension.
"""

from __future__ import annotations


from processes_kb.build_inputs import build_inputs, page_location
from processes_kb.markdown_extension import Notice, StatusTable
from processes_kb.staleness import UNTRANSLATED, UP_TO_DATE, english_change_dates, language_status, tracked

EXTENSION = "processes_kb.markdown_extension"
STATUS_PAGE = "translation-status.md"

_build: dict = {}  # this build's site, strings and per-language status; replaced at the start of every build


def on_pre_build(config) -> None:
    inputs = build_inputs(config)
    names = {lang.locale: lang.name for lang in config.plugins["i18n"].config.languages}
    _build.clear()
    _build.update(root=inputs.root, site=inputs.site, inputs=inputs, names=names, status={})


def _status(lang: str):
    if lang not in _build["status"]:
        _build["status"][lang] = language_status(_build["site"], _build["root"], lang)[0]
    return _build["status"][lang]


def on_page_markdown(markdown: str, page, config, files) -> str:
    site = _build["site"]
    lang, name = page_location(page, config)
    markup = config.mdx_configs[EXTENSION]["page"]
    label = _build["inputs"].labels(lang)
    if lang != site.default_lang and tracked(_build["root"]):
        up = "../" * page.url.count("/")
        lagging = [item for item in _status(lang).segments if item.page.name == name and item.state != UP_TO_DATE]
        dates = english_change_dates(_build["root"], site.originals[name].path, [i.source for i in lagging]) \
            if lagging else {}
        for item in lagging:
            untranslated = item.state == UNTRANSLATED
            text = label["notice_untranslated" if untranslated else "notice_outdated"]
            markup.notices[item.segment.id] = Notice(text, label["notice_read_english"],
                                                     up + site.page_path(site.default_lang, f"{name}#{item.segment.id}"), lang, untranslated,
                                                     "" if untranslated else dates.get(item.segment.id, ""))
    if name == STATUS_PAGE:
        markup.blocks["status-table"] = [_status_table(lang, label)]
    return markdown


def _status_table(lang: str, label: dict) -> StatusTable:
    site = _build["site"]
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    for other in site.languages[1:]:
        for page_name, items in _status(other).pages().items():
            counts.setdefault(page_name, {})[other] = (sum(i.state == UP_TO_DATE for i in items), len(items))
    rows = []
    for page_name, page in sorted(site.pages[lang].items()):
        title = page.meta.get("title", page_name)
        per_lang = counts.get(page_name, {})
        english = len([s for s in site.originals[page_name].segments if s.kind != "code"])
        per_lang[site.default_lang] = (english, english)
        rows.append((title, page_name, per_lang))
    total: dict[str, tuple[int, int]] = {}
    for _, _, per_lang in rows:
        for code, (done, all_) in per_lang.items():
            total[code] = (total.get(code, (0, 0))[0] + done, total.get(code, (0, 0))[1] + all_)
    rows.insert(0, (label["status_whole_site"], "#status-table", total))
    languages = [(code, _build["names"].get(code, code)) for code in site.languages]
    return StatusTable(languages, rows, label["status_caption"], label["status_page"])



"""Typography: every rule of a style sheet that `kb check` enforces names its problem by its own code, as
`file:line: message` in the language of its file, and is silent on the form the style sheet asks for.

Each case is a fixture page in one language with one paragraph (on line 6; its second line is line 7): the wrong
text, the problems it gives in reading order, and the right text, which gives none. The real docs pass every rule
(the session's start runs `kb check` on them), so no rule reports a false positive there.
"""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from conftest import FIXTURE_MKDOCS_YML, ROOT
from processes_kb.content import load_site
from processes_kb.diagrams import DIAGRAMS_FILE, load_labels
from processes_kb.typography import typography_problems, ui_string_problems

pytestmark = pytest.mark.toolkit

LANGS = ["en", "uk", "vi", "fr", "pt"]
NAMES = {"vi": "Tiếng Việt", "fr": "Français", "pt": "Português"}
MKDOCS_YML = FIXTURE_MKDOCS_YML.replace(
    "          name: Українська\n",
    "          name: Українська\n" + "".join(f"        - locale: {lang}\n          name: {NAMES[lang]}\n"
                                              for lang in ("vi", "fr", "pt")))


def page(paragraph: str, title: str = "Page") -> str:
    return f"---\ntitle: {title}\n---\n# Page {{ #page }}\n\n{paragraph}\n{{: #text }}\n"


def problems_of(make_project, lang: str, paragraph: str, title: str = "Page") -> list[tuple[str, str, str]]:
    """(code, `file:line: message`, language) of every typography problem, the paragraph on line 6 of docs/LANG."""
    files = {f"docs/{other}/page.md": page("Text.") for other in LANGS}
    files[f"docs/{lang}/page.md"] = page(paragraph, title)
    site = load_site(make_project(files, MKDOCS_YML))
    return [(p.code, str(p), p.lang) for p in typography_problems(site)]


CASES = [
    # Ukrainian: a no-break space after a one-letter word, also before code or a link; a line never ends with one
    ("uk", "Дані зберігаються у базі.", "Дані зберігаються у\u00a0базі.",
     [("typography-one-letter-word", 6, "ordinary space after the one-letter word 'у': use a no-break space (U+00A0)")]),
    ("uk", "Адресу задає `HOST`, а `PORT` задає порт.", "Адресу задає `HOST`, а\u00a0`PORT` задає порт.",
     [("typography-one-letter-word", 6, "ordinary space after the one-letter word 'а': use a no-break space (U+00A0)")]),
    ("uk", "Див. [фактор](page.md#page) і [сторінку](page.md#text).",
     "Див. [фактор](page.md#page) і\u00a0[сторінку](page.md#text).",
     [("typography-one-letter-word", 6, "ordinary space after the one-letter word 'і': use a no-break space (U+00A0)")]),
    ("uk", "Стан зберігається в\nRedis.", "Стан зберігається\nв\u00a0Redis.",
     [("typography-one-letter-word", 6, "the line ends with the one-letter word 'в': move it to the next line, joined "
                                        "to the next word by a no-break space (U+00A0)")]),
    # Ukrainian: « — » with a no-break space before it, never a line starting with it, never ' - '
    ("uk", "Процес — це запущена програма.", "Процес\u00a0— це запущена програма.",
     [("typography-dash", 6, "ordinary space before '—': use a no-break space (U+00A0)")]),
    ("uk", "Процес\n— це запущена програма.", "Процес\u00a0—\nце запущена програма.",
     [("typography-dash", 7, "the line starts with '—': move it to the end of the previous line, after a no-break "
                             "space (U+00A0)")]),
    ("uk", "Процес— це програма, а\u00a0кеш\u00a0—тимчасові дані.",
     "Процес\u00a0— це програма, а\u00a0кеш\u00a0— тимчасові дані.",
     [("typography-dash", 6, "no space before '—': add a no-break space (U+00A0)"),
      ("typography-dash", 6, "no space after '—': add a space")]),
    ("uk", "Процес - це запущена програма.", "Процес\u00a0— це запущена програма.",
     [("typography-hyphen-dash", 6, "'-' with spaces used as a dash: use « — » (U+2014, a no-break space before it)")]),
    ("uk", "Процес – це запущена програма.", "Процес\u00a0— це запущена програма.",
     [("typography-hyphen-dash", 6, "'–' with spaces used as a dash: use « — » (U+2014, a no-break space before it)")]),
    # Ukrainian: «Фактор VI» with a no-break space; a factor's title after a line break is not a numeral of a word
    ("uk", "Фактор VI описує процеси.", "Фактор\u00a0VI описує процеси. Див. також\nVIII. Паралелізм.",
     [("typography-numeral", 6, "ordinary space before the Roman numeral 'VI': use a no-break space (U+00A0), as in "
                                "«фактор VI»")]),
    ("uk", "Про це йдеться у\u00a0факторі\nVI.", "Про це йдеться\nу\u00a0факторі\u00a0VI.",
     [("typography-numeral", 6, "the line ends before the Roman numeral 'VI': move the numeral to the end of this "
                                "line, after a no-break space (U+00A0)")]),
    ("uk", "Так званий “стан” процесу.", "Так званий «стан» процесу, або „стан“.",
     [("typography-quote-style", 6, "quotation mark '“' in prose: use «…», and „…“ inside them"),
      ("typography-quote-style", 6, "quotation mark '”' in prose: use «…», and „…“ inside them")]),
    ("uk", "Процес втрачає пам'ять.", "Процес втрачає памʼять.",
     [("typography-apostrophe", 6, "apostrophe ''' in a Ukrainian word: use ʼ (U+02BC)")]),
    # every language: straight quotes, three dots, repeated spaces, spaces before punctuation
    ("en", 'Keep no "state" in a process.', "Keep no “state” in a process.",
     [("typography-quote", 6, "straight quote '\"' in prose: use the language's quotation marks")] * 2),
    ("en", "Wait for the restart...", "Wait for the restart…",
     [("typography-ellipsis", 6, "three dots '...': use the ellipsis '…' (U+2026)")]),
    ("en", "Keep  no state in a process.", "Keep no state in a process.",
     [("typography-double-space", 6, "several spaces in a row: keep one")]),
    ("en", "Set `PORT` , then start ( once ).", "Set `PORT`, then start (once). Use .NET or `.env`.",
     [("typography-space-before-punctuation", 6, "space before ',': remove it"),
      ("typography-space-before-punctuation", 6, "space after '(': remove it"),
      ("typography-space-before-punctuation", 6, "space before ')': remove it")]),
    ("en", "Set the port\n, then start.", "Set the port,\nthen start.",
     [("typography-space-before-punctuation", 7, "the line starts with ',': move it to the end of the previous "
                                                 "line")]),
    ("en", "Start the process (\nonce).", "Start the process\n(once).",
     [("typography-space-before-punctuation", 6, "the line ends with '(': move it to the start of the next line")]),
    ("en", "Keep no state - use a store.", "Keep no state: use a store.",
     [("typography-hyphen-dash", 6, "'-' with spaces used as a dash: use an em dash '—' (U+2014)")]),
    ("en", "The so-called « sticky sessions ».", "The so-called “sticky sessions”.",
     [("typography-quote-style", 6, "quotation mark '«' in prose: use “…”, and ‘…’ inside them"),
      ("typography-quote-style", 6, "quotation mark '»' in prose: use “…”, and ‘…’ inside them")]),
    # Vietnamese: no space before punctuation, tone marks in the traditional position, y in kỹ, lý
    ("vi", unicodedata.normalize("NFD", "Tiến trình."), "Tiến trình.",
     [("typography-nfc", 6, "text is not in Unicode NFC (a letter and a separate combining accent): save it with "
                            "precomposed letters (NFC)")]),
    ("vi", "Tiến trình ; dữ liệu phiên .", "Tiến trình; dữ liệu phiên.",
     [("typography-space-before-punctuation", 6, "space before ';': remove it"),
      ("typography-space-before-punctuation", 6, "space before '.': remove it")]),
    ("vi", "Xoá dữ liệu, tuỳ theo cấu hình.", "Xóa dữ liệu, tùy theo cấu hình, hoàn toàn quý.",
     [("typography-tone-mark", 6, "tone mark on the last vowel of 'Xoá': write 'Xóa' (the traditional position, as "
                                  "hòa, thủy)"),
      ("typography-tone-mark", 6, "tone mark on the last vowel of 'tuỳ': write 'tùy' (the traditional position, as "
                                  "hòa, thủy)")]),
    ("vi", "Lí do kĩ thuật.", "Lý do kỹ thuật.",
     [("typography-i-or-y", 6, "'Lí': write 'Lý' (y, as in kỹ, lý, kỳ)"),
      ("typography-i-or-y", 6, "'kĩ': write 'kỹ' (y, as in kỹ, lý, kỳ)")]),
    # French: no-break spaces (a line break there is an ordinary space), œ, À, the dash
    ("fr", "La variable `PORT`: le port d’écoute.", "La variable `PORT`\u00a0: le port d’écoute.",
     [("typography-spacing", 6, "no space before ':': add a no-break space (U+00A0)")]),
    ("fr", "Que se passe-t-il\u202f? Le processus\n; redémarre.", "Que se passe-t-il\u202f? Le processus\u202f;\nredémarre.",
     [("typography-spacing", 7, "the line starts with ';': move it to the end of the previous line, after a narrow "
                                "no-break space (U+202F)")]),
    ("fr", "Un état : le processus redémarre!", "Un état\u00a0: le processus redémarre\u202f!",
     [("typography-spacing", 6, "ordinary space before ':': use a no-break space (U+00A0)"),
      ("typography-spacing", 6, "no space before '!': add a narrow no-break space (U+202F)")]),
    ("fr", "Le mot «état» et le mot «\nprocessus\u00a0».", "Le mot «\u00a0état\u00a0» et le mot\n«\u00a0processus\u00a0».",
     [("typography-spacing", 6, "'«' needs a no-break space (U+00A0) on its inner side"),
      ("typography-spacing", 6, "'»' needs a no-break space (U+00A0) on its inner side"),
      ("typography-spacing", 6, "the line ends with '«': move it to the start of the next line, before a no-break "
                                "space (U+00A0)")]),
    ("fr", "Un état\n: le processus\n, puis un autre.", "Un état\u00a0:\nle processus, puis\nun autre.",
     [("typography-spacing", 7, "the line starts with ':': move it to the end of the previous line, after a "
                                "no-break space (U+00A0)"),
      ("typography-space-before-punctuation", 8, "the line starts with ',': move it to the end of the previous "
                                                 "line")]),
    ("fr", "Le „processus“ redémarre.", "Le «\u00a0processus\u00a0» redémarre.",
     [("typography-quote-style", 6, "quotation mark '„' in prose: use « … », and “…” inside them")]),
    ("fr", "Chaque noeud du cluster.", "Chaque nœud du cluster, de tout cœur.",
     [("typography-ligature", 6, "'noeud': write 'nœud' (the ligature œ)")]),
    ("fr", "A l’autre extrémité.", "À l’autre extrémité, le plan A reste possible.",
     [("typography-capital-accent", 6, "'A' starting a sentence: write 'À' (capitals keep their accents)")]),
    ("fr", "Un processus , puis un autre.", "Un processus, puis un autre.",
     [("typography-space-before-punctuation", 6, "space before ',': remove it")]),
    ("fr", "Un processus - sans état - redémarre.", "Un processus – sans état – redémarre.",
     [("typography-hyphen-dash", 6, "'-' with spaces used as a dash: use a dash ' – ' (U+2013)"),
      ("typography-hyphen-dash", 6, "'-' with spaces used as a dash: use a dash ' – ' (U+2013)")]),
    # Portuguese (pt-BR): ' — ', ordinal indicators, no space before a colon, “…”
    ("pt", "O processo—sem estado—reinicia.", "O processo — sem estado — reinicia.",
     [("typography-dash", 6, "no space before '—': write ' — ' (a space on each side)"),
      ("typography-dash", 6, "no space after '—': write ' — ' (a space on each side)"),
      ("typography-dash", 6, "no space before '—': write ' — ' (a space on each side)"),
      ("typography-dash", 6, "no space after '—': write ' — ' (a space on each side)")]),
    ("pt", "O processo – sem estado – reinicia.", "O processo — sem estado — reinicia.",
     [("typography-hyphen-dash", 6, "'–' with spaces used as a dash: use ' — ' (U+2014, a space on each side)")] * 2),
    ("pt", "O 6° fator e a 1ᵃ regra.", "O 6º fator e a 1ª regra.",
     [("typography-ordinal", 6, "'°' after a number: use the ordinal indicator 'º'"),
      ("typography-ordinal", 6, "'ᵃ' after a number: use the ordinal indicator 'ª'")]),
    ("pt", "Atenção\u00a0: o processo reinicia.", "Atenção: o processo reinicia.",
     [("typography-space-before-punctuation", 6, "space before ':': remove it")]),
    ("pt", "A chamada «afinidade de sessão».", "A chamada “afinidade de sessão”.",
     [("typography-quote-style", 6, "quotation mark '«' in prose: use “…”, and ‘…’ inside them"),
      ("typography-quote-style", 6, "quotation mark '»' in prose: use “…”, and ‘…’ inside them")]),
]


@pytest.mark.parametrize(("lang", "wrong", "right", "expected"), CASES,
                         ids=[f"{case[0]}-{case[3][0][0]}-{i}" for i, case in enumerate(CASES)])
def test_each_rule_names_the_wrong_text_and_passes_the_right_one(make_project, lang, wrong, right, expected):
    path = f"docs/{lang}/page.md"
    assert problems_of(make_project, lang, wrong) == [(code, f"{path}:{line}: {message}", lang)
                                                      for code, line, message in expected]
    assert problems_of(make_project, lang, right) == []


def test_front_matter_is_checked_with_its_line(make_project):
    assert problems_of(make_project, "uk", "Текст.", title="Стан у базі") == [
        ("typography-one-letter-word", "docs/uk/page.md:2: ordinary space after the one-letter word 'у': use a "
                                       "no-break space (U+00A0)", "uk")]


def test_a_rule_of_one_language_does_not_apply_to_another(make_project):
    """Portuguese and Vietnamese write no space before ':' where French wants one; Ukrainian one-letter words are
    Ukrainian."""
    assert problems_of(make_project, "fr", "Un état\u00a0: le processus\u202f; à la fin.") == []
    assert problems_of(make_project, "pt", "O processo — sem estado — e o fator VI.") == []
    assert problems_of(make_project, "en", "A process is a program — fine in English a b.") == []


def test_a_diagram_label_is_checked_with_its_line(tmp_path):
    (tmp_path / "data").mkdir()
    text = (ROOT / DIAGRAMS_FILE).read_text(encoding="utf-8")
    lines = text.split("\n")
    line = lines.index("    memory-result: Перезапуск знищив сесію") + 1
    lines[line - 1] = "    memory-result: Сесії в памʼяті нема"
    (tmp_path / DIAGRAMS_FILE).write_text("\n".join(lines), encoding="utf-8")
    assert [(p.code, str(p), p.lang) for p in load_labels(tmp_path, LANGS)[1]] == [
        ("typography-one-letter-word", f"{DIAGRAMS_FILE}:{line}: 'restart' (uk) label 'memory-result': ordinary "
                                       "space after the one-letter word 'в': use a no-break space (U+00A0)", "uk")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  fr: Lire dans son contexte", "  fr: Lire dans son contexte !",
     ("typography-spacing", "'rec_read_in_context' (fr): ordinary space before '!': use a narrow no-break space "
                            "(U+202F)", "fr")),
    ("    few: Виконано {done} з\u00a0{total}", "    few: Виконано {done} з {total}",
     ("typography-one-letter-word", "'checklist_progress' (uk, form 'few'): ordinary space after the one-letter word "
                                    "'з': use a no-break space (U+00A0)", "uk")),
])
def test_an_interface_string_is_checked_with_its_line(tmp_path, old, new, expected):
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data/ui-strings.yml", tmp_path / "data/ui-strings.yml")
    file = tmp_path / "data/ui-strings.yml"
    lines = file.read_text(encoding="utf-8").split("\n")
    line = lines.index(old) + 1
    lines[line - 1] = new
    file.write_text("\n".join(lines), encoding="utf-8")
    code, message, lang = expected
    assert [(p.code, str(p), p.lang) for p in ui_string_problems(tmp_path, LANGS)] == [
        (code, f"data/ui-strings.yml:{line}: {message}", lang)]

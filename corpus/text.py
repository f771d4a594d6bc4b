"""Vietnamese text normalisation, done once on the way in for documents and queries alike.

>>> normalize_text("**Uỷ ban** nhân dân  hoà   thuỷ")
'Ủy ban nhân dân hòa thủy'
>>> fold("Đường Hoà Bình")
'Duong Hoa Binh'
"""
from __future__ import annotations

import re
import unicodedata

# Upper-case Latin letters with Vietnamese diacritics, for regex classes ("[" + UPPER + "]").
# (A range like À-Ỹ would also take in lower-case letters.)
UPPER = "A-Z" + "".join(sorted(
    c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
))

# Combining tone marks (the five Vietnamese tones); other marks (circumflex, breve, horn) stay on their letter.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _build_fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D", ord("Ð"): "D"}
    for cp in range(0x00C0, 0x1EFA):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and len(base) == 1 and base.isascii():
            table[cp] = base
    return table


_FOLD = _build_fold_table()

# Where a sentence ends: '.', '!' or '?' then a capital — but not after an inline list number ("(1. Công tác…").
SENTENCE_BREAK = re.compile(rf"(?<=[.!?])(?<![\s(]\d\.)(?<![\s(]\d\d\.)\s+(?=[{UPPER}(“\"])")

_MARKUP = [
    (re.compile(r"<!--.*?-->", re.S), ""),  # HTML comments (a crawler's source notes)
    (re.compile(r"<[a-zA-Z/][^>\n]{0,200}>"), ""),  # <b>, </b>, <br/>
    (re.compile(r"\\([*_#\-\\.()\[\]])"), r"\1"),  # markdown escapes \* \- \.
    (re.compile(r"\*+"), ""),  # **bold**, *italic*, ***both***
    (re.compile(r"^[ \t]*#{1,6}[ \t]*", re.M), ""),  # ### headings
    (re.compile(r"\.{4,}|…{2,}"), " "),  # "....." blanks of a template
    (re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M), ""),  # |---|---|
    (re.compile(r"^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$", re.M), ""),  # a Markdown table row's outer pipes
    (re.compile(r"[ ]*\t[ ]*|[ \t]+\|[ \t]+"), " | "),  # table cells (tabs) as " | ", empty cells kept
    (re.compile(r"[ \u00a0\u2002\u2003\u2009]{2,}"), " "),
    (re.compile(r"[ \u00a0]+$", re.M), ""),  # trailing spaces (markdown line breaks)
    (re.compile(r"^[ \u00a0]+", re.M), ""),
]

_WORD = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """Unicode NFC, with the look-alike Ð (U+00D0) read as Đ."""
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")


def _split_tone(ch: str) -> tuple[str, str]:
    """A letter as (letter without tone, tone mark or '')."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONES)
    rest = "".join(c for c in parts if c not in _TONES)
    return unicodedata.normalize("NFC", rest), tone


# a, e, y carrying a tone (the only letters a misplaced mark sits on), lower and upper case
_TONED_LAST = set("àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ")


def _fix_tone_placement(word: str) -> str:
    """Move the tone of a final oa/oe/uy onto its first vowel: hoà→hòa, thuỷ→thủy, uỷ→ủy (quý stays)."""
    if len(word) < 2 or word[-1] not in _TONED_LAST or word[-2] not in "oOuU":
        return word
    first, tone1 = _split_tone(word[-2])
    second, tone2 = _split_tone(word[-1])
    if not tone2 or tone1:
        return word
    pair = (first.lower(), second.lower())
    if pair not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return word
    if pair == ("u", "y") and len(word) >= 3 and word[-3] in "qQ":
        return word
    if len(word) >= 3 and word[-3].lower() in "aeiouyâăêôơư":  # a longer vowel cluster (e.g. "ngoao") is left as is
        return word
    moved = unicodedata.normalize("NFC", first + tone2) + second
    return word[:-2] + moved


def normalize_tones(text: str) -> str:
    """One tone-mark placement for the whole text (the classic one, as in 'hòa', 'thủy', 'ủy')."""
    return _WORD.sub(lambda m: _fix_tone_placement(m.group(0)), text)


def strip_markup(text: str) -> str:
    """Remove Markdown/HTML markup, template blanks and doubled spaces; keep line breaks; table cells
    (tab-separated or Markdown) become ' | '."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return re.sub(r"^(?: ?\| ?)+(?=\S)|(?: ?\| ?)+$", "", text, flags=re.M)


def normalize_text(text: str) -> str:
    """NFC, one tone placement, markup stripped, at most one blank line in a row."""
    text = strip_markup(normalize_tones(nfc(text.replace("\r\n", "\n").replace("\r", "\n"))))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics (đ→d); the length of the string is unchanged."""
    return nfc(text).translate(_FOLD)


_KEY_PUNCT = re.compile(r"[\u2010-\u2015\-–—/,.;:()\"'“”‘’*!?\[\]]")


def key(text: str) -> str:
    """A comparison key: folded, lower case, '&' read as 'và', punctuation as spaces."""
    s = fold(normalize_tones(nfc(text))).lower().replace("&", " va ")
    s = _KEY_PUNCT.sub(" ", s)
    return re.sub(r"\s+", " ", s).strip()


def has_diacritics(text: str) -> bool:
    """True when the text holds any Vietnamese diacritic (so it was typed with accents)."""
    return fold(text) != nfc(text)

"""Vietnamese analyzers for the index: syllables (accented and folded), syllable pairs, pyvi words,
document numbers and dates.

Token lists, the way the Whoosh docstrings show them:

>>> [t.text for t in syllable_analyzer()("Ủy ban nhân dân hoà 11/KH-UBND")]
['ủy', 'ban', 'nhân', 'dân', 'hòa', '11', 'kh', 'ubnd']
>>> [t.text for t in folded_analyzer()("Đường Hoà Bình")]
['duong', 'hoa', 'binh']
>>> [t.text for t in pair_analyzer()("Hạn nộp kế hoạch")]
['han nop', 'nop ke', 'ke hoach']
>>> [t.text for t in number_analyzer()("theo Kế hoạch số 11/KH-UBND và 68/2000/NĐ-CP")]
['11/kh-ubnd', '68/2000/nd-cp']
>>> [t.text for t in date_analyzer()("chậm nhất ngày 31/01/2024, không phải 05/08")]
['2024-01-31']
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from corpus.text import fold, normalize_tones

SYLLABLE = r"\w+"

# A document number: "11/KH-UBND", "68/2000/NĐ-CP", "20/SNV-CCHCVTLT", or the Party form "24-CT/TU".
_CODE = r"[^\W\d_][\w&]*(?:[-–][\w&]+)*"
DOC_NUMBER = (
    rf"(?<![\w/])\d{{1,5}}(?:/\d{{4}})?/{_CODE}(?:/[\w&]+(?:[-–][\w&]+)*)*"
    rf"|(?<![\w/])\d{{1,5}}-{_CODE}/[\w&]+(?:[-–][\w&]+)*"
)
# A date written dd/mm/yyyy (or with '-' or '.').
DATE = r"(?<![\w/.-])\d{1,2}([/.-])\d{1,2}\1\d{4}(?![\w/])"

# A syllable ending in the "new" tone placement (hoà, thuỷ, uỷ), which normalize_tones rewrites.
_NEW_PLACEMENT = r"(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])"
_OLD_TONE = re.compile(_NEW_PLACEMENT + "$")
_OLD_TONE_ANY = re.compile(_NEW_PLACEMENT + r"(?!\w)")
_OLD_TONE_WORD = re.compile(r"\w*" + _NEW_PLACEMENT + r"(?!\w)")
_SYLL = re.compile(SYLLABLE)
_JOIN = re.compile(r"[\s\-–—&/]*")
# What separates two syllables that do not pair: anything but a syllable's characters and joining marks.
_PAIR_BREAK = re.compile(r"[^\w\s\-–—&/]+")


Span = tuple[str, int, int]  # token text, start and end offsets in the original text


class _SameClass:
    """Equal to any instance of the same class with the same settings (Whoosh compares schemas so)."""

    def __eq__(self, other: object) -> bool:
        return other is not None and type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash(type(self))


class SpanTokenizer(_SameClass, Tokenizer):
    """A tokenizer defined by the spans it finds; Whoosh's token protocol (positions, chars) is done here."""

    def spans(self, value: str) -> Iterable[Span]:
        raise NotImplementedError

    def terms(self, value: str) -> list[str]:
        """The tokens' texts only, what indexing needs (TermCounts): the same as the spans' texts, faster."""
        return [text for text, _start, _end in self.spans(value)]

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kw: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        spans = self.spans(value) if tokenize else [(value, 0, len(value))]
        for pos, (text, start, end) in enumerate(spans, start_pos):
            t.text, t.boost, t.stopped = text, 1.0, False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class SyllableTokenizer(SpanTokenizer):
    """\\w+ syllables, lower case, in one pass: one tone placement, or every diacritic folded away (đ→d).

    The whole text is transformed first; the transforms keep its length, so the offsets stay those of
    the original (accented) text and highlights land on it.

    >>> [t.text for t in SyllableTokenizer(folded=True)("Đường Hoà Bình")]
    ['duong', 'hoa', 'binh']
    """

    def __init__(self, folded: bool = False) -> None:
        self.folded = folded

    def spans(self, value: str) -> Iterable[Span]:
        src = self.transform(value)
        if len(src) == len(value):
            return ((m.group(0), m.start(), m.end()) for m in _SYLL.finditer(src))
        # a rare character changed length when transformed: token by token
        return ((self.transform(m.group(0)), m.start(), m.end()) for m in _SYLL.finditer(value))

    def terms(self, value: str) -> list[str]:
        src = self.transform(value)
        if len(src) == len(value):
            return _SYLL.findall(src)
        return [self.transform(m.group(0)) for m in _SYLL.finditer(value)]

    def transform(self, text: str) -> str:
        """Lower case, then folded or with one tone placement."""
        low = text.lower()
        if self.folded:
            return fold(low)
        return _OLD_TONE_WORD.sub(lambda m: normalize_tones(m.group(0)), low) if _OLD_TONE_ANY.search(low) else low


class PairTokenizer(SpanTokenizer):
    """Adjacent folded syllables as one token ('han nop'): phrase and proximity matches as plain term lookups.

    Syllables pair only across spaces and joining marks (- – & /), not across other punctuation.

    >>> [t.text for t in PairTokenizer()("Hạn nộp: Tài chính - Kế hoạch")]
    ['han nop', 'tai chinh', 'chinh ke', 'ke hoach']
    """

    def spans(self, value: str) -> Iterable[Span]:
        return pair_spans(value)

    def terms(self, value: str) -> list[str]:
        return pair_terms(value)


class ContextTokenizer(SpanTokenizer):
    """A directive's title, issuer and locality: folded syllables, then their pairs ('me linh').

    >>> [t.text for t in ContextTokenizer()("huyện Mê Linh")]
    ['huyen', 'me', 'linh', 'huyen me', 'me linh']
    """

    def spans(self, value: str) -> Iterable[Span]:
        return [*SyllableTokenizer(folded=True).spans(value), *pair_spans(value)]

    def terms(self, value: str) -> list[str]:
        return [*SyllableTokenizer(folded=True).terms(value), *pair_terms(value)]


class PyviTokenizer(SpanTokenizer):
    """pyvi words ('kết quả thực hiện' as one token) with positions and character offsets in the input.

    The input must already be NFC (pyvi normalises internally; offsets refer to the text as given).
    pyvi is imported on the first call, never when this module is imported.
    """

    def spans(self, value: str) -> Iterable[Span]:
        return word_spans(value)


class TermCounts(Frequency):
    """Whoosh's Frequency format, fed by the analyzer's `terms` when it has one (SpanTokenizer).

    Indexing needs only each term's count: counting a list of strings skips a Token per term, and a text
    indexed again (a task's quote is its passage's text; passages of a section share their context; records
    of a directive its locality) is counted once. The postings are exactly those Frequency writes.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterable[tuple[str, int, float, bytes]]:
        if isinstance(value, str) and hasattr(analyzer, "terms"):
            return _term_counts(analyzer, value, self.field_boost)
        return super().word_values(value, analyzer, **kwargs)


@lru_cache(maxsize=1024)
def _term_counts(analyzer: SpanTokenizer | WordAnalyzer, value: str,
                 field_boost: float) -> tuple[tuple[str, int, float, bytes], ...]:
    """(term, frequency, weight, encoded frequency) as Frequency.word_values gives them (every boost 1.0)."""
    return tuple((term, n, float(n) * field_boost, pack_uint(n)) for term, n in Counter(analyzer.terms(value)).items())


class ToneFilter(_SameClass, Filter):
    """One tone-mark placement per syllable (hoà→hòa, thuỷ→thủy), as normalize_text does for whole texts.

    >>> [t.text for t in (RegexTokenizer(SYLLABLE) | ToneFilter())("hoà thuỷ uỷ")]
    ['hòa', 'thủy', 'ủy']
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if _OLD_TONE.search(t.text):
                t.text = normalize_tones(t.text)
            yield t


class CompoundFilter(_SameClass, Filter):
    """Only words of two syllables or more: single syllables are already in the syllable fields.

    >>> [t.text for t in (PyviTokenizer() | CompoundFilter())("Phòng Tư pháp có trách nhiệm")]
    ['Tư pháp', 'trách nhiệm']
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if " " in t.text:
                yield t


class NumberFilter(_SameClass, Filter):
    """A document number as one exact key: folded, lower case, en dash read as '-'.

    >>> [t.text for t in (RegexTokenizer(DOC_NUMBER) | NumberFilter())("số 4190/QĐ–UBND")]
    ['4190/qd-ubnd']
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = number_key(t.text)
            yield t


class DateFilter(_SameClass, Filter):
    """A written date as ISO yyyy-mm-dd; impossible dates are dropped.

    >>> [t.text for t in (RegexTokenizer(DATE) | DateFilter())("7/3/2024 và 31/02/2024")]
    ['2024-03-07']
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            iso = date_key(t.text)
            if iso:
                t.text = iso
                yield t


def pair_spans(value: str) -> Iterator[Span]:
    """(pair of folded syllables, start, end) for the adjacent syllables of a text."""
    src = fold(value.lower())
    if len(src) != len(value):
        src = value.lower()
    prev = None
    for m in _SYLL.finditer(src):
        if prev is not None and _JOIN.fullmatch(src, prev.end(), m.start()):
            yield f"{fold(prev.group(0))} {fold(m.group(0))}", prev.start(), m.end()
        prev = m


def pair_terms(value: str) -> list[str]:
    """The texts of pair_spans(value), without offsets: the syllables of each stretch of text that no
    punctuation but joining marks interrupts, paired."""
    low = value.lower()
    src = fold(low)
    same = len(src) == len(value)
    out: list[str] = []
    for stretch in _PAIR_BREAK.split(src if same else low):
        sylls = _SYLL.findall(stretch)
        if len(sylls) > 1:
            if not same:
                sylls = [fold(x) for x in sylls]
            out += [f"{a} {b}" for a, b in itertools.pairwise(sylls)]
    return out


def word_spans(value: str) -> list[Span]:
    """pyvi's words of a text as (syllables joined by spaces, start, end); punctuation dropped."""
    from corpus.segmentation import vi_tokenizer  # loads pyvi's CRF model: only when words are really needed

    out: list[Span] = []
    cursor = 0
    for word in vi_tokenizer().tokenize(value).split():
        span = _locate(value, word, cursor)
        if span is None:
            continue
        cursor = span[2]
        span = _trim(*span)
        if span is not None:
            out.append(span)
    return out


_CORE = re.compile(r"[^\W_](?:.*[^\W_])?", re.S)


def _trim(text: str, start: int, end: int) -> Span | None:
    """A word without punctuation at its edges ('UBND.' → 'UBND'); None when nothing is left."""
    m = _CORE.search(text)
    if m is None:
        return None
    return m.group(0), start + m.start(), start + m.end()


def _locate(value: str, word: str, cursor: int) -> Span | None:
    """Where a pyvi word ('kết_quả') lies in the text from the cursor on, found syllable by syllable."""
    sylls = word.split("_")
    start = end = value.find(sylls[0], cursor)
    if start < 0:
        return None
    for syll in sylls:
        i = value.find(syll, end)
        if i < 0 or value[end:i].strip():
            i = value.find(word, cursor)  # an underscore of the text itself ("a_b")
            return (word, i, i + len(word)) if i >= 0 else None
        end = i + len(syll)
    return " ".join(sylls), start, end


def number_key(text: str) -> str:
    """The exact key of a document number: '4190/QĐ–UBND' → '4190/qd-ubnd'."""
    return fold(text).lower().replace("–", "-")


def date_key(text: str) -> str | None:
    """'31/01/2024' → '2024-01-31'; None when it is not a real date."""
    day, month, year = (int(x) for x in re.split(r"[/.-]", text))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def syllable_analyzer() -> SyllableTokenizer:
    """Syllables (\\w+), lower case, one tone placement: the main, accented field.

    Same tokens as RegexTokenizer(SYLLABLE) | LowercaseFilter() | ToneFilter(), about four times faster.
    """
    return SyllableTokenizer()


def folded_analyzer() -> SyllableTokenizer:
    """Syllables without diacritics (đ→d), for queries typed without accents.

    Same tokens as RegexTokenizer(SYLLABLE) | LowercaseFilter() with each token folded, about three times
    faster; folding keeps the text's length, so the offsets are those of the accented text.
    """
    return SyllableTokenizer(folded=True)


class WordAnalyzer(CompositeAnalyzer):
    """PyviTokenizer | CompoundFilter | LowercaseFilter | ToneFilter, with the terms of that chain at once."""

    def __hash__(self) -> int:  # CompositeAnalyzer compares its parts but cannot be hashed (TermCounts' cache)
        return hash(type(self))

    def terms(self, value: str) -> list[str]:
        out = []
        for text, _start, _end in word_spans(value):
            if " " in text:
                low = text.lower()
                out.append(normalize_tones(low) if _OLD_TONE.search(low) else low)
        return out


def word_analyzer() -> WordAnalyzer:
    """pyvi words of two syllables or more, lower case: the extra field that rewards whole words."""
    return WordAnalyzer(PyviTokenizer(), CompoundFilter(), LowercaseFilter(), ToneFilter())


def pair_analyzer() -> PairTokenizer:
    """Adjacent folded syllables, for phrases and proximity without positions."""
    return PairTokenizer()


def context_analyzer() -> ContextTokenizer:
    """Folded syllables and pairs of a directive's title, issuer and locality."""
    return ContextTokenizer()


def number_analyzer() -> CompositeAnalyzer:
    """The document numbers found in a text, as exact keys."""
    return RegexTokenizer(DOC_NUMBER) | NumberFilter()


def date_analyzer() -> CompositeAnalyzer:
    """The dd/mm/yyyy dates found in a text, as ISO days."""
    return RegexTokenizer(DATE) | DateFilter()

"""Query processing: the words an officer types become Whoosh queries over the index's fields.

>>> q = parse_query("cho tôi hỏi hạn nộp KH CCHC ạ?", words=False)
>>> q.terms
('hạn', 'nộp', 'kh', 'cchc')
>>> q.expansions
((('kế', 'hoạch'), ('kh',)), (('cải', 'cách', 'hành', 'chính'), ('cchc',)))
>>> parse_query("cai cach hanh chinh", words=False).contractions
((('cchc',), ('cai', 'cach', 'hanh', 'chinh')),)
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from corpus.abbreviations import ABBREVIATIONS
from corpus.text import fold, has_diacritics, normalize_text
from index.analysis import DATE, DOC_NUMBER, date_key, number_key, word_spans

# Field weights: the accented field ranks an accented query's exact form first.
EXACT_BOOST = 1.5
FOLD_BOOST = 1.0
WORD_BOOST = 1.0
EXPANSION_BOOST = 1.0
PROXIMITY_BOOST = 0.5
CONTEXT_BOOST = 0.6
TYPO_BOOST = 0.6
NUMBER_BOOST = 4.0
DATE_BOOST = 2.0
# A part of the query that more documents than this match only adds to the score of the others' matches.
COMMON_FRACTION = 0.1
MIN_COMMON_DOCS = 50
RAREST_SPREAD = 1.5  # when every part is common, those up to 1.5 times as frequent as the rarest choose

# Words of conversation, not of the question (accented as typed, plus the usual chat spellings).
CHAT_WORDS = frozenset(
    "ạ à nhé nhá nha nhỉ vậy thế hả ơi ko k hok hông không gì nào với giúp xin hỏi "
    "mình em anh chị bạn tôi tui ad admin bot cho ok oke".split()
)
CHAT_PHRASES = ("cho tôi", "cho mình", "cho em", "làm ơn", "giúp tôi", "giúp mình", "giúp em", "xin hỏi",
                "cho hỏi", "vui lòng")
# Without diacritics only spellings that are rarely content words are dropped ("the" may be "thể",
# "ha" "Hà", "ban" "Ủy ban", "hoi" "Hội đồng", "nha" "nhà nước").
CHAT_FOLDED = frozenset("a nhe vay oi ko k hok khong gi giup xin toi tui ok oke".split())

# The abbreviations a query may use, beyond those of the texts.
QUERY_ABBREVIATIONS: dict[str, str] = {**ABBREVIATIONS, "P.": "phòng", "Tp.": "thành phố", "UB": "Ủy ban"}
MIN_CONTRACT_SYLLABLES = 3  # "cải cách hành chính" → CCHC; shorter phrases ("kế hoạch") are not contracted

_SYLL = re.compile(r"\w+")
_NUMBER_RE = re.compile(DOC_NUMBER, re.I)
_DATE_RE = re.compile(DATE)


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_SYLL.findall(text.lower()))


_ABBR_KEYS = {fold(a).lower(): a for a in QUERY_ABBREVIATIONS}
_ABBR_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(_ABBR_KEYS, key=len, reverse=True)) + r")(?!\w)"
)
_CONTRACTIONS: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
for _abbr, _expansion in QUERY_ABBREVIATIONS.items():
    _key = _syllables(fold(_expansion))
    if len(_key) >= MIN_CONTRACT_SYLLABLES:
        _CONTRACTIONS.setdefault(_key, []).append(_syllables(_abbr))


# Another way to write part of the query: (its syllables, the syllables of the query it stands for).
Alternative = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class ParsedQuery:
    """A query understood: its syllables, the phrases its abbreviations stand for, numbers and dates."""

    text: str
    accented: bool
    terms: tuple[str, ...]  # lower-case syllables, chat words dropped
    fixed: frozenset[str]  # terms from numbers, dates and abbreviations: never typo-corrected
    expansions: tuple[Alternative, ...]  # abbreviations written out: (("kế", "hoạch"), ("kh",))
    contractions: tuple[Alternative, ...]  # long phrases abbreviated: (("cchc",), ("cải", "cách", "hành", "chính"))
    words: tuple[str, ...]  # pyvi words of two syllables or more (accented queries only)
    numbers: tuple[str, ...]  # document numbers as exact keys ("11/kh-ubnd")
    dates: tuple[str, ...]  # ISO days

    @property
    def empty(self) -> bool:
        return not (self.terms or self.expansions or self.contractions or self.numbers or self.dates)


def parse_query(text: str, *, words: bool = True) -> ParsedQuery:
    """Normalise a query as documents are, drop chat words, expand abbreviations, find numbers and dates."""
    q = normalize_text(text)
    accented = has_diacritics(q)
    numbers = tuple(dict.fromkeys(number_key(m.group(0)) for m in _NUMBER_RE.finditer(q)))
    dates = tuple(dict.fromkeys(d for m in _DATE_RE.finditer(q) if (d := date_key(m.group(0)))))
    literal = [s for m in [*_NUMBER_RE.finditer(q), *_DATE_RE.finditer(q)] for s in _syllables(m.group(0))]
    rest = _blank(q, [*_NUMBER_RE.finditer(q), *_DATE_RE.finditer(q)])
    rest = _drop_chat_phrases(rest, accented)
    terms, abbr_terms, expansions = _read_abbreviations(rest)
    terms = [t for t in terms if not _is_chat(t, accented)]
    pyvi_words = _words(rest, accented) if words else ()
    return ParsedQuery(
        text=q, accented=accented, terms=tuple(dict.fromkeys(terms + literal)),
        fixed=frozenset(abbr_terms + literal), expansions=tuple(dict.fromkeys(expansions)),
        contractions=tuple(dict.fromkeys(_contractions(terms))),
        words=pyvi_words, numbers=numbers, dates=dates,
    )


def _blank(text: str, matches: Iterable[re.Match[str]]) -> str:
    """The text with the matched spans replaced by spaces (offsets kept)."""
    chars = list(text)
    for m in matches:
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _drop_chat_phrases(text: str, accented: bool) -> str:
    low = text.lower() if accented else fold(text).lower()
    for phrase in CHAT_PHRASES:
        p = phrase if accented else fold(phrase)
        for m in list(re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", low)):
            text = text[:m.start()] + " " * len(p) + text[m.end():]
    return text


def _is_chat(term: str, accented: bool) -> bool:
    return term in CHAT_WORDS if accented else term in CHAT_FOLDED


def _read_abbreviations(text: str) -> tuple[list[str], list[str], list[Alternative]]:
    """(syllables, syllables of abbreviations, expansions): 'VP HĐND' → vp, hđnd + 'văn phòng', 'hội đồng…'."""
    folded = fold(text).lower()  # same length as text, so spans carry over
    terms: list[str] = []
    abbr_terms: list[str] = []
    expansions: list[Alternative] = []
    cursor = 0
    for m in _ABBR_RE.finditer(folded):
        terms += _syllables(text[cursor:m.start()])
        abbr = QUERY_ABBREVIATIONS[_ABBR_KEYS[m.group(1)]]
        own = _syllables(text[m.start():m.end()])
        if all(len(s) == 1 for s in own):  # "P." stands only for its expansion, it is not searched itself
            own = ()
        terms += own
        abbr_terms += own
        expansions.append((_syllables(abbr), own))
        cursor = m.end()
    terms += _syllables(text[cursor:])
    return terms, abbr_terms, expansions


def _contractions(terms: list[str]) -> list[Alternative]:
    """The abbreviations of long phrases in the query: 'cải cách hành chính' → cchc."""
    folded = tuple(fold(t) for t in terms)
    found: list[Alternative] = []
    for key, abbrs in _CONTRACTIONS.items():
        n = len(key)
        for i in range(len(folded) - n + 1):
            if folded[i:i + n] == key:
                found += [(a, tuple(terms[i:i + n])) for a in abbrs]
                break
    return found


def _words(text: str, accented: bool) -> tuple[str, ...]:
    """pyvi's words of two syllables or more; pyvi does not segment text without diacritics."""
    if not accented or len(_syllables(text)) < 2:
        return ()
    spans = word_spans(" ".join(text.split()))
    return tuple(dict.fromkeys(w.lower() for w, _s, _e in spans if " " in w))


class Vocabulary:
    """The folded terms of the index's text, for typo tolerance."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(terms)
        self._choices = sorted(self.terms)

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    def __len__(self) -> int:
        return len(self.terms)

    def near(self, term: str, limit: int = 3) -> list[str]:
        """The closest terms by edit distance (1 for short words, 2 for long ones; none under 4 letters)."""
        if len(term) < 4 or any(c.isdigit() for c in term):
            return []
        max_dist = 1 if len(term) <= 6 else 2
        found = process.extract(term, self._choices, scorer=Levenshtein.distance,
                                score_cutoff=max_dist, limit=20)
        if not found:
            return []
        best = min(d for _c, d, _i in found)
        return [c for c, d, _i in found if d == best][:limit]


class Frequencies(Protocol):
    """How many documents hold a term (the searcher's statistics)."""

    def doc_count(self) -> int: ...

    def doc_frequency(self, fieldname: str, text: str) -> int: ...


@dataclass(frozen=True)
class SearchPlan:
    """How to run a query: the selective parts choose candidates, then every part scores them."""

    select: wq.Query  # the parts few documents match (the whole query when all parts are alike)
    score: wq.Query  # every part: the final score of a candidate

    @property
    def single(self) -> bool:
        """True when choosing and scoring are the same query (run once)."""
        return self.select is self.score


def build_query(pq: ParsedQuery, vocabulary: Vocabulary | None = None,
                frequencies: Frequencies | None = None) -> SearchPlan | None:
    """The Whoosh queries for a parsed query; None when nothing is left to search for.

    With the index's frequencies, only the selective parts of the query choose the candidates; the parts
    that most documents match (common syllables, the directive's context) only add to their scores.
    """
    if pq.empty:
        return None
    weight = _syllable_weight(pq)
    alternatives = [(_concept(a, EXPANSION_BOOST * weight * max(1, len(t))), t) for a, t in pq.expansions]
    alternatives += [(_concept(a, weight * len(t)), t) for a, t in pq.contractions]
    units: list[wq.Query] = [_term_query(t, pq, vocabulary) for t in pq.terms]
    units += _proximity(pq.terms)
    units += [wq.Term("words", w, boost=WORD_BOOST) for w in pq.words]
    units += [wq.Term("numbers", n, boost=NUMBER_BOOST) for n in pq.numbers]
    units += [wq.Term("dates", d, boost=DATE_BOOST) for d in pq.dates]
    everything = wq.Or([a for a, _t in alternatives] + units + _context(pq.terms))
    selective = _selective(units, alternatives, frequencies) if frequencies else []
    return SearchPlan(wq.Or(selective), everything) if selective else SearchPlan(everything, everything)


def _selective(units: list[wq.Query], alternatives: list[tuple[wq.Query, tuple[str, ...]]],
               frequencies: Frequencies) -> list[wq.Query]:
    """The parts of the query that few documents match; when every part is common, the rarest ones."""
    reach = [_reach(u, frequencies) for u in units]
    limit = max(MIN_COMMON_DOCS, COMMON_FRACTION * frequencies.doc_count())
    if reach and min(reach) > limit:
        limit = RAREST_SPREAD * min(reach)
    selective = [u for u, r in zip(units, reach, strict=True) if r <= limit]
    # an alternative chooses candidates when it, or what the query typed instead, is selective
    selective += [a for a, t in alternatives
                  if _reach(a, frequencies) <= limit or (t and _reach(_concept(t, 1.0), frequencies) <= limit)]
    return selective


def _reach(q: wq.Query, frequencies: Frequencies) -> int:
    """About how many documents a query matches (terms: their frequency; Or: the sum; And: the least)."""
    if isinstance(q, wq.Term):
        return frequencies.doc_frequency(q.fieldname, q.text)
    reaches = [_reach(sub, frequencies) for sub in q.children()]
    if isinstance(q, wq.And):
        return min(reaches, default=0)
    return sum(reaches)


def _syllable_weight(pq: ParsedQuery) -> float:
    """What one syllable of the query weighs: its folded field, and its accented field when typed so."""
    return FOLD_BOOST + (EXACT_BOOST if pq.accented else 0.0)


def _term_query(term: str, pq: ParsedQuery, vocabulary: Vocabulary | None) -> wq.Query:
    """A syllable in the folded field, in the accented field for accented queries, and its near spellings."""
    folded = fold(term)
    alts: list[wq.Query] = [wq.Term("text_fold", folded, boost=FOLD_BOOST)]
    if pq.accented:
        alts.append(wq.Term("text", term, boost=EXACT_BOOST))
    if vocabulary is not None and folded not in vocabulary and term not in pq.fixed:
        alts += [wq.Term("text_fold", c, boost=TYPO_BOOST) for c in vocabulary.near(folded)]
    return wq.Or(alts)


def _concept(typed: Iterable[str], boost: float) -> wq.Query:
    """A phrase standing for an abbreviation (or an abbreviation for a phrase), weighed like what it replaces.

    A phrase is the conjunction of its adjacent pairs, each a term of the `pairs` field.
    """
    syllables = [fold(s) for s in typed]
    if len(syllables) == 1:
        return wq.Term("text_fold", syllables[0], boost=boost)
    pairs = _pairs(syllables)
    return wq.And([wq.Term("pairs", p, boost=boost / len(pairs)) for p in pairs])


def _pairs(folded: list[str]) -> list[str]:
    return list(dict.fromkeys(f"{a} {b}" for a, b in pairwise(folded)))


def _proximity(terms: tuple[str, ...]) -> list[wq.Query]:
    """Adjacent syllables of the query found side by side in the text score a little more."""
    return [wq.Term("pairs", p, boost=PROXIMITY_BOOST) for p in _pairs([fold(t) for t in terms])]


def _context(terms: tuple[str, ...]) -> list[wq.Query]:
    """The directive's title, issuer and locality, weighed lightly (they say which directive, not which section).

    Pairs count too, so a query naming "Mê Linh" prefers that district's directives.
    """
    folded = [fold(t) for t in terms]
    return [wq.Term("context", f, boost=CONTEXT_BOOST) for f in [*dict.fromkeys(folded), *_pairs(folded)]]


def locality_filter(locality: str) -> wq.Query | None:
    """Only documents of this locality ('Vĩnh Linh', 'vinh linh', 'Quảng Trị')."""
    sylls = [fold(s) for s in _syllables(normalize_text(locality))]
    return wq.And([wq.Term("locality", s) for s in sylls]) if sylls else None

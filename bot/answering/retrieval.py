"""One retrieval path for every question: passages from the Whoosh index, re-ranked by how much of the
question's meaning they and their context cover (idf-weighted), with the entities the question names —
documents, places, units, dates — raising or lowering them, never filtering.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.answering.frame import DocRef, Frame
from corpus import models as m
from corpus.dates import PartialDate
from corpus.lexicon import cached_forms, cached_tokens, folded_tokens, long_forms
from corpus.text import UPPER, fold, nfc

# ---------------------------------------------------------------- the one refusal rule
# No answer when the best passage covers less than this share of the question's (idf-weighted) topic words.
# Calibrated on the unanswerable questions of ../shared (see bench/eval.py and NOTES.md).
MIN_COVERAGE = 0.55
# Calibrated on the seed, dev, heldout and own sets (2026-12-06): the best strict coverage of an answerable
# question's passages was 0.48 at the least (one paraphrase), then 0.528, 0.529, 0.564 …; the unanswerable
# questions that passed MIN_COVERAGE reached 0.378, 0.396, 0.496 and 0.503. The bar sits between 0.503 and 0.528.
MIN_STRICT = 0.515
CONTEXT_WEIGHT = 0.75  # a topic word found only in the passage's nearest headings, list lead or table columns
FAR_CONTEXT_WEIGHT = 0.35  # … only in the directive's title or its outer headings
BIGRAM_WEIGHT = 0.15
PHRASE_WEIGHT = 0.2  # the share of the question found as runs of PHRASE_MIN or more words in the passage
PHRASE_MIN = 3
DOC_MATCH = 0.45  # the question names this directive ("QĐ 2623", "KH 617")
DOC_MISMATCH = -0.25
CITED_MATCH = 0.25  # no directive bears the number the question names, and this one cites it
PLACE_MATCH = 0.12
PLACE_MISMATCH = -0.15
LENGTH_PENALTY = 0.06  # per doubling of a passage beyond LONG words: long rows cover many words by chance
LONG = 60
ANSWER_TYPE = 0.12  # the passage holds the kind of thing asked for (a date, a number, an address …)
HEADER_PENALTY = 0.2  # the header facts answer what a directive is (number, date, signer), little else
SUPERSEDED = 0.3
OTHER_DIRECTIVE = 0.01  # a directive another stored one replaces or repeals
BASIS_PENALTY = 0.3  # "Căn cứ …", "Xét đề nghị …": why the directive was made, not what it says
ENACTING_PENALTY = 0.2  # "Ban hành kèm theo Quyết định này Quy chế …": no duty, no deadline, no doer
HEADER_ROW = 0.3  # a table row that repeats column names
CANDIDATES = 300
DOC_CANDIDATES = 80
TITLE_NAMES = 0.55  # a directive whose title, issuer and place cover this share of the question is named by it
TITLE_TIE = 0.05
FACT_RANKS = 10  # a document-level fact is looked up for the directives of the first candidates …
FACT_DOCS = 3  # … at most this many


@dataclass(frozen=True)
class DocInfo:
    """What an answer needs to know of a stored directive."""

    id: int
    file_name: str
    title: str
    kind: str | None
    number: str | None
    number_main: int | None
    number_year: int | None
    number_code: str
    issuer: str | None
    issued: PartialDate
    locality: str | None
    places: frozenset[str]  # folded province / district names of its locality
    signer: str | None
    title_words: frozenset[str]
    issuer_words: frozenset[str] = frozenset()
    superseded: bool = False  # another stored directive replaces or repeals it

    @property
    def unplaced(self) -> bool:
        """Stored without a place: no issuer, or a local one without its name ('UBND tỉnh' of a news item)."""
        return self.locality is None and (self.issuer is None or bool(_UNNAMED_LOCAL.match(self.issuer)))

    @property
    def named(self) -> str:
        """What names the directive: its title, issuer and locality."""
        return " ".join(x for x in (self.title, self.issuer, self.locality) if x)

    def source(self, section: str | None) -> dict[str, Any]:
        return {"file": self.file_name, "title": self.title, "issuer": self.issuer, "locality": self.locality,
                "section": section}


_UNNAMED_LOCAL = re.compile(r"(?i)^(?:(?:chủ tịch|văn phòng)\s+)?(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|"
                            r"hội đồng nhân dân)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$")


def load_docs(session: Session) -> dict[int, DocInfo]:
    out: dict[int, DocInfo] = {}
    enacted = _enacted_subjects(session)
    for d in session.scalars(select(m.Document).options(selectinload(m.Document.locality))):
        main, year, code = _number_parts(d.number)
        loc = d.locality
        places = frozenset(fold(n).lower() for n in ((loc.district, loc.province) if loc else ()) if n)
        out[d.id] = DocInfo(
            d.id, d.file_name, d.title(), d.kind, d.number, main, year, code, d.issuer,
            PartialDate(d.issued_year, d.issued_month, d.issued_day), loc.label() if loc else None, places,
            " ".join(p for p in (d.signer_title, d.signer_name) if p) or None,
            _title_words(" ".join(p for p in (d.title(), d.issuer or "", loc.label() if loc else "",
                                              "" if d.subject else enacted.get(d.id, "")) if p)),
            frozenset(folded_tokens(d.issuer or "")),
            d.superseded_by_id is not None,
        )
    return out


_ENACTED = re.compile(r"(?i)\b(?:ban hành|phê duyệt|công bố)\s+(?:kèm theo\s+(?:Quyết định|Chỉ thị|Nghị quyết) này\s+)?"
                      r"(.{10,300}?)(?:\s+kèm theo\b|[.;]|$)")


def _enacted_subjects(session: Session) -> dict[int, str]:
    """What each directive issues, from its enacting clause ('Điều 1. Ban hành kèm theo Quyết định này Quy định
    quản lý … phần mềm một cửa điện tử …'): the subject of a decision whose title the text lacks (a page that
    kept the decision without its trích yếu)."""
    rows = session.execute(select(m.Section.document_id, m.Section.text).where(
        m.Section.appendix.is_(False), m.Section.text.like("%kèm theo%")).order_by(m.Section.document_id,
                                                                                  m.Section.ord))
    out: dict[int, str] = {}
    for doc_id, text in rows:
        if doc_id in out:
            continue
        for line in text.splitlines():
            if _ENACTING.match(line) and (hit := _ENACTED.search(line)):
                out[doc_id] = hit.group(1)
                break
    return out


def _title_words(title: str) -> frozenset[str]:
    """The folded syllables of a directive's title, issuer and place, and the syllables of the abbreviation of
    any long name it writes out ('Hệ thống quản lý văn bản và điều hành' → qlvb, dh)."""
    toks = folded_tokens(title)
    joined = f" {' '.join(toks)} "
    extra = [w for k, name in long_forms().items() if f" {' '.join(name)} " in joined
             for w in re.findall(r"[a-z0-9]+", k)]
    return frozenset(toks) | frozenset(extra)


def _number_parts(number: str | None) -> tuple[int | None, int | None, str]:
    if not number:
        return None, None, ""
    m_ = re.match(r"^\s*(\d{1,6})", number)
    main = int(m_.group(1)) if m_ else None
    year = re.search(r"/(\d{4})/", number)
    code = fold(re.sub(r"^\s*\d{1,6}(/\d{4})?", "", number)).lower().strip("/-")
    return main, int(year.group(1)) if year else None, code


def doc_matches(ref: DocRef, doc: DocInfo) -> bool:
    """'QĐ 2623' names Quyết định số 2623/QĐ-TTg; 'cd 220' Công điện 220/CĐ-TTg; 'qd 01763' 01763/QĐ-UBND."""
    if doc.number_main is None or doc.number_main != ref.number:
        return False
    if ref.year and doc.number_year and ref.year != doc.number_year:
        return False
    if ref.kind and doc.kind and ref.kind != doc.kind:
        code = fold(doc.number_code or "")
        short = {"Quyết định": "qd", "Kế hoạch": "kh", "Công văn": "", "Thông báo": "tb", "Công điện": "cd",
                 "Nghị quyết": "nq", "Chỉ thị": "ct"}.get(ref.kind, "")
        return bool(short) and code.startswith(short)
    return True


_KIND_WORDS = {"Quyết định": r"quyet dinh|qd", "Kế hoạch": r"ke hoach|kh", "Công văn": r"cong van|cv|van ban",
               "Thông báo": r"thong bao|tb", "Công điện": r"cong dien|cd", "Nghị quyết": r"nghi quyet|nq",
               "Chỉ thị": r"chi thi|ct", "Hướng dẫn": r"huong dan|hd"}
CITED_PROBE = 200  # passages holding the number, looked at for a citation


def cites(ref: DocRef, text: str) -> bool:
    """The text names the directive: 'Chỉ thị 22', 'Chỉ thị số 22', '22/CT-UBND' (not any 22)."""
    kinds = _KIND_WORDS.get(ref.kind or "") or "|".join(_KIND_WORDS.values())
    codes = "|".join(w for w in kinds.split("|") if " " not in w)
    plain = fold(text).lower()
    return bool(re.search(rf"\b(?:{kinds})\s*(?:so\s*)?0*{ref.number}(?![\d.,])", plain)
                or re.search(rf"(?<![\d.,])0*{ref.number}/(?:\d{{4}}/)?(?:{codes})\b", plain))


def cites_another(refs: list[DocRef], text: str) -> bool:
    """The text names a directive of the kind a reference gives under another number, and none of the refs."""
    plain = fold(text).lower()
    for ref in refs:
        if ref.kind is None or cites(ref, text):
            return False
    for ref in refs:
        kinds = _KIND_WORDS.get(ref.kind or "")
        if kinds and re.search(rf"\b(?:{kinds})\s*(?:so\s*)?\d+(?![\d.,])", plain):
            return True
    return False


def another_number(refs: list[DocRef], doc: DocInfo) -> bool:
    """The directive is of the kind every reference gives, under another number ('Chỉ thị 12' for 'chỉ thị 22')."""
    return doc.number_main is not None and all(ref.kind is not None and ref.kind == doc.kind
                                               and ref.number != doc.number_main for ref in refs)


def citing_docs(index: Any, docs: dict[int, DocInfo], refs: list[DocRef]) -> list[int]:
    """The directives whose title or passages cite one of the references."""
    out: dict[int, None] = {}
    for ref in refs:
        for d in docs.values():
            if cites(ref, d.title or ""):
                out[d.id] = None
        for h in index.candidates([str(ref.number)], limit=CITED_PROBE):
            if h.document_id in docs and cites(ref, h.text):
                out[h.document_id] = None
    return list(out)


# ---------------------------------------------------------------- candidates

@dataclass
class Candidate:
    """A passage considered for an answer, with the parts of its score."""

    hit: Any  # index.searching.Hit
    doc: DocInfo
    words: tuple[str, ...] | list[str]
    coverage: float = 0.0
    text_coverage: float = 0.0
    strict: float | None = None  # the coverage of the words as the question means them (None: not measured)
    score: float = 0.0
    notes: dict[str, float] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.hit.text

    @property
    def extra(self) -> dict[str, Any]:
        return self.hit.extra or {}

    @property
    def kind(self) -> str:
        return self.extra.get("kind", "sentence")

    @property
    def context_text(self) -> str:
        e = self.extra
        parts = [*e.get("headings", []), e.get("group", ""), e.get("lead", ""), " ".join(e.get("columns", []))]
        return " / ".join(p for p in parts if p)

    @property
    def near_context(self) -> str:
        """The nearest two headings, the list lead, the table's group and columns; for a sentence that goes on
        without its own subject ('Báo cáo kết quả cho UBND tỉnh … trước ngày …'), the sentences before it."""
        e = self.extra
        parts = [*e.get("headings", [])[-2:], e.get("group", ""), e.get("lead", ""), " ".join(e.get("columns", []))]
        before = e.get("before") or []
        if before and self.kind == "sentence" and _runs_on(self.text):
            parts.append(" ".join(before))  # the paragraph so far (at most three sentences)
        return " / ".join(p for p in parts if p)


@lru_cache(maxsize=50000)
def _runs_on(text: str) -> bool:
    """A sentence without a subject of its own, which goes on from the one before it."""
    from corpus.passage_units import opens_with_verb

    return opens_with_verb(text)


def retrieve(index: Any, docs: dict[int, DocInfo], frame: Frame, unit_terms: frozenset[str] = frozenset(),
             unit_names: tuple[tuple[str, str], ...] = (),
             unit_phrases: tuple[tuple[str, ...], ...] = (),
             facts: Any = None) -> tuple[list[Candidate], dict[str, float]]:
    """Passages for the question, best first, and the idf weight of each topic word.

    unit_terms: the words of the units the question names; found in a passage's heading or list lead
    ('Điều 22. Trách nhiệm của Sở Nội vụ') they count as fully as in its text.
    facts: document ids → the hits of their document-level facts for this question (the clause that says when
    the directive takes effect), called with the directives the question names or whose passages rank first."""
    first: dict[str, str] = {}
    for t, a in zip(frame.terms, frame.accents + [""] * (len(frame.terms) - len(frame.accents)), strict=False):
        first.setdefault(t, a)
    terms = list(first)
    accents = [first[t] for t in terms]
    if frame.accented:  # a syllable typed without marks in an accented question means itself ("thi", not
        # "thì"), unless no text writes it so (a slip: "phap" for "pháp")
        accents = [a or (t if not t.isdigit() and index.has_exact(t) else "")
                   for t, a in zip(terms, accents, strict=False)]
    total, df = index.frequencies(terms)
    idf = {t: math.log(1.0 + (total + 1) / (df.get(t, 0) + 0.5)) * (YEAR_WEIGHT if _YEAR.fullmatch(t) else 1.0)
           * frame.weights.get(t, 1.0) * (0.0 if _fragment(t, df) else 1.0) for t in terms}
    _cap_unknown(idf, terms, df, frame, unit_names)
    query = selective(terms or frame.folded.split(), df, total) + frame.aliases
    named = [d.id for d in docs.values() if any(doc_matches(r, d) for r in frame.doc_refs)]
    # no stored directive bears the number the question names: the ones that cite it (a portal notice about
    # "Chỉ thị 22", a plan carrying it out) are the next best reading of the reference
    cited = [] if named or not frame.doc_refs else citing_docs(index, docs, frame.doc_refs)
    # "X phải làm gì để nâng chỉ số CCHC" states a goal, not a directive: a duty question names one by its
    # subject only when it names its kind as well ("trong KH chuyển đổi số DN", "theo quy chế …")
    by_subject = not named and (frame.intent != "responsibility" or frame.names_kind)
    titled = titled_docs(docs, terms, idf) if by_subject else []
    hits = list(index.candidates(query, limit=CANDIDATES, weights=idf))
    if titled:
        hits += index.candidates(terms, limit=DOC_CANDIDATES, documents=titled, weights=idf)
    if unit_terms and frame.intent == "responsibility":
        unit_query = [t for t in terms if t in unit_terms]
        if unit_query:
            hits += index.candidates(unit_query + ["trach", "nhiem"], limit=CANDIDATES // 2, documents=named or None,
                                     weights=idf)
    if named or cited:
        hits += index.candidates(terms or query, limit=DOC_CANDIDATES, documents=named or cited, weights=idf)
    place_docs = docs_of_places(docs, frame)
    if place_docs and not named:
        hits += index.candidates(query, limit=DOC_CANDIDATES // 2, documents=place_docs, weights=idf)
    lost = absent_phrases(index, frame, terms, unit_names)
    places = question_places(frame)
    joins = compound_pairs(index, frame, terms)
    lacking = ABSENT if absent_entities(index, frame, unit_names) else (
        ABSENT_PLACE if absent_places(index, frame) else None)
    if lacking:
        idf[lacking] = ABSENT_SHARE * (sum(idf.values()) or 1.0)
        terms = terms + [lacking]
        accents = accents + [""]
    seen: dict[tuple[int, str, int], Candidate] = {}
    out: list[Candidate] = []

    def add(batch: list[Any], fact: bool = False) -> None:
        for h in batch:
            k = (h.document_id, h.text, h.extra.get("ord", -2) if h.extra else -2)
            if k in seen or h.document_id not in docs:
                if fact and k in seen:
                    seen[k].notes["fact"] = 1.0
                continue
            c = seen[k] = Candidate(h, docs[h.document_id], cached_tokens(h.text))
            _score(c, frame, terms, idf, named, place_docs, unit_terms, accents, titled + cited, lost, places, joins)
            if c.doc.id in cited:
                c.score += CITED_MATCH
            elif frame.doc_refs and not named and (cites_another(frame.doc_refs, h.text)
                                                    or another_number(frame.doc_refs, c.doc)):
                c.score += DOC_MISMATCH  # "kiểm tra việc thực hiện Chỉ thị 17" for a question on Chỉ thị 22
            if (named or cited) and c.doc.id not in named and c.doc.id not in cited and not fact:
                # the question names a directive the corpus holds (or cites): another one's passage answers
                # for another directive
                c.coverage = min(c.coverage, MIN_COVERAGE - OTHER_DIRECTIVE)
            if unit_phrases and frame.intent == "responsibility" and not asks_who(frame):
                text = joined_tokens(h.text)
                near_text = f" {' '.join(cached_tokens(c.near_context))} "
                if any(f" {' '.join(p)} " in text or f" {' '.join(p)} " in near_text for p in unit_phrases):
                    c.score += UNIT_PHRASE
                if _own_section(c.extra, unit_phrases):
                    c.score += OWN_SECTION
                    c.notes["own_section"] = OWN_SECTION
            if fact:
                c.notes["fact"] = 1.0  # a document-level fact: always read
            out.append(c)

    add(hits)
    out.sort(key=lambda c: -c.score)
    if facts is not None:
        chosen = named or titled or list(dict.fromkeys(c.doc.id for c in out[:FACT_RANKS]))[:FACT_DOCS]
        add(facts(chosen), fact=True)
        out.sort(key=lambda c: -c.score)
    return out, idf


# A place, an acronym or (when the question is about what it must do) a unit the question names that no
# stored text holds: the question's meaning is not in the corpus. It weighs as much as the rest of the
# question, so no passage can cover enough of it (the one refusal rule above then declines).
ABSENT = "⟨absent⟩"
# … and a place no text holds weighs the same, except for a directive stored without an issuer or a place (a
# portal's news item, "UBND tỉnh ban hành …"): that place may be its own.
ABSENT_PLACE = "⟨absent place⟩"
ABSENT_SHARE = 1.2
_ACRONYM = re.compile(r"(?<![\w/-])[A-ZĐ]{3,}(?![\w/-])")


def absent_places(index: Any, frame: Frame) -> list[str]:
    """The places the question names that no indexed text holds."""
    from corpus.localities import default_gazetteer

    out: list[str] = []
    for place in default_gazetteer().places_in(frame.text):
        syll = folded_tokens(place.name)
        if not index.has_phrase(syll) and not _place_doubtful(index, frame, syll):
            out.append(place.name)
    return out


def absent_entities(index: Any, frame: Frame, unit_names: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The acronyms of the language and (for a duty question) the unit the question names that no indexed
    text holds."""
    from corpus.lexicon import abbreviations

    out: list[str] = []
    abbr = abbreviations()
    for m_ in _ACRONYM.finditer(frame.text):
        token = fold(m_.group(0)).lower()
        expansion = abbr.get(token)  # an acronym of the language, not one the asker made up ("GDV")
        if expansion and not index.has_phrase([token]) and not index.has_phrase(expansion[:4]):
            out.append(m_.group(0))
    if frame.intent == "responsibility":
        for name, written in unit_names[:1]:  # the unit asked about, written out or as typed ("VP HĐND-UBND")
            forms = [folded_tokens(name)[:3], _plain_syllables(written)[:3]]
            if all(len(f) >= 2 for f in forms) and not any(index.has_phrase(f) for f in forms) \
                    and not _a_group(name):
                out.append(name)
    return out


@lru_cache(maxsize=1)
def _default_registry() -> Any:
    from corpus.units import load_registry

    return load_registry()


_PLACE_TAIL = re.compile(r"(?i)\s+(?:của\s+)?(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s+\S.*$")


def _a_group(name: str) -> bool:
    """'phòng ban', 'sở ban ngành': a group of units, written with commas in the texts ('các phòng, ban')."""
    bare = _PLACE_TAIL.sub("", re.sub(r"(?i)^(?:các|những)\s+", "", name.strip()))  # "… tỉnh Sơn La": the place
    unit = _default_registry().resolve(f"các {bare}")
    return unit is not None and unit.is_group


def _place_doubtful(index: Any, frame: Frame, syll: list[str]) -> bool:
    """A place read from a question typed without marks whose edge forms, with the next or previous word, a
    phrase the stored texts hold: 'cho don vi' is 'cho đơn vị' ('for the units'), not the district Chợ Đồn."""
    if frame.accented or not syll:
        return False
    toks, n = frame.tokens, len(syll)
    for i in range(len(toks) - n + 1):
        if toks[i:i + n] != syll:
            continue
        if (i + n < len(toks) and index.has_phrase([syll[-1], toks[i + n]])) or (
                i > 0 and index.has_phrase([toks[i - 1], syll[0]])):
            return True
    return False


def absent_phrases(index: Any, frame: Frame, terms: list[str],
                   unit_names: tuple[tuple[str, str], ...] = ()) -> frozenset[str]:
    """The syllables of the question's compound words (pyvi, on a question typed with its marks) that no
    stored text holds as a phrase ('thi tuyển', 'chữa cháy'): found one by one in a passage they do not mean
    what the question asks, so they cover nothing."""
    if not frame.accented:
        return frozenset()
    from index.analysis import word_spans

    topic = set(terms)
    names = _entity_words(frame, unit_names)
    out: set[str] = set()
    for word, _a, _b in word_spans(nfc(frame.text)):
        if " " not in word:
            continue
        syll = folded_tokens(word)
        if len(syll) < 2 or not all(t in topic and t not in names and not t.isdigit() for t in syll):
            continue
        if not index.has_phrase(syll):
            out.update(syll)
    return frozenset(out)


def _cap_unknown(idf: dict[str, float], terms: list[str], df: dict[str, int], frame: Frame,
                 unit_names: tuple[tuple[str, str], ...]) -> None:
    """One common word no stored text holds ("chạy", a paraphrase) weighs no more than the median word of
    the question: at the maximum idf it alone would decide the refusal rule. Names keep their weight (a
    place, an acronym or a unit the corpus lacks means the question is not about it: absent_places,
    absent_entities), and so do several such words
    (together they name a topic the corpus lacks: "phòng cháy chữa cháy")."""
    unknown = [t for t in terms if df.get(t, 0) == 0 and idf.get(t, 0.0) > 0 and t.isalpha()]
    if not unknown:
        return
    known = sorted(idf[t] for t in terms if df.get(t, 0) > 0 and idf.get(t, 0.0) > 0)
    if not known:
        return
    names = _entity_words(frame, unit_names)
    unknown = [t for t in unknown if t not in names]
    if len(unknown) != 1:  # several words the corpus lacks name a topic it lacks ("phòng cháy chữa cháy")
        return
    idf[unknown[0]] = min(idf[unknown[0]], known[len(known) // 2])


def _entity_words(frame: Frame, unit_names: tuple[tuple[str, str], ...]) -> set[str]:
    """The syllables of the names a question holds: places, acronyms and capitalised words, units."""
    from corpus.localities import default_gazetteer

    out: set[str] = set()
    for place in default_gazetteer().places_in(frame.text):
        out.update(folded_tokens(place.name))
    for name, written in unit_names:
        out.update(folded_tokens(name))
        out.update(_plain_syllables(written))
    for i, m_ in enumerate(re.finditer(r"\w+", frame.text)):
        w = m_.group(0)
        if i and w[:1].isupper() or len(w) > 1 and w.isupper():
            out.add(fold(w).lower())
    return out


def _plain_syllables(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text).lower())


def _fragment(t: str, df: dict[str, int]) -> bool:
    """A short token no text holds ("tc" of "P. TC-KH", "gdv"): a piece of an abbreviation the asker made,
    not a word of the question's meaning."""
    return df.get(t, 0) == 0 and len(t) <= 3 and not t.isdigit()


UNIT_PHRASE = 0.3  # the unit the question names stands whole in the passage or the heading over it
OWN_SECTION = 0.15  # … in the heading or lead right over it: the unit's own section, not a row that names it
YEAR_WEIGHT = 2.0  # a year the question names is part of what it asks ("kế hoạch CCHC năm 2026")
_YEAR = re.compile(r"(?:19|20)\d\d")
COMMON = 0.2  # a word in more than this share of the records does not choose candidates (it still scores)
MIN_QUERY = 4


def selective(terms: list[str], df: dict[str, int], total: int) -> list[str]:
    """The words that choose candidates: the rarer ones (at least the MIN_QUERY rarest)."""
    if not total:
        return terms
    rare = [t for t in terms if df.get(t, 0) <= COMMON * total]
    if len(rare) >= MIN_QUERY:
        return rare
    return sorted(terms, key=lambda t: df.get(t, 0))[:MIN_QUERY]


def compound_pairs(index: Any, frame: Frame, terms: list[str]) -> dict[str, list[str]]:
    """Each topic word of the question that stands next to another topic word in a pair some stored text also
    holds ('cong chuc', 'tay ninh', 'tre hen'): the word and its pairs (' a b '). Such a word means its pair; a
    passage that holds it elsewhere, alone, holds another word ('tuyen' of 'trực tuyến' is not 'thi tuyển')."""
    topic = set(terms)
    out: dict[str, list[str]] = {}
    for a, b in pairwise(frame.tokens):
        if a == b or a not in topic or b not in topic or a.isdigit() or b.isdigit():
            continue
        if index.has_phrase([a, b]):
            out.setdefault(a, []).append(f" {a} {b} ")
            out.setdefault(b, []).append(f" {a} {b} ")
    return out


def question_places(frame: Frame) -> tuple[tuple[str, ...], ...]:
    """The folded syllables of each place the question names ('tay ninh')."""
    from corpus.localities import default_gazetteer

    return tuple(dict.fromkeys(tuple(folded_tokens(p.name)) for p in default_gazetteer().places_in(frame.text)))


def _place_held(place: tuple[str, ...], c: Candidate, joined: str) -> str | None:
    """Where the candidate holds a place the question names, whole: its document's locality or its own text
    ('text'), its heading or neighbours ('near'), the rest of its context ('far'); None when nowhere. A
    syllable of the name alone is another place ('Ninh' of Bắc Ninh is not Tây Ninh)."""
    phrase = " ".join(place)
    if phrase in c.doc.places or f" {phrase} " in joined or f" {phrase} " in joined_tokens(c.doc.named):
        return "text"
    if f" {phrase} " in joined_tokens(c.near_context):
        return "near"
    if f" {phrase} " in joined_tokens(c.context_text):
        return "far"
    return None


def docs_of_places(docs: dict[int, DocInfo], frame: Frame) -> list[int]:
    words = f" {' '.join(frame.terms)} "
    return [d.id for d in docs.values() if any(f" {p} " in words for p in d.places)]


_SECTION_OPENING = re.compile(r"(?i)^\s*(?:(?:Điều|Mục)\s+\d+[a-z]?\s*[.:]?\s*|[IVXL]+\s*[.)]\s*"
                              r"|\d+(?:\.\d+)*\s*[.)]?\s*|[a-zđ]\)\s*|[-–+•]\s*)?"
                              r"(?:(?:Trách nhiệm|Nhiệm vụ)(?:\s+của)?\s+)?")


def _own_section(extra: dict[str, Any], unit_phrases: tuple[tuple[str, ...], ...]) -> bool:
    """The passage stands in the unit's own section: the heading or list lead right over it opens with the
    unit's name ('4. Trung tâm Chuyển đổi số Thành phố', 'Điều 22. Trách nhiệm của Sở Nội vụ', 'a) Sở Tài
    chính:'), not a heading or a row that merely names it."""
    for head in [*(extra.get("headings") or [])[-1:], extra.get("lead", "")]:
        if not head:
            continue
        opening = joined_tokens(_SECTION_OPENING.sub("", head, count=1))
        if any(opening.startswith(f" {' '.join(p)} ") for p in unit_phrases):
            return True
    return False


def _repeats_header(extra: dict[str, Any]) -> bool:
    """A row whose cells are column names ('Số TT | Tên TTHC | Mã TTHC'): the header of a next table read as a
    row of this one. It holds every word of the topic and answers nothing."""
    return _cells_repeat_columns(tuple(extra.get("columns") or ()), tuple(extra.get("cells") or ()))


@lru_cache(maxsize=50000)
def _cells_repeat_columns(columns: tuple[str, ...], row: tuple[str, ...]) -> bool:
    cols = {fold(x).lower().strip() for x in columns if x}
    cells = [fold(x).lower().strip() for x in row if x]
    return len(cols) >= 2 and sum(1 for x in cells if x in cols) >= 2


def titled_docs(docs: dict[int, DocInfo], terms: list[str], idf: dict[str, float]) -> list[int]:
    """The directives a question names by their subject rather than their number ('Quy chế hệ thống QLVB&ĐH
    Ninh Bình …'): title, issuer and place cover TITLE_NAMES of the question's weight (the best, and those
    within TITLE_TIE of it)."""
    total = sum(idf.get(t, 0.0) for t in terms)
    if not total:
        return []
    share = {d.id: sum(idf.get(t, 0.0) for t in terms if t in d.title_words) / total for d in docs.values()}
    best = max(share.values(), default=0.0)
    if best < TITLE_NAMES:
        return []
    return [i for i, v in share.items() if v >= best - TITLE_TIE]


def _score(c: Candidate, frame: Frame, terms: list[str], idf: dict[str, float], named: list[int],
           place_docs: list[int], unit_terms: frozenset[str] = frozenset(), accents: list[str] | None = None,
           titled_ids: list[int] | None = None, lost: frozenset[str] = frozenset(),
           places: tuple[tuple[str, ...], ...] = (), joins: dict[str, list[str]] | None = None) -> None:
    accents = accents or [""] * len(terms)
    joins = joins or {}
    # the directives a passage carries out are context, not its words (unless the question asks which they are)
    own = (None if _ASKS_BASIS.search(frame.folded) else main_clause(c.text)) or c.text
    words = cached_forms(own)
    near = cached_forms(c.near_context)
    far = cached_forms(c.context_text) | (cached_forms(c.text) if own is not c.text else frozenset())
    total = sum(idf.values()) or 1.0
    neutral: set[str] = set()
    if ABSENT_PLACE in idf and c.doc.unplaced:  # its place unknown: the place the question names may be its own
        neutral = {ABSENT_PLACE} | {w for p in places for w in p if _place_held(p, c, joined_tokens(c.text)) is None}
        total = max(total - sum(idf.get(w, 0.0) for w in neutral), 1e-9)
    got = near_got = far_got = 0.0
    strict = {"text": 0.0, "near": 0.0}  # what the passage holds as the question means it (see compound_pairs)
    joined = joined_tokens(own)
    near_joined = joined_tokens(c.near_context)
    # a place the question names counts where it stands whole, and only there
    held = {w: _place_held(p, c, joined) for p in places for w in p}
    home = {w for p in c.doc.places for w in p.split()}
    # Words that describe the directive itself ("QĐ 1378 về TTHC nội bộ … hiệu lực khi nào") are satisfied by
    # its title when the question names it or asks about it (its date, number, signer, entry into force).
    about_doc = (c.doc.id in named or c.doc.id in (titled_ids or ())
                 or bool({"effective", "docnumber", "signer"} & frame.asks))
    # "… tổ chức triển khai thực hiện Quyết định này": a passage that points at the directive speaks of its subject
    titled = c.doc.title_words if about_doc or _points_at_doc(c.text) else frozenset()
    # "BNV nói gì / yêu cầu gì": the issuer the question names speaks in every passage of its directive (not when
    # the question asks what a unit must do or who does it: there the named unit is the doer or a qualifier)
    speaker = unit_terms if (unit_terms and unit_terms <= c.doc.issuer_words
                             and frame.intent in ("search", "deadline") and "unit" not in frame.asks) else frozenset()
    for t, acc in zip(terms, accents, strict=False):
        if t in lost or t in neutral:
            continue  # a word of a phrase no text holds: its syllables elsewhere do not mean it
        if t in held and t not in unit_terms:
            where = held[t]
            if where == "text":
                got += idf[t]
            elif where == "near":
                near_got += idf[t]
            elif where == "far":
                far_got += idf[t]
            if where in strict:
                strict[where] += idf[t]
            continue
        probe = acc or t  # typed with its marks: only that word matches ("thứ" is not "thủ")
        pairs = joins.get(t)
        if t in titled or t in speaker or (t in home and not places):
            got += idf[t]
            strict["text"] += idf[t]
        elif probe in words or (t in unit_terms and probe in near):
            got += idf[t]
            if not pairs or any(p in joined or p in near_joined for p in pairs):
                strict["text"] += idf[t]
        elif probe in near:
            near_got += idf[t]
            if not pairs or any(p in near_joined for p in pairs):
                strict["near"] += idf[t]
        elif probe in far or probe in c.doc.title_words:
            far_got += idf[t]
    c.strict = (strict["text"] + CONTEXT_WEIGHT * strict["near"]) / total
    c.text_coverage = got / total
    c.coverage = (got + CONTEXT_WEIGHT * near_got + FAR_CONTEXT_WEIGHT * far_got) / total
    pairs = [f" {a} {b} " for a, b in frame.bigrams if a != b]
    bigram = sum(1 for p in pairs if p in joined) / len(pairs) if pairs else 0.0
    # the named units' own words are left out: their name whole is UNIT_PHRASE, and "phối hợp với X" holds it too
    phrase = _phrase_share([t if t not in unit_terms else "\0" for t in frame.terms], joined, idf, total)
    score = c.coverage + BIGRAM_WEIGHT * bigram + PHRASE_WEIGHT * phrase
    if len(c.words) > LONG:
        score -= LENGTH_PENALTY * math.log2(len(c.words) / LONG)
    score += ANSWER_TYPE * answer_type_fit(frame, c.text)
    if c.kind == "header" and not ({"docnumber", "signer"} & frame.asks):
        score -= HEADER_PENALTY
    if c.kind == "row" and _repeats_header(c.extra):
        score -= HEADER_ROW
    score -= formal_penalty(c.text, frame)
    if c.doc.superseded and not frame.past and c.doc.id not in named:
        score -= SUPERSEDED  # the directive in force says it now (unless the question asks how it was)
    if frame.doc_refs and named:
        score += DOC_MATCH if c.doc.id in named else DOC_MISMATCH
    if place_docs:
        if c.doc.id in place_docs:
            score += PLACE_MATCH
        elif c.doc.places:
            score += PLACE_MISMATCH
    years = sum(idf[t] for t in terms if _YEAR.fullmatch(t))
    c.notes.update(coverage=c.coverage, bigram=bigram, year_share=years / total)
    c.score = score


_THIS_DOC = re.compile(r"(?i)\b(?:quyết định|quy chế|quy định|kế hoạch|chỉ thị|công văn|thông báo|hướng dẫn|"
                       r"công điện|nghị quyết|chương trình|đề án) này\b")
_BASIS = re.compile(r"(?i)^\s*(?:[-–+•]\s*)?(?:căn cứ|xét đề nghị|theo đề nghị|xét tờ trình)\b")
_DOC_CITED = (r"(?:quyết định|kế hoạch|công văn|chỉ thị|nghị quyết|thông báo|văn bản|hướng dẫn|công điện|thông tư|"
              r"nghị định|luật)\s+(?:số\s+)?\d|\d+/")
# "Thực hiện Quyết định số …; Kế hoạch số …, Sở Nội vụ xây dựng dự thảo …": what the directives cited are about,
# then (after the last separator before a capital) what this one does
_CARRYING_OUT = re.compile(rf"(?i)^\s*(?:[-–+•]\s*)?(?:thực hiện|triển khai)\s+(?:{_DOC_CITED})")
_MAIN_CLAUSE = re.compile(rf"[,;]\s+(?=[{UPPER}])(?!(?i:{_DOC_CITED}))")


@lru_cache(maxsize=50000)
def main_clause(text: str) -> str | None:
    """The clause of a 'Thực hiện <directive> …, X làm …' sentence that says what this directive does ('' when
    it only cites); None for any other sentence."""
    if not _CARRYING_OUT.match(text):
        return None
    cuts = list(_MAIN_CLAUSE.finditer(text))
    rest = text[cuts[-1].end():] if cuts else ""
    return rest if len(rest) >= 25 else ""
_ENACTING = re.compile(r"(?i)^\s*(?:Điều\s+1\s*[.:]\s*)?(?:ban hành|phê duyệt|công bố)\b[^.;:]{0,200}\bkèm theo\b"
                       r"|^\s*(?:Điều\s+1\s*[.:]\s*)?(?:ban hành|phê duyệt) kèm theo\b")
_ASKS_BASIS = re.compile(r"\b(?:can cu|de nghi|to trinh|co so phap ly|so may|so hieu|(?:quyet dinh|van ban|ke hoach|"
                         r"cong van|chi thi|nghi quyet|thong tu|nghi dinh|thong bao) (?:nao|gi|so))\b")


def formal_penalty(text: str, frame: Frame) -> float:
    """The formal passages of a directive answer what it rests on and what it issues, not who does what or
    by when: the basis ('Căn cứ …', 'Xét đề nghị của …') unless the question asks for it, and the enacting
    clause ('Ban hành kèm theo Quyết định này Quy chế …') for a question on duties, doers or deadlines."""
    form = _formal_form(text)
    if form == "basis":
        return 0.0 if _ASKS_BASIS.search(frame.folded) else BASIS_PENALTY
    if form == "enacting" and (frame.intent in ("deadline", "responsibility", "criterion_owner")
                               or "unit" in frame.asks):
        return ENACTING_PENALTY
    return 0.0


@lru_cache(maxsize=50000)
def _formal_form(text: str) -> str | None:
    if _BASIS.match(text) or main_clause(text) == "":
        return "basis"
    return "enacting" if _ENACTING.match(text) else None


@lru_cache(maxsize=50000)
def _points_at_doc(text: str) -> bool:
    return bool(_THIS_DOC.search(text))


@lru_cache(maxsize=50000)
def joined_tokens(text: str) -> str:
    """The folded syllables of a text between spaces, for phrase tests (' a b ' in it)."""
    return f" {' '.join(cached_tokens(text))} "


def _phrase_share(seq: list[str], joined: str, idf: dict[str, float], total: float) -> float:
    """The idf share of the question's words that the passage holds in runs of three or more, in the
    question's order ("thực hiện kiểm kê tài sản"): the words that single out an answer stand together, the
    topic's words are scattered."""
    got, i, n = 0.0, 0, len(seq)
    while i < n:
        j = i + 1
        while j < n and f" {' '.join(seq[i:j + 1])} " in joined:
            j += 1
        if j - i >= PHRASE_MIN:
            got += sum(idf.get(t, 0.0) for t in seq[i:j])
        i = j if j - i >= PHRASE_MIN else i + 1
    return got / total


_DATE_CUE = re.compile(r"(?i)\b\d{1,2}\s*/\s*\d{1,2}\b|\bngày\s+\d{1,2}\b|trước ngày|chậm nhất|hằng (năm|tháng|quý)|"
                       r"hàng (năm|tháng|quý)|định kỳ|ngày làm việc|\d+\s*(giờ|h\d\d)|hiệu lực|tháng \d")
_EFFECTIVE_CUE = re.compile(r"(?i)(có hiệu lực|thi hành|áp dụng)[^.;]{0,40}(từ|kể từ)")
_NUMBER_CUE = re.compile(r"\d")
_DURATION_CUE = re.compile(r"(?i)\b\d+\s*(?:\([^)]{1,20}\)\s*)?(?:ngày|giờ|tháng|năm|tuần|phút)|lần/|/lần")
_CLOCK_CUE = re.compile(r"(?i)\b\d{1,2}\s*(?:giờ|h)\s*\d{0,2}")


def answer_type_fit(frame: Frame, text: str) -> float:
    """1 when the passage holds the kind of thing the question asks for, 0 when not, between for half fits."""
    if "effective" in frame.asks:
        return 2.0 if _EFFECTIVE_CUE.search(text) else 0.0
    if frame.intent == "deadline":
        return 1.0 if _DATE_CUE.search(text) else -1.0
    if "duration" in frame.asks:
        return 1.5 if _DURATION_CUE.search(text) else -0.5
    if "time" in frame.asks:
        return 1.5 if _CLOCK_CUE.search(text) else -0.5
    if "number" in frame.asks:
        if frame.counted:
            noun = r"\s+".join(re.escape(w) for w in frame.counted.split()[:1])
            if re.search(rf"\d[\d.,]*\s+(?:\([^)]{{1,20}}\)\s+)?{noun}\b", fold(text).lower()):
                return 2.0  # "42 tiêu chí" for "bao nhiêu tiêu chí"
        return 0.5 if _NUMBER_CUE.search(text) else 0.0
    return 0.0


def asks_who(frame: Frame) -> bool:
    """'ai / cơ quan nào …': the units the question names qualify the duty (who decides, to whom, where, what
    is recognised); they are not the answer, so they earn no doer bonus."""
    return "unit" in frame.asks


_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
_QUARTERS = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_QUARTER_NO = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def other_period(frame: Frame, c: Candidate) -> bool:
    """The passage and its headings (else its directive's title) speak of periods, none of them the one the
    question names ('quý III năm 2015' for 'quý IV/2015'; 'Kế hoạch … năm 2017' for 'năm 2018'), and its
    directive was not written in the year asked about or next to it (a 2025 plan recalls the results of 2024
    'so với năm 2023'): it answers for another period."""
    if not frame.year and not frame.quarter:
        return False
    text = fold(" ".join((c.text, c.near_context))).lower()
    if frame.quarter:
        named = {_QUARTER_NO[q] for q in _QUARTERS.findall(text)}
        if named and frame.quarter not in named:
            return True
    if frame.year:
        # the passage's own years, else those of its directive's title (the period it is about)
        years = {int(y) for y in _YEARS.findall(text) or _YEARS.findall(fold(c.doc.title or ""))}
        issued = c.doc.issued.year
        if issued and abs(frame.year - issued) <= 1:
            return False
        if years and frame.year not in years:
            return True
    return False


def covers(c: Candidate) -> bool:
    """The one refusal rule, for each passage: does it cover enough of the question?"""
    return c.coverage >= MIN_COVERAGE


def means_it(passages: list[Candidate]) -> bool:
    """… and for the answer: does one of the passages that cover the question hold enough of it as the
    question means it (the words of its compounds inside those compounds, its places whole)? Only the answer
    as a whole is refused on this; it never reorders the passages."""
    return max((c.strict if c.strict is not None else c.coverage for c in passages), default=0.0) >= MIN_STRICT


def today_in(tz: Any) -> dt.date:
    return dt.datetime.now(tz).date()

"""Search answers: the sentences of the directives that best answer a factual question."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from collections.abc import Callable

from bot.answering import render
from bot.answering.model import Answer, AnswerItem
from bot.answering.questions import Question, contract_folded, contracted_terms, folded_words
from corpus.text import SENTENCE_BREAK


if TYPE_CHECKING:
    from bot.answering.service import AnswerService, Scope

_SPLIT = re.compile(SENTENCE_BREAK.pattern + r"|\n+")
_CONNECTIVE = re.compile(r"^(Theo đó|Trong đó|Cụ thể|Qua đó|Đồng thời|Kết quả|Như vậy)\b")
MIN_SENTENCE_COVERAGE = 0.5
_QUESTION_WORDS = {"gi", "nao", "may", "bao", "nhieu", "sao", "the", "noi", "ve", "la", "co", "khong"}


def sentences(text: str) -> list[str]:
    """The sentences (and list items) of a section, in order."""
    return [s.strip(" -–•+") for s in _SPLIT.split(text) if len(s.strip()) > 3]


def _words(text: str) -> list[str]:
    """Matching words of a passage or question: folded, known phrases contracted to one abbreviation."""
    return contract_folded(folded_words(text)).split()


def _coverage(terms: list[str], words: list[str], idf: Callable[[str], float]) -> float:
    """Weighted share of the terms found; a word of a two-word phrase found without its partner counts half."""
    present = set(words)
    joined = f" {' '.join(words)} "
    total = sum(idf(t) for t in terms) or 1.0
    got = 0.0
    for i, t in enumerate(terms):
        if t not in present:
            continue
        neighbours = [terms[j] for j in (i - 1, i + 1) if 0 <= j < len(terms)]
        phrase_ok = any(f" {a} {b} " in joined for a, b in ((terms[i - 1], t), (t, terms[(i + 1) % len(terms)]))
                        if a != b) if neighbours else True
        got += idf(t) * (1.0 if phrase_ok or not neighbours else 0.5)
    return got / total


def ranked_sentences(text: str, terms: list[str],
                     idf: Callable[[str], float] = lambda _w: 1.0) -> list[tuple[str, float]]:
    """Each sentence (or a short one with the next, or one the next continues) with its coverage, best first."""
    parts = sentences(text)
    out: list[tuple[str, float]] = []
    for i in range(len(parts)):
        for span in (parts[i:i + 1], parts[i:i + 2]):
            if len(span) == 2 and not (len(span[0]) < 60 or _CONNECTIVE.match(span[1])):
                continue
            quote = " ".join(span)
            out.append((quote, min(max(_coverage(terms, _words(quote), idf) - 0.02 * (len(span) - 1), 0.0), 1.0)))
    out.sort(key=lambda qc: -qc[1])
    return out


def best_sentence(text: str, terms: list[str], idf: Callable[[str], float] = lambda _w: 1.0) -> tuple[str, float]:
    """The sentence (or pair of sentences) holding most of the question's words, weighted by rarity."""
    ranked = ranked_sentences(text, terms, idf)
    return ranked[0] if ranked else ("", 0.0)


def _numbers_present(terms: list[str], quote: str, context: str = "") -> bool:
    """Numbers of the question (years, document numbers, 'quý IV') must stand in the passage, or a number
    that names the document in the text around it ('VB 581' for a sentence of Văn bản số 581/BNV-CCHC)."""
    words = _words(quote)
    present = set(words)
    around = set(_words(context)) | {p.split("/")[0] for p in _words(context) if "/" in p}
    joined = f" {' '.join(words)} "
    for i, t in enumerate(terms):
        if any(c.isdigit() for c in t) and t not in present and not (len(t) >= 3 and t in around):
            return False
        if t in {"i", "ii", "iii", "iv"} and i > 0 and f" {terms[i - 1]} {t} " not in joined:
            return False
    return True


_ANSWER_TYPES = [
    (re.compile(r"\b(so may|so bao nhieu|so hieu|ky hieu|so van ban|theo (quyet dinh|cong van|qd|cv|ke hoach) (so )?nao)\b"),
     re.compile(r"\d+[a-z]?(?:/\d{4})?[/-][a-zđ]")),
    (re.compile(r"\b(ngay nao|ngay may|khi nao|bao gio|tu ngay|den ngay|thoi gian)\b"),
     re.compile(r"\b\d{1,2}/\d{1,2}(/\d{4})?\b|\bngay \d{1,2}\b|\bthang \d{1,2}\b")),
    (re.compile(r"\b(bao nhieu|may|thu may|muc nao)\b"), re.compile(r"\d")),
    (re.compile(r"\bemail\b"), re.compile(r"@")),
    (re.compile(r"\b(de lam gi|nham muc dich gi|muc dich|vi sao|tai sao)\b"), re.compile(r"^(nham|de|muc dich)\b")),
]


def _type_bonus(question: str, sentence_folded: str) -> float:
    """A small bonus when the sentence holds the kind of thing asked for (a number, a date, an address)."""
    for asks, holds in _ANSWER_TYPES:
        if asks.search(question):
            return 0.15 if holds.search(sentence_folded) else 0.0
    return 0.0


_DEADLINE_CUE = re.compile(r"\b(han|cham nhat|truoc ngay|thoi han|thoi gian|ngay \d{1,2}|\d{1,2}/\d{1,2})\b")


def search_passages(service: AnswerService, q: Question, scope: Scope, *, need_time: bool = False,
                    drop: frozenset[str] = frozenset()) -> Answer:
    """The best sentences for a question, each quoted with its source; none when nothing matches well.

    need_time: only sentences that state a time (the fallback of a deadline question)."""
    drop = set(q.locality_words) | _QUESTION_WORDS | drop
    terms = contracted_terms(q.folded, drop)
    if not terms or service.catalog.mostly_unknown(terms):
        return Answer(q.raw, "search", render.NOT_FOUND, [])
    labels = {service.locality_label(i) for i in scope.locality_ids}
    rarest = service.catalog.rarest(terms)
    candidates: list[tuple[float, str, object]] = []
    for hit in service.services.index.search(q.text, limit=12):
        if labels and hit.locality not in labels:
            continue
        for quote, cov in ranked_sentences(hit.text, terms, service.catalog.idf):
            words = _words(quote)
            if cov < MIN_SENTENCE_COVERAGE or not _numbers_present(terms, quote, hit.text) or \
                    (rarest and rarest not in words):
                continue
            if need_time and not _DEADLINE_CUE.search(" ".join(words)):
                continue
            candidates.append((cov + _type_bonus(q.folded, folded_words(quote)), quote, hit))
    items = _best_items(candidates)
    for it in items:
        it.units = [m.name for m in service.registry.scan(it.quote) if m.name != "Các cơ quan, đơn vị"]
    _fill_sources(service, items)
    if not items:
        return Answer(q.raw, "search", render.NOT_FOUND, [])
    return Answer(q.raw, "search", render.render_passages(items), items)


def _best_items(candidates: list[tuple[float, str, object]]) -> list[AnswerItem]:
    """The three best distinct sentences, each close enough to the best one."""
    candidates.sort(key=lambda c: -c[0])
    items: list[AnswerItem] = []
    seen: set[str] = set()
    best = candidates[0][0] if candidates else 0.0
    for score, quote, hit in candidates:
        if quote in seen or any(quote in s or s in quote for s in seen) or score < 0.7 * best or len(items) == 3:
            continue
        seen.add(quote)
        source = {"file": None, "title": hit.title, "issuer": None, "locality": hit.locality, "section": hit.path}
        items.append(AnswerItem(kind="passage", summary=quote[:120], quote=quote, source=source,
                                section_id=hit.section_id, task_id=hit.task_id, locality=hit.locality))
    return items


def _fill_sources(service: AnswerService, items: list[AnswerItem]) -> None:
    """File name and issuer of each passage's directive."""
    from corpus import models as m

    with service.services.sessions() as s:
        for it in items:
            sec = s.get(m.Section, it.section_id) if it.section_id else None
            if sec is not None:
                it.source["file"] = sec.document.file_name
                it.source["issuer"] = sec.document.issuer
                it.source["title"] = sec.document.title()

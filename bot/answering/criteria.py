"""Criterion candidates: the fields of the CCHC index and the topics officers ask about the same way
(corpus/data/criteria.yaml), each with the units whose duties cover it in a directive — one more kind of
passage for 'tiêu chí … do phòng nào phụ trách?', ranked with the same coverage as the others."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.answering.frame import Frame
from bot.answering.model import Answer, AnswerItem
from bot.answering.retrieval import Candidate, DocInfo
from corpus import models as m
from corpus.criteria import catalogue, match_criterion, text_key
from corpus.lexicon import folded_tokens

NAMED_SCORE = 80  # the question names this field or topic (corpus.criteria.match_criterion)
NAMED_BONUS = 0.5
NO_EVIDENCE = 0.2


@dataclass
class CriterionView:
    """A criterion of one locality: its owners merged over the locality's directives."""

    name: str
    key: str
    words: frozenset[str]
    locality_id: int | None
    document_id: int | None
    owners: list[str] = field(default_factory=list)
    evidence: str = ""
    section_id: int | None = None
    path: str = ""
    phrases: tuple[str, ...] = ()  # the taxonomy's name, aliases and keywords (criteria.yaml)
    backed: frozenset[str] | None = None  # words of those phrases that some stored text holds (lazily)

    def text_words(self, index: Any) -> frozenset[str]:
        """The taxonomy's words that stand in the directives too: a label no text holds ('cải cách tài chính
        công' where no directive says so) is ours, and must not make a question look answered."""
        if self.backed is None:
            if index is None:
                self.backed = self.words
            else:
                self.backed = frozenset(w for p in self.phrases if index.has_phrase(toks := folded_tokens(p))
                                        for w in toks)
        return self.backed


def load_criteria(session: Session) -> list[CriterionView]:
    rows = session.scalars(select(m.Criterion).options(
        selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.unit),
        selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.task))).all()
    words_of = {text_key(c.name): frozenset(w for p in (c.name, *c.aliases, *c.keywords) for w in folded_tokens(p))
                for c in catalogue()}
    phrases_of = {text_key(c.name): (c.name, *c.aliases, *c.keywords) for c in catalogue()}
    merged: dict[tuple[int | None, str], CriterionView] = {}
    scores: dict[tuple[int | None, str], dict[str, float]] = {}
    best_ev: dict[tuple[int | None, str], float] = {}
    for r in rows:
        k = (r.locality_id, r.key)
        words = words_of.get(r.key, frozenset(folded_tokens(r.name)))
        view = merged.setdefault(k, CriterionView(r.name, r.key, words, r.locality_id, r.document_id,
                                                  phrases=phrases_of.get(r.key, (r.name,))))
        per = scores.setdefault(k, {})
        for o in r.owners:
            per[o.unit.name] = per.get(o.unit.name, 0.0) + (o.score or 0.1)
            if o.evidence and (o.score or 0) > best_ev.get(k, -1):
                best_ev[k] = o.score or 0
                view.evidence = o.evidence
                view.document_id = r.document_id
                if o.task is not None:
                    view.section_id, view.path = o.task.section_id, o.task.section_path
    for k, view in merged.items():
        per = scores.get(k, {})
        view.owners = [u for u, _ in sorted(per.items(), key=lambda kv: -kv[1])]
    return [v for v in merged.values() if v.owners and v.document_id is not None]


def criterion_candidates(criteria: list[CriterionView], docs: dict[int, DocInfo], frame: Frame,
                         idf: dict[str, float], index: Any = None) -> list[Candidate]:
    """Criteria that cover the question's topic, scored like passages (their name and keywords as text)."""
    terms = list(dict.fromkeys(frame.terms))
    total = sum(idf.values()) or 1.0  # with the weight of what the corpus lacks (retrieval.ABSENT)
    named = match_criterion(frame.text)
    named_key = text_key(named[0].name) if named and named[1] >= NAMED_SCORE else None
    out: list[Candidate] = []
    place_words = f" {' '.join(terms)} "
    for cv in criteria:
        doc = docs.get(cv.document_id or -1)
        if doc is None:
            continue
        ev = set(folded_tokens(cv.evidence))
        words = cv.text_words(index)
        got = sum(idf.get(t, 0.0) for t in terms if t in words or t in ev)
        cov = got / total
        if cov < 0.5:
            continue
        hit = SimpleNamespace(text=cv.evidence, section_id=cv.section_id, path=cv.path,
                              document_id=doc.id, extra={"kind": "criterion", "owners": cv.owners,
                                                         "criterion": cv.name, "headings": [cv.name]})
        c = Candidate(hit, doc, folded_tokens(cv.evidence))
        c.coverage = c.text_coverage = cov
        c.score = cov + (0.1 if any(f" {p} " in place_words for p in doc.places) else 0.0)
        if cv.key == named_key:
            c.score += NAMED_BONUS
        if not cv.evidence:
            c.score -= NO_EVIDENCE  # owned by function only: the text assigns it to no one
        out.append(c)
    return out


def overview(criteria: list[CriterionView], localities: dict[int, str], locality_id: int | None) -> Answer:
    """The fields and topics of the index with their owners, for one locality (or every locality)."""
    rows = [c for c in criteria if locality_id is None or c.locality_id == locality_id]
    if not rows:
        return Answer("/tieuchi", "criterion_owner", "Chưa có tiêu chí nào được xác định từ các văn bản.", [])
    lines = ["Các lĩnh vực, chủ đề CCHC và đơn vị phụ trách:"]
    items = []
    for c in rows:
        where = localities.get(c.locality_id or -1, "")
        lines.append(f"• {c.name}" + (f" ({where})" if where else "") + f": {', '.join(c.owners)}")
        items.append(AnswerItem(kind="criterion", summary=c.name, quote=c.evidence, source={}, units=c.owners,
                                criterion=c.name, section_id=c.section_id, locality=where or None))
    lines.append("Hỏi chi tiết: /tieuchi <tên lĩnh vực>, ví dụ /tieuchi tài chính công")
    return Answer("/tieuchi", "criterion_owner", "\n".join(lines), items)


__all__ = ["CriterionView", "criterion_candidates", "load_criteria", "overview", "Any"]

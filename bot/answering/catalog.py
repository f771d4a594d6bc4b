"""An in-memory view of every stored task, loaded once, for fast matching of questions to duties."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot import records
from bot.answering.questions import expand_folded, folded_words
from corpus import models as m
from corpus.deadlines import Recurrence
from corpus.units import unit_key


DOC_WEIGHT = 0.7  # a question word found only in the letter's subject counts this much


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    kind: str
    is_group: bool
    members: tuple[str, ...]
    role: str


@dataclass
class TaskView:
    """One task with everything an answer needs, detached from the database session."""

    id: int
    document_id: int
    locality_id: int | None
    locality: str | None
    words: list[str]
    doc_words: set[str]
    doc_text: str  # the letter's kind and subject, folded
    doers: list[UnitRef]
    partners: list[UnitRef]
    deadline: dict | None
    date: dt.date | None
    recurrence: Recurrence | None
    issued: dt.date | None
    what: str
    quote: str
    submit_to: str | None
    section_path: str
    section_id: int | None
    ord: int
    source: dict
    json: dict = field(default_factory=dict)

    @property
    def past_at_issue(self) -> bool:
        """The deadline had already passed when the letter was written (a reminder of an old duty)."""
        return bool(self.date and self.issued and self.date < self.issued)

    def due_on_or_after(self, day: dt.date) -> dt.date | None:
        """The next due date from `day` (the next occurrence for a recurring duty)."""
        if self.recurrence:
            return self.recurrence.first_on_or_after(day)
        return self.date


def _bigrams(words: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


@dataclass
class TaskCatalog:
    """All tasks, with document frequencies of their words for weighting."""

    tasks: list[TaskView]
    df: Counter[str]
    bigram_sets: dict[int, set[str]]
    word_sets: dict[int, set[str]]
    corpus_df: Counter[str] = field(default_factory=Counter)  # in how many sections each word stands
    doc_texts: list[str] = field(default_factory=list)  # every directive's text, folded (names of units in it)
    unit_names: list[tuple[str, str, str, bool, tuple[str, ...]]] = field(default_factory=list)
    owners: dict[int, list[int]] = field(default_factory=dict)  # task id → units that may mark it done

    @classmethod
    def load(cls, session: Session) -> TaskCatalog:
        q = select(m.Task).options(selectinload(m.Task.units).selectinload(m.TaskUnit.unit),
                                   selectinload(m.Task.document).selectinload(m.Document.locality))
        views = [_view(t) for t in session.scalars(q)]
        df: Counter[str] = Counter()
        for v in views:
            df.update(set(v.words) | v.doc_words)
        corpus_df: Counter[str] = Counter()
        for text in session.scalars(select(m.Section.text)):
            corpus_df.update(set(task_words(text)))
        docs = [" ".join(task_words(t)) for t in session.scalars(select(m.Document.text))]
        units = sorted({(unit_key(u.name), u.name, u.kind, u.is_group, tuple(u.member_kinds or ()))
                        for u in session.scalars(select(m.Unit))}, key=lambda u: -len(u[0]))
        from bot.reminders.targets import UnitDirectory

        directory = UnitDirectory.load(session)
        owners = {v.id: sorted({d.id for d in v.doers} | set(directory.expand(d.id for d in v.doers)[0]))
                  for v in views}
        return cls(views, df, {v.id: _bigrams(v.words) for v in views}, {v.id: set(v.words) for v in views},
                   corpus_df, docs, units, owners)

    def names_unit(self, name: str) -> bool:
        """The unit's name (or its key) stands in some stored directive."""
        forms = (f" {unit_key(name)} ", f" {' '.join(task_words(name))} ")
        return any(form in f" {d} " for d in self.doc_texts for form in forms)

    def mostly_unknown(self, terms: list[str]) -> bool:
        """More than half of the question's words stand nowhere in the corpus: it asks about something else."""
        words = [t for t in terms if not t.isdigit()]
        unknown = [t for t in words if not self.corpus_df.get(t) and not self.df.get(t)]
        return bool(words) and len(unknown) * 2 > len(words)

    def rarest(self, terms: list[str]) -> str | None:
        """The question word that the fewest sections of the corpus hold (None when it knows none of them)."""
        known = [t for t in terms if self.corpus_df.get(t) and not t.isdigit()]
        return min(known, key=lambda t: (self.corpus_df[t], self.df.get(t, 0))) if known else None

    def idf(self, word: str) -> float:
        """Rarer words weigh more; a word no task contains weighs like a common one (it cannot tell tasks apart)."""
        n = len(self.tasks) or 1
        df = self.df.get(word, 0)
        return math.log(1 + n / (1 + (df or n / 4)))

    def lexical(self, terms: list[str], task: TaskView) -> tuple[float, float]:
        """(score, coverage): weighted share of the question's words and word pairs found in the task."""
        if not terms:
            return 0.0, 0.0
        words = self.word_sets[task.id]
        total = sum(self.idf(t) for t in terms)
        hit = sum(self.idf(t) for t in terms if t in words)
        doc_hit = sum(DOC_WEIGHT * self.idf(t) for t in terms if t not in words and t in task.doc_words)
        pairs = _bigrams(terms)
        pair_hit = sum(1 for p in pairs if p in self.bigram_sets[task.id])
        coverage = (hit + doc_hit) / total if total else 0.0
        score = coverage + 0.15 * pair_hit / max(1, len(pairs)) ** 0.5
        if not self.has_rarest(terms, words | task.doc_words):
            coverage = min(coverage, 0.49)
        return score, coverage

    def has_rarest(self, terms: list[str], words: set[str]) -> bool:
        """The rarest question word that the corpus knows must be there: it is what the question is about."""
        rarest = self.rarest(terms)
        return rarest is None or rarest in words


def task_words(text: str) -> list[str]:
    """The matching words of a task text: folded, abbreviations written out."""
    return expand_folded(folded_words(text)).split()


def _view(t: m.Task) -> TaskView:
    doc = t.document
    refs = [UnitRef(tu.unit.id, tu.unit.name, tu.unit.kind, tu.unit.is_group, tuple(tu.unit.member_kinds or ()),
                    tu.role) for tu in t.units]
    doers = [r for r, tu in zip(refs, t.units) if not tu.partner]
    partners = [r for r, tu in zip(refs, t.units) if tu.partner]
    text = " ".join([t.quote, t.submit_to or "", " ".join(r.name for r in doers)])
    rec = t.recurrence
    issued = None
    if doc.issued_year:
        issued = dt.date(doc.issued_year, doc.issued_month or 1, doc.issued_day or 1)
    return TaskView(
        id=t.id, document_id=doc.id, locality_id=doc.locality_id, locality=records.locality_label(doc),
        words=task_words(text), doc_words=set(task_words(f"{doc.kind or ''} {doc.subject or ''}")),
        doc_text=" ".join(task_words(f"{doc.kind or ''} {doc.subject or ''}")),
        doers=doers, partners=partners, deadline=records.deadline_json(t), date=t.deadline_date,
        recurrence=Recurrence(rec["freq"], rec.get("day"), rec.get("month"), "") if rec else None,
        issued=issued, what=t.what, quote=t.quote, submit_to=t.submit_to, section_path=t.section_path,
        section_id=t.section_id, ord=t.ord, source=records.source_json(t), json=records.task_json(t),
    )


def covers_unit(task: TaskView, unit_ids: set[int], kinds: set[str], locality_id: int | None) -> int:
    """2 when the task names the unit itself, 1 when a group it belongs to, 0 otherwise."""
    if any(d.id in unit_ids for d in task.doers):
        return 2
    if kinds and any(d.is_group and kinds & set(d.members) for d in task.doers):
        return 1 if locality_id is None or task.locality_id == locality_id else 0
    return 0


def mentions_quarter(task: TaskView, quarter: int) -> bool:
    """The task or its letter speaks of that quarter ('quý III', 'quý 3'), or recurs every quarter."""
    roman = {1: "i", 2: "ii", 3: "iii", 4: "iv"}[quarter]
    if task.recurrence and task.recurrence.freq in {"quarterly", "monthly"}:
        return True
    pattern = rf"\bquy ({roman}|{quarter})\b"
    return bool(re.search(pattern, " ".join(task.words)) or re.search(pattern, task.doc_text))


def mentions_year(task: TaskView, year: int) -> bool:
    """The task is about that year: due in it, recurring through it, or its text or its letter's subject names it."""
    if task.date and task.date.year == year:
        return True
    if task.recurrence and task.issued and task.issued.year <= year <= task.issued.year + 1:
        return True
    y = str(year)
    return y in task.words or y in task.doc_words or bool(re.search(rf"\b{y}\b", task.quote))

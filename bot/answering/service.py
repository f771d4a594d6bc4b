"""The answer service: one question in, one Answer out — for the bot, the console chat and the CLI.

Every question takes one path: read the question (frame.py) → retrieve and re-rank passages
(retrieval.py) → run the readers on the chosen passages (readers.py) → shape the reply by intent. The
intent chooses the reader and the shape; it never hides an answer. One refusal rule: each passage must cover
the question (retrieval.MIN_COVERAGE) and the best of them hold it as the question means it (MIN_STRICT).
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.answering import render
from bot.answering.catalog import TaskCatalog, TaskView, covers_unit
from bot.answering.criteria import CriterionView, criterion_candidates, load_criteria, overview
from bot.answering.frame import Frame, question_units, read_question
from bot.answering.model import Answer, AnswerItem
from bot.answering.readers import (
    Question,
    Reading,
    Units,
    find_orgs,
    org_mentions,
    read_deadlines,
    read_units,
    states_own_effect,
)
from bot.answering.retrieval import (
    MIN_COVERAGE,
    PLACE_MATCH,
    Candidate,
    DocInfo,
    asks_who,
    covers,
    docs_of_places,
    load_docs,
    means_it,
    other_period,
    retrieve,
)
from corpus import models as m
from corpus.errors import UserError
from corpus.layout import is_caps
from corpus.lexicon import FILLERS, folded_tokens, token_pairs
from corpus.passage_units import person_doers, role_subject
from corpus.passages import Passage, split_passages
from corpus.text import key as _plain_key

if TYPE_CHECKING:
    from bot.services import Services

key = lru_cache(maxsize=50000)(_plain_key)  # the same passages and unit names come back question after question

TOP_READ = 30
MAX_SIBLINGS = 8
FOLLOW_UP_WORDS = 30
MAX_SIBLING_CHARS = 1500  # candidates the readers look at
ANSWERS = 3
DATE_FIT = 0.3  # a passage with a deadline the reader can resolve, for a deadline question
NO_DATE = -0.35
WINDOW_FIT = 0.3
ANCHOR_FIT = 0.3
SPECIAL_CASE = 0.1  # a special case the question does not state ("Đối với kiến nghị phức tạp thì …")
PAST_FIT = 0.3
UNIT_DOER = 0.35  # the unit the question names does what the passage says
UNIT_NAMED = 0.12
HAS_DOER = 0.15
NAMED_ONLY = 0.1
OTHER_PERIOD = 0.01  # a who-question answered only by the units the question itself names
# Words that name no particular duty ("có hạn nộp gì không"): a window question made of them lists the window.
_GENERIC_DUTY = frozenset("nop gui bao cao hoan thanh viec nhiem vu can lam phai".split())
_HELP = re.compile(r"^\s*(/?help|/?start|trợ giúp|tro giup|xin chào|xin chao|chào|chao|hello|hi|bạn là ai|"
                   r"ban la ai|bạn làm được gì|ban lam duoc gi|cách hỏi|cach hoi)\s*[?.!]*\s*$", re.IGNORECASE)


@dataclass
class Context:
    """What answering reads: the index, the directives and tasks (loaded once per corpus), the unit registry."""

    index: Any
    docs: dict[int, DocInfo]
    catalog: TaskCatalog
    registry: Any
    tasks_by_section: dict[int, list[tuple[str, TaskView]]]  # section id → (key of the quote, task)
    sessions: Any = None
    criteria: list[CriterionView] = field(default_factory=list)
    localities: dict[int, str] = field(default_factory=dict)
    _passages: dict[int, list[Passage]] = field(default_factory=dict)
    _effect: dict[int, list[str]] = field(default_factory=dict)

    def effect_clauses(self, doc_ids: list[int]) -> list[Any]:
        """The passages in which these directives say when they themselves take effect ('Quyết định này có
        hiệu lực …'): a fact of the document, found whatever words the question uses."""
        ids: list[str] = []
        for d in doc_ids:
            if d not in self._effect:
                self._effect[d] = [f"p:{d}:{p.ord}" for p in self.passages(d) if states_own_effect(p.text)]
            ids += self._effect[d]
        return self.index.records(ids) if ids else []

    def passages(self, doc_id: int) -> list[Passage]:
        """Every passage of a directive (for the list a sentence introduces, or a unit's other duties)."""
        if doc_id not in self._passages:
            with self.sessions() as s:
                secs = list(s.scalars(select(m.Section).where(m.Section.document_id == doc_id)
                                      .order_by(m.Section.ord)))
                self._passages[doc_id] = split_passages(secs)
        return self._passages[doc_id]


class AnswerService:
    """Answers questions from the passages of the stored directives, enriched by the tasks read at ingest."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.registry = services.knowledge.registry
        self.tz = ZoneInfo(services.settings.timezone)
        self._lock = threading.Lock()
        self._ctx: Context | None = None

    # -- data -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget the cached directives and tasks (call after an ingest)."""
        with self._lock:
            self._ctx = None

    def context(self) -> Context:
        with self._lock:
            if self._ctx is None:
                index = self.services.index
                with self.services.sessions() as s:
                    catalog = TaskCatalog.load(s)
                    docs = load_docs(s)
                    criteria = load_criteria(s)
                    localities = {loc.id: loc.label() for loc in s.scalars(select(m.Locality))}
                by_section: dict[int, list[tuple[str, TaskView]]] = {}
                for t in catalog.tasks:
                    if t.section_id is not None:
                        by_section.setdefault(t.section_id, []).append((key(t.quote), t))
                self._ctx = Context(index, docs, catalog, self.registry, by_section, self.services.sessions,
                                    criteria, localities)
            return self._ctx

    @property
    def catalog(self) -> TaskCatalog:
        return self.context().catalog

    def today(self) -> dt.date:
        return dt.datetime.now(self.tz).date()

    def locality_label(self, locality_id: int | None) -> str | None:
        if locality_id is None:
            return None
        return self.context().localities.get(locality_id)

    # -- entry points -----------------------------------------------------------------------------------
    def ask(self, question: str, *, today: dt.date | None = None, unit_id: int | None = None) -> Answer:
        """Answer one question; a UserError for empty or oversized input."""
        check_question(question, self.services.settings.max_message_chars)
        today = today or self.today()
        if _HELP.match(question):
            return finish(Answer(question, "help", render.HELP))
        frame = read_question(question, today)
        ctx = self.context()
        asker = self._asker(unit_id)
        if frame.window is not None and len([t for t in frame.terms if t not in _GENERIC_DUTY]) == 0:
            return finish(self._by_window(frame, asker, ctx))
        return finish(self._answer(frame, ctx, asker))

    def search(self, query: str) -> Answer:
        """Plain search: the passages of the directives that best match the words."""
        check_question(query, self.services.settings.max_message_chars)
        frame = read_question(query, self.today())
        frame.intent = "search"
        return finish(self._answer(frame, self.context(), None))

    def criteria(self, name: str | None = None, *, unit_id: int | None = None) -> Answer:
        """Who owns a criterion or task (by name), or the CCHC fields and their owners of the asker's locality."""
        if name:
            frame = read_question(name, self.today())
            frame.intent = "criterion_owner"
            frame.asks.add("unit")
            return finish(self._answer(frame, self.context(), self._asker(unit_id)))
        asker = self._asker(unit_id)
        ctx = self.context()
        return finish(overview(ctx.criteria, ctx.localities, asker.locality_id if asker is not None else None))

    def upcoming(self, unit_id: int | None, *, today: dt.date | None = None, window: str | None = None) -> Answer:
        """Deadlines of a unit in a window ('tuần này', 'tháng này', …; the next 30 days by default)."""
        today = today or self.today()
        frame = read_question(f"có hạn gì {window or 'sắp tới'}", today)
        if frame.window is None:
            frame = read_question("có hạn gì sắp tới", today)
        frame.raw = f"/han {window or ''}".strip()
        return finish(self._by_window(frame, self._asker(unit_id), self.context()))

    # -- the one path -----------------------------------------------------------------------------------
    def _answer(self, frame: Frame, ctx: Context, asker: m.Unit | None) -> Answer:
        named_units = self._named_units(frame, asker)
        unit_terms = frozenset(w for n in named_units for w in folded_tokens(n))
        phrases = tuple(tuple(folded_tokens(n)) for n in named_units)
        if frame.intent in ("responsibility", "criterion_owner"):
            for n in named_units:
                for acc, w in token_pairs(n):
                    if w not in frame.terms:
                        frame.accents += [""] * (len(frame.terms) - len(frame.accents))
                        frame.terms.append(w)
                        frame.accents.append(acc if acc != w else "")
        facts = ctx.effect_clauses if "effective" in frame.asks else None
        mentions = tuple((n, w) for n, w in org_mentions(frame.text) if question_units(frame.text, [n]))
        cands, idf = retrieve(ctx.index, ctx.docs, frame, unit_terms, mentions, phrases, facts)
        if "unit" in frame.asks or frame.intent in ("criterion_owner", "responsibility"):
            cands = sorted(cands + criterion_candidates(ctx.criteria, ctx.docs, frame, idf, ctx.index),
                           key=lambda c: -c.score)
        home = ctx.localities.get(asker.locality_id) if asker is not None and asker.locality_id is not None else None
        if home and not docs_of_places(ctx.docs, frame):
            # the asker's own locality stands for a place the question does not name
            for c in cands:
                if c.doc.locality == home:
                    c.score += PLACE_MATCH
            cands.sort(key=lambda c: -c.score)
        if not cands:
            return Answer(frame.raw, frame.intent, render.NOT_FOUND, [], coverage=0.0)
        q = Question(frame.today, frame.anchor, frame.anchor_time, "start" in frame.asks,
                     (frame.window.start, frame.window.end) if frame.window else None, frame.words)
        top = [c for c in cands[:TOP_READ] if covers(c) or c.score >= cands[0].score - 0.25]
        top += [c for c in cands[TOP_READ:] if c.notes.get("fact") and covers(c)]
        for c in top:
            self._read(c, q, ctx, frame, named_units)
        top.sort(key=lambda c: -c.score)
        best = max((c.coverage for c in top), default=0.0)
        top = [c for c in top if covers(c)]  # the one refusal rule, once the readers have looked
        if not top or not means_it(top):
            return Answer(frame.raw, frame.intent, render.NOT_FOUND, [], coverage=best)
        if frame.intent == "deadline":
            dated = [c for c in top if c.cache["reading"] is not None]
            first = dated[:1] or top[:1]
            ordered = first + [c for c in top if c not in first]
        else:
            ordered = top
        chosen = _distinct(ordered)
        if frame.intent == "responsibility":
            chosen = _across_documents(chosen)
        chosen = chosen[:ANSWERS]
        items = [self._item(c, frame) for c in chosen]
        more = [self._siblings(c, frame, ctx) for c in chosen]
        return Answer(frame.raw, frame.intent, self._render(frame, items, more), items, coverage=best)

    def _siblings(self, c: Candidate, frame: Frame, ctx: Context) -> list[str]:
        """The list a passage introduces ('… như sau:'), or, for what a unit must do, the other duties under
        the same heading or lead."""
        ord_ = c.extra.get("ord")
        if ord_ is None or ord_ < 0:
            return []
        doc = ctx.passages(c.doc.id)
        if ord_ >= len(doc):
            return []
        me = doc[ord_]
        out: list[str] = []
        if me.text.rstrip().endswith(":"):
            out = [p.text for p in doc[ord_ + 1:ord_ + 1 + MAX_SIBLINGS] if p.lead and p.lead.endswith(me.text)]
        if not out and me.kind == "sentence" and (me.text.rstrip().endswith(":") or is_caps(me.text)):
            # a caption ("DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ", "… gồm:"): the table rows under it
            for p in doc[ord_ + 1:ord_ + 1 + MAX_SIBLINGS]:
                if p.kind == "row":
                    out.append(_quote_of(p))
                elif p.kind == "sentence" and is_caps(p.text) and not out:
                    continue  # a sub-caption ("LĨNH VỰC: CHỨNG THỰC (01 TTHC)")
                else:
                    break
        elif frame.intent == "responsibility" or (me.lead and me.kind == "item"):
            # what a unit must do, or one item of a list: the other items of the same list
            same = [p for p in doc if p.headings == me.headings and p.lead == me.lead and p.ord != me.ord
                    and p.kind == me.kind]
            out = [p.text for p in same[:MAX_SIBLINGS]]
        if not out and ord_ + 1 < len(doc):
            nxt = doc[ord_ + 1]
            if nxt.kind == "sentence" and nxt.section_path == me.section_path and nxt.headings == me.headings \
                    and len(nxt.text.split()) <= FOLLOW_UP_WORDS:
                out = [nxt.text]  # a short sentence that goes on ("Sau thời hạn nêu trên …", "Thời gian niêm yết …")
        total, kept = 0, []
        for t in out:
            total += len(t)
            if total > MAX_SIBLING_CHARS:
                break
            kept.append(t)
        return kept

    def _read(self, c: Candidate, q: Question, ctx: Context, frame: Frame, named_units: list[str]) -> None:
        """Run the readers on a candidate and adjust its score by how well it answers the kind of question."""
        if c.kind == "criterion":
            c.cache.update(reading=None, units=Units(doers=list(c.extra.get("owners", []))), task=None)
            return
        text = c.text
        extra = c.extra
        readings = read_deadlines(text, c.doc.issued, q)
        cells = extra.get("cells") or []
        for i, col in enumerate(extra.get("columns") or []):
            if i < len(cells) and cells[i] and re.search(r"(?i)thời gian|thời hạn|tiến độ|hoàn thành|hạn", col):
                readings += read_deadlines(f"Thời hạn: {cells[i]}", c.doc.issued, q)
        task = self._task_of(c, ctx)
        if not readings and task is not None and task.date:
            readings = [Reading(task.due_on_or_after(q.today) if task.recurrence else task.date, None,
                                (task.deadline or {}).get("qualifier") or "", (task.deadline or {}).get("precision")
                                or "day", task.quote, 0)]
        reading = _best_reading(readings, c, frame)
        units = read_units(text, extra, ctx.registry)
        if c.kind == "row" and (people := person_doers(extra)):
            units.doers = people + [u for u in units.doers if u not in people]
        elif c.kind != "row" and (person := role_subject(text)):
            units.doers = [person] + [u for u in units.doers if u != person]
        if task is not None and task.doers:
            resolved = [d.name for d in task.doers]
            units.doers = resolved + [u for u in units.doers if u not in resolved and u != "Các cơ quan, đơn vị"]
            units.submit_to = units.submit_to or task.submit_to
        c.cache.update(reading=reading, units=units, task=task)
        if other_period(frame, c):
            c.coverage = min(c.coverage, MIN_COVERAGE - OTHER_PERIOD)  # it answers for another period: refused
        if _special_case_not_asked(text, frame):
            c.score -= SPECIAL_CASE
        if frame.intent == "deadline":
            if reading is not None and reading.date is not None and frame.year and reading.rule != "định kỳ" \
                    and abs(reading.date.year - frame.year) > 1:
                # the question's year is not the deadline's: the year it names is not what this passage says
                c.coverage -= c.notes.get("year_share", 0.0)
                reading = None
                c.cache["reading"] = None
            if reading is not None and reading.date is not None:
                c.score += DATE_FIT if reading.precision == "day" else DATE_FIT / 2
                issued = c.doc.issued.earliest() if c.doc.issued.year else None
                if issued and reading.date < issued and reading.rule != "hiệu lực":
                    c.score += PAST_FIT if frame.past else -PAST_FIT  # a deadline already gone when it was written
                if "effective" in frame.asks and reading.rule == "hiệu lực":
                    c.score += DATE_FIT if reading.own == frame.about_document else DATE_FIT / 3
                if reading.anchored:
                    c.score += ANCHOR_FIT  # the rule counts from the event the question dates
                if reading.span and "range" in frame.asks:
                    c.score += ANCHOR_FIT / 2  # a range for "từ ngày nào đến ngày nào"
                if q.window and q.window[0] <= reading.date <= q.window[1]:
                    c.score += WINDOW_FIT
                elif re.search(r"\bcon\b", frame.folded) and reading.date >= frame.today:
                    c.score += 0.05
            else:
                c.score += NO_DATE
        keys = [key(n) for n in named_units]
        if keys and not asks_who(frame):
            fit = self._unit_fit(keys, units.doers)
            if fit:
                c.score += fit * (UNIT_DOER if frame.intent == "responsibility" else UNIT_DOER / 2)
            elif any(n in key(text + " " + c.context_text) for n in keys):
                c.score += UNIT_NAMED
        if "unit" in frame.asks:
            # "lãnh đạo phòng hay chuyên viên?": the units the question offers are the answer to choose from
            c.score += who_fit([] if _CHOICE.search(frame.folded) else keys, units.doers)

    def _unit_fit(self, named: list[str], doers: list[str]) -> float:
        """1 when a doer is the named unit, 0.5 when it is a group the unit belongs to ('các cơ quan chuyên
        môn' for 'Văn phòng HĐND và UBND huyện'), else 0."""
        keys = [key(u) for u in doers]
        if any(n in k or k in n for n in named for k in keys):
            return 1.0
        kinds = {t.kind for n in named if (t := self.registry.resolve(n)) is not None and not t.is_group}
        for d in doers:
            t = self.registry.resolve(d)
            if t is not None and t.is_group and kinds & set(t.members):
                return 0.5
        return 0.0

    def _task_of(self, c: Candidate, ctx: Context) -> TaskView | None:
        sid = c.hit.section_id
        if sid is None:
            return None
        tasks = ctx.tasks_by_section.get(sid)
        if not tasks:
            return None
        text = key(c.text)
        for quote, t in tasks:
            if text and (text in quote or quote in text):
                return t
        return None

    def _question_units(self, frame: Frame) -> list[str]:
        """The units the question itself names, as written out."""
        return question_units(frame.text, find_orgs(frame.text, self.registry))

    def _named_units(self, frame: Frame, asker: m.Unit | None) -> list[str]:
        """The units the question names (written out); the asker's own unit when it says so ('phòng mình')
        or asks what to do, or when to do it, without naming another."""
        names = question_units(frame.text, find_orgs(frame.text, self.registry))
        if asker is not None and (frame.own or (not names and frame.intent in ("responsibility", "deadline"))):
            names.append(asker.name)
        return [n for n in names if len(key(n)) > 3]

    def _item(self, c: Candidate, frame: Frame) -> AnswerItem:
        reading: Reading | None = c.cache.get("reading")
        units: Units = c.cache.get("units") or Units()
        task: TaskView | None = c.cache.get("task")
        quote = _quote(c)
        kind = "task" if (reading is not None or units.doers) and c.kind != "header" else "passage"
        if frame.intent == "criterion_owner" or c.kind == "criterion":
            kind = "criterion"
        return AnswerItem(
            kind=kind, summary=c.extra.get("criterion") or _summary(c), quote=quote,
            source=c.doc.source(c.hit.path or None),
            deadline=reading.to_json() if reading is not None and reading.date else None,
            units=units.doers, submit_to=units.submit_to,
            criterion=(c.extra.get("criterion") or _summary(c)) if kind == "criterion" else None,
            task_id=task.id if task else None, section_id=c.hit.section_id, locality=c.doc.locality,
            past=bool(reading and reading.date and reading.date < frame.today),
            owning_unit_ids=[d.id for d in task.doers] if task else [],
        )

    def _render(self, frame: Frame, items: list[AnswerItem], more: list[list[str]]) -> str:
        """Each answer: its deadline, units and where to send, the quote (with the list it introduces) and
        the source."""
        intro = {"deadline": "Hạn theo văn bản:", "responsibility": "Nhiệm vụ theo văn bản:",
                 "criterion_owner": "Đơn vị phụ trách theo văn bản:"}.get(frame.intent, "Các đoạn liên quan:")
        lines = [intro]
        for i, it in enumerate(items, 1):
            block: list[str] = []
            due = render.deadline_line(it, frame.today)
            if due:
                block.append(due)
            if it.units:
                block.append("Đơn vị: " + "; ".join(it.units))
            if it.submit_to:
                block.append(f"Gửi về: {it.submit_to}")
            if it.kind == "criterion" and it.criterion:
                block.insert(0, f"«{it.criterion}»" + (f" ({it.locality})" if it.locality else "") + ":")
                block.append(f"Căn cứ: «{it.quote}»" if it.quote else
                             "Căn cứ: theo chức năng của đơn vị (văn bản không giao cụ thể).")
            else:
                block.append(f"Trích: «{it.quote}»")
            block.extend(f"   – {t}" for t in (more[i - 1] if i - 1 < len(more) else []))
            block.append(render.source_line(it))
            lines.append("")
            lines.append(f"{i}. {block[0]}")
            lines.extend(block[1:])
        return "\n".join(lines)

    # -- windows and the asker ----------------------------------------------------------------------------
    def _asker(self, unit_id: int | None) -> m.Unit | None:
        if unit_id is None:
            return None
        with self.services.sessions() as s:
            asker = s.get(m.Unit, unit_id)
            if asker is not None:
                s.expunge(asker)
            return asker

    def _by_window(self, frame: Frame, asker: m.Unit | None, ctx: Context) -> Answer:
        """'Tuần tới có hạn gì?': the stored duties due in the window (the asker's own when a group asks)."""
        cands = [t for t in ctx.catalog.tasks if t.deadline]
        if asker is not None:
            kinds = set(asker.member_kinds or ()) if asker.is_group else {asker.kind}
            mine = [t for t in cands if covers_unit(t, {asker.id}, kinds, asker.locality_id)]
            cands = mine
        w = frame.window
        if w is None:
            return Answer(frame.raw, "deadline", render.NOT_FOUND, [])
        hits = [(d, t) for t in cands if (d := t.due_on_or_after(w.start)) and w.start <= d <= w.end]
        hits.sort(key=lambda dt_: (dt_[0], dt_[1].ord))
        items = [deadline_item(t, frame.today, due=d) for d, t in hits]
        if not items:
            return Answer(frame.raw, "deadline", f"Không có hạn nào trong {w.label} theo các văn bản đã có.", [])
        intro = f"Các hạn trong {w.label} ({w.start:%d/%m/%Y} – {w.end:%d/%m/%Y}):"
        return Answer(frame.raw, "deadline", render.render_tasks(intro, items, frame.today), items)

    def item(self, t: TaskView, today: dt.date, *, due: dt.date | None = None) -> AnswerItem:
        return deadline_item(t, today, due=due, owners=self.catalog.owners.get(t.id))


_CONDITION = re.compile(r"^(?:[-–+•]\s*)?(?:Đối với|Trường hợp|Trong trường hợp|Nếu|Riêng)\s+(.{3,200}?)(?:\s+thì\b|,)",
                        re.IGNORECASE)


def _special_case_not_asked(text: str, frame: Frame) -> bool:
    """A passage that states a special case ('Đối với kiến nghị có nội dung phức tạp … thì …', 'Trường hợp
    X thì …') answers a question that states the case; one that does not asks the general rule."""
    m = _CONDITION.match(text)
    if m is None:
        return False
    words = [w for w in folded_tokens(m.group(1)) if w not in FILLERS and len(w) > 1]
    if not words:
        return False
    return sum(1 for w in words if w in frame.words) / len(words) < 0.5


_CHOICE = re.compile(r"\b(?:hay|hoac)\s+(?:la\s+)?(?:\w+\s*){1,5}\??\s*$")  # "… lãnh đạo phòng hay chuyên viên?"


def who_fit(named: list[str], doers: list[str]) -> float:
    """For 'ai / cơ quan nào …': a passage whose doer the question does not already name answers it; one whose
    only doers are the units the question names (the deciding authority, the recipient, the place or the thing
    recognised) does not. `named`: comparison keys of the named units."""
    other = [u for u in doers if not any(n in key(u) or key(u) in n for n in named)]
    if other:
        return HAS_DOER
    return -NAMED_ONLY if doers else 0.0


def _best_reading(readings: list[Reading], c: Candidate, frame: Frame) -> Reading | None:
    """The deadline the question asks about among those of a passage: in the window, after today when the
    question counts days left, else the one whose surroundings share most words with the question."""
    usable = [r for r in readings if r.date is not None]
    if not usable:
        return None
    if frame.window:
        window = frame.window
        inside = [r for r in usable if r.date is not None and window.start <= r.date <= window.end]
        usable = inside or usable
    if "effective" in frame.asks:
        eff = [r for r in usable if r.rule == "hiệu lực"]
        own = [r for r in eff if r.own == frame.about_document]
        usable = own or eff or usable
    elif len(usable) > 1:
        non_eff = [r for r in usable if r.rule != "hiệu lực"]
        usable = non_eff or usable
    if len(usable) == 1:
        return usable[0]
    terms = set(frame.terms)
    text = c.text

    def near(r: Reading) -> float:
        window = text[max(0, r.start - 160): r.start + len(r.raw) + 40]
        return len(terms & set(folded_tokens(window)))

    return max(usable, key=lambda r: (near(r), -r.start))


def _across_documents(cands: list[Candidate], margin: float = 0.3) -> list[Candidate]:
    """What a unit must do in each directive: the best passage of each document that scores within `margin`
    of the best one comes before a second passage of the same document."""
    if not cands:
        return cands
    def plain(c: Candidate) -> float:  # the unit's own section orders a directive's passages, not directives
        return c.score - c.notes.get("own_section", 0.0)

    top = max(plain(c) for c in cands)
    firsts: list[Candidate] = []
    seen: set[int] = set()
    for c in cands:
        if c.doc.id not in seen and plain(c) >= top - margin:
            seen.add(c.doc.id)
            firsts.append(c)
    return firsts + [c for c in cands if c not in firsts]


def _distinct(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[str] = set()
    for c in cands:
        k = key(c.text)
        if k in seen or any(k in s or s in k for s in seen if len(k) > 40 and len(s) > 40):
            continue
        seen.add(k)
        out.append(c)
    return out


def _quote_of(p: Passage) -> str:
    """A table row as quoted: its cells with their column names."""
    pairs = [f"{col}: {cell}" for col, cell in zip(p.columns, p.cells, strict=False) if cell and col]
    return "; ".join(pairs) if pairs else p.text


def _quote(c: Candidate) -> str:
    """The passage as quoted: a row with its column names; an item with the sentence that introduces it."""
    e = c.extra
    if e.get("columns") and e.get("cells"):
        pairs = [f"{col}: {cell}" for col, cell in zip(e["columns"], e["cells"], strict=False) if cell and col]
        if pairs:
            return "; ".join(pairs)
    if e.get("lead") and c.kind == "item":
        return f"{e['lead']} … {c.text}"
    return c.text


def _summary(c: Candidate) -> str:
    e = c.extra
    if e.get("cells"):
        cells = [x for x in e["cells"] if x]
        longest = max(cells, key=len) if cells else c.text
        return longest[:180]
    text = c.text
    return text if len(text) <= 180 else text[:180].rsplit(" ", 1)[0] + "…"


def deadline_item(t: TaskView, today: dt.date, *, due: dt.date | None = None,
                  owners: list[int] | None = None) -> AnswerItem:
    """A task as an answer, its deadline the given occurrence (or the next one for a recurring duty)."""
    deadline = dict(t.deadline or {})
    date = due or (t.due_on_or_after(today) if t.recurrence else t.date)
    if date:
        deadline["date"] = date.isoformat()
    return AnswerItem(kind="task", summary=t.what, quote=t.quote, source=t.source, deadline=deadline or None,
                      units=[d.name for d in t.doers], submit_to=t.submit_to, task_id=t.id,
                      section_id=t.section_id, locality=t.locality, past=bool(date and date < today),
                      owning_unit_ids=owners if owners is not None else [d.id for d in t.doers])


def check_question(text: str, limit: int) -> None:
    """Refuse an empty or oversized question with a Vietnamese message."""
    if not text or not text.strip():
        raise UserError("Câu hỏi đang trống. Hãy gõ câu hỏi, ví dụ: «Hạn nộp kế hoạch CCHC năm 2025?»")
    if len(text) > limit:
        raise UserError(f"Câu hỏi quá dài ({len(text):,} ký tự; tối đa {limit:,}). "
                        "Hãy hỏi ngắn gọn một việc, một đơn vị hoặc một hạn.".replace(",", "."))


def finish(answer: Answer) -> Answer:
    answer.html = render.to_html(answer)
    return answer


__all__ = ["AnswerService", "check_question", "deadline_item", "finish"]

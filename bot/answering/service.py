"""The answer service: one question in, one Answer out — for the bot, the console chat and the CLI."""
from __future__ import annotations

import datetime as dt
import re
import threading
from functools import lru_cache
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.answering import render
from bot.answering.catalog import TaskCatalog, TaskView, covers_unit, mentions_quarter, mentions_year
from bot.answering.duties import CriterionAnswers, DutyAnswers
from bot.answering.model import Answer, AnswerItem
from bot.answering.passages import search_passages
from bot.answering.questions import Question, classify, content_terms, parse_question
from corpus import models as m
from corpus.criteria import CriterionDef, match_criterion, text_key
from corpus.errors import UserError
from corpus.text import UPPER as U
from corpus.text import fold
from corpus.units import unit_key

# The words that make a question about a deadline, removed as phrases (their syllables can mean other things).
_CUES = re.compile(r"\b(han chot|het han|den han|qua han|thoi han|han nop|han gui|han bao cao|han|khi nao|bao gio|"
                   r"ngay nao|ngay may|truoc ngay|cham nhat|muon nhat|may gio|luc nao|bao lau|deadline|tuan toi|"
                   r"tuan nay|tuan sau|sap toi|thang nay|thang toi|thang sau|hom nay|ngay mai|la ngay|truoc)\b")
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class LocalityInfo:
    id: int
    label: str
    names: tuple[str, ...]  # folded district and province names


@dataclass
class Scope:
    """What the question (or the asker's unit) narrows the answer to."""

    locality_ids: set[int]
    unit_names: set[str]
    unit_kinds: set[str]
    asker_unit: m.Unit | None
    unit_labels: list[str] = field(default_factory=list)


class AnswerService:
    """Answers questions from the tasks, criteria and sections in the database."""

    def __init__(self, services) -> None:  # type: ignore[no-untyped-def]
        self.services = services
        self.registry = services.knowledge.registry
        self.tz = ZoneInfo(services.settings.timezone)
        self._lock = threading.Lock()
        self._catalog: TaskCatalog | None = None
        self._localities: list[LocalityInfo] = []

    # -- data -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Forget the cached tasks (call after an ingest)."""
        with self._lock:
            self._catalog = None

    @property
    def catalog(self) -> TaskCatalog:
        with self._lock:
            if self._catalog is None:
                with self.services.sessions() as s:
                    self._catalog = TaskCatalog.load(s)
                    self._localities = [LocalityInfo(loc.id, loc.label(), _names(loc))
                                        for loc in s.scalars(select(m.Locality))]
            return self._catalog

    def today(self) -> dt.date:
        return dt.datetime.now(self.tz).date()

    # -- entry point ------------------------------------------------------------------------------------
    def item(self, t: TaskView, today: dt.date, *, due: dt.date | None = None) -> AnswerItem:
        """A task as an answer; the units that may mark it done include the members of its groups."""
        return deadline_item(t, today, due=due, owners=self.catalog.owners.get(t.id))

    def ask(self, question: str, *, today: dt.date | None = None, unit_id: int | None = None) -> Answer:
        """Answer one question; a UserError for empty or oversized input."""
        check_question(question, self.services.settings.max_message_chars)
        today = today or self.today()
        catalog = self.catalog
        q = parse_question(question, today=today, registry=self.registry)
        scope = self._scope(q, unit_id)
        crit = match_criterion(q.text)
        q.intent = classify(q, criterion_words(crit[0]) if crit and crit[1] >= 80 else None)
        if q.intent == "help":
            return finish(Answer(question, "help", render.HELP))
        if q.other_place:
            text = (f"Không có văn bản nào của {q.other_place} trong dữ liệu, nên tôi không trả lời. "
                    "Điều phối viên có thể gửi văn bản đó cho bot để thêm vào.")
            return finish(Answer(question, q.intent, text, []))
        if q.intent == "deadline":
            answer = self._deadline(q, scope, catalog, today)
        elif q.intent == "criterion_owner":
            answer = CriterionAnswers(self).answer(q, scope, crit[0] if crit else None)
        elif q.intent == "responsibility":
            answer = DutyAnswers(self).answer(q, scope, catalog, today)
        else:
            answer = search_passages(self, q, scope)
        return finish(answer)

    def upcoming(self, unit_id: int | None, *, today: dt.date | None = None, window: str | None = None) -> Answer:
        """Deadlines of a unit in a window ('tuần này', 'tháng này', …; the next 30 days by default)."""
        today = today or self.today()
        phrase = f"có hạn gì {window or 'sắp tới'}"
        q = parse_question(phrase, today=today, registry=self.registry)
        if q.window is None:
            q = parse_question("có hạn gì sắp tới", today=today, registry=self.registry)
        q.raw = f"/han {window or ''}".strip()
        scope = self._scope(q, unit_id)
        cands = [t for t in self.catalog.tasks if t.deadline and self.in_scope(t, scope)]
        if scope.asker_unit is not None:
            u = scope.asker_unit
            cands = [t for t in cands if covers_unit(t, {u.id}, set(u.member_kinds or ()) if u.is_group else {u.kind},
                                                     u.locality_id)]
        return finish(self._by_window(q, cands, today))

    def search(self, query: str) -> Answer:
        """Plain search: the sentences of the directives that best match the words."""
        check_question(query, self.services.settings.max_message_chars)
        q = parse_question(query, today=self.today(), registry=self.registry)
        self.catalog  # noqa: B018 - load the localities before reading the scope
        return finish(search_passages(self, q, self._scope(q, None)))

    def criteria(self, name: str | None = None, *, unit_id: int | None = None) -> Answer:
        """A criterion and its owners (by name), or every criterion of the asker's locality."""
        self.catalog  # noqa: B018
        if name:
            q = parse_question(name, today=self.today(), registry=self.registry)
            crit = match_criterion(q.text)
            return finish(CriterionAnswers(self).answer(q, self._scope(q, unit_id), crit[0] if crit else None))
        return finish(CriterionAnswers(self).overview(self._scope(
            parse_question("tiêu chí", today=self.today(), registry=self.registry), unit_id)))

    # -- scope ------------------------------------------------------------------------------------------
    def _scope(self, q: Question, unit_id: int | None) -> Scope:
        locs = {loc.id for loc in self._localities if any(_has_words(q.folded, n) for n in loc.names)}
        q.locality_ids = sorted(locs)
        q.other_place = None if locs else self._unknown_place(q)
        q.locality_words = [w for loc in self._localities if loc.id in locs for n in loc.names for w in n.split()]
        asker = None
        if unit_id is not None:
            with self.services.sessions() as s:
                asker = s.get(m.Unit, unit_id)
                if asker is not None:
                    s.expunge(asker)
        if not q.units:
            self._stored_units(q)
        names = {unit_key(u.name) for u in q.units}
        kinds = {k for u in q.units for k in (u.members if u.is_group else (u.kind,))}
        return Scope(locs, names, kinds, asker, [u.name for u in q.units])

    def _unknown_place(self, q: Question) -> str | None:
        """A district or province the question names that no stored directive is about ('ở huyện Gio Linh')."""
        known = {n for loc in self._localities for n in loc.names}
        for folded_name, shown in gazetteer_names():
            if len(folded_name.split()) >= 2 and folded_name not in known and _has_words(q.folded, folded_name):
                return shown
        m_ = re.search(r"\b(huyen|tinh|quan|thi xa) ((?:[a-z]+ ){0,2}[a-z]+)\b", q.folded)
        if m_ and not any(_has_words(m_.group(2), n) or _has_words(n, m_.group(2)) for n in known):
            raw = re.search(r"\b(huyện|tỉnh|quận|thị xã)\s+((?:[" + U + r"][^\s,?.]*\s?){1,3})", q.text)
            return raw.group(0).strip() if raw else None
        return None

    def _stored_units(self, q: Question) -> None:
        """Units named in the stored directives, found in a question however it is typed ('hoi nong dan tinh')."""
        from corpus.units import Mention

        text = f" {unit_key(q.text)} "
        for key_, name, kind, is_group, members in self.catalog.unit_names:
            if len(key_.split()) >= 2 and f" {key_} " in text:
                q.units.append(Mention(0, 0, name, name, kind, is_group, members))
                text = text.replace(f" {key_} ", " ")
                q.rest = " ".join(w for w in q.rest.split() if w not in key_.split())

    def unit_match(self, task: TaskView, scope: Scope) -> int:
        """2: the task names the asked unit; 1: a group the unit belongs to; 0: neither."""
        if not scope.unit_names:
            return 0
        if any(unit_key(d.name) in scope.unit_names for d in task.doers):
            return 2
        return covers_unit(task, set(), scope.unit_kinds, None)

    def in_scope(self, task: TaskView, scope: Scope) -> bool:
        if scope.locality_ids:
            return task.locality_id in scope.locality_ids
        if scope.asker_unit is not None and scope.asker_unit.locality_id:
            return task.locality_id == scope.asker_unit.locality_id
        return True

    def locality_label(self, locality_id: int | None) -> str | None:
        return next((loc.label for loc in self._localities if loc.id == locality_id), None)

    # -- deadlines --------------------------------------------------------------------------------------
    def _deadline(self, q: Question, scope: Scope, catalog: TaskCatalog, today: dt.date) -> Answer:
        cands = [t for t in catalog.tasks if t.deadline and self.in_scope(t, scope)]
        if scope.unit_names:
            named = [t for t in cands if self.unit_match(t, scope)]
            cands = named or cands
        if scope.asker_unit is not None:
            mine = [t for t in cands if covers_unit(t, {scope.asker_unit.id}, {scope.asker_unit.kind},
                                                    scope.asker_unit.locality_id)]
            cands = mine or cands
        terms = content_terms(_CUES.sub(" ", _without_years(q.rest)), set(q.locality_words))
        if q.window or (q.overdue and len(terms) <= 1):
            return self._by_window(q, cands, today)
        if catalog.mostly_unknown(terms):
            return Answer(q.raw, "deadline", render.NOT_FOUND, [])
        ranked = self._rank(q, scope, catalog, cands, terms)
        items = [self.item(t, today, due=period_occurrence(t, q)) for t in ranked]
        if not items:
            passages = search_passages(self, q, scope, need_time=True)
            passages.intent = "deadline"
            return passages
        intro = "Hạn phải thực hiện theo văn bản:"
        return Answer(q.raw, "deadline", render.render_tasks(intro, items, today), items)

    def _rank(self, q: Question, scope: Scope, catalog: TaskCatalog, cands: list[TaskView],
              terms: list[str]) -> list[TaskView]:
        scored = []
        for t in cands:
            score, coverage = catalog.lexical(terms, t)
            if coverage < MIN_COVERAGE:
                continue
            score += 0.2 * self.unit_match(t, scope) / 2
            if q.year and not mentions_year(t, q.year):
                continue
            if q.quarter and not mentions_quarter(t, q.quarter):
                continue
            if t.past_at_issue:
                score += 0.3 if q.past else -0.3
            if not scope.unit_names and scope.asker_unit is None and _communes_only(t):
                score -= 0.1  # with no unit named, the letter's district-level duties come first
            scored.append((score, t))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        scored = sorted(((s, t) for s, t in scored if s >= best - 0.35), key=lambda st: -st[0])
        return primacy(scored)

    def _by_window(self, q: Question, cands: list[TaskView], today: dt.date) -> Answer:
        if q.window:
            w = q.window
            hits = [(d, t) for t in cands if (d := t.due_on_or_after(w.start)) and w.start <= d <= w.end]
            intro = f"Các hạn trong {w.label} ({w.start:%d/%m/%Y} – {w.end:%d/%m/%Y}):"
        else:
            hits = [(t.date, t) for t in cands if t.date and t.date < today and not t.past_at_issue]
            intro = "Các việc đã quá hạn theo văn bản (chưa tính việc đã báo hoàn thành):"
        hits.sort(key=lambda dt_: (dt_[0], dt_[1].ord), reverse=not q.window)
        items = [self.item(t, today, due=d) for d, t in hits]
        if not items:
            label = q.window.label if q.window else "quá hạn"
            return Answer(q.raw, "deadline", f"Không có hạn nào trong {label} theo các văn bản đã có.", [])
        return Answer(q.raw, "deadline", render.render_tasks(intro, items, today), items)


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


PRIMACY_MARGIN = 0.1


@lru_cache(maxsize=1)
def gazetteer_names() -> tuple[tuple[str, str], ...]:
    """Known provinces and districts as (folded name, name shown to users), longest first; built once."""
    from corpus.localities import default_gazetteer

    gaz = default_gazetteer()
    names = {fold(p).lower(): f"{gaz.kind_of_province(p)} {p}" for p in gaz.province_name.values()}
    names.update({k: f"huyện {gaz.district_name.get(k, k)}" for k in gaz.district_province})
    return tuple(sorted(names.items(), key=lambda kv: -len(kv[0])))


def period_occurrence(t: TaskView, q: Question) -> dt.date | None:
    """For a recurring duty, its occurrence in the quarter or year the question names."""
    if not t.recurrence or not q.year:
        return None
    start = dt.date(q.year, 3 * (q.quarter - 1) + 1, 1) if q.quarter else dt.date(q.year, 1, 1)
    end_month = 3 * q.quarter if q.quarter else 12
    end = (dt.date(q.year, end_month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    due = t.recurrence.first_on_or_after(start)
    return due if due <= end else None


def primacy(scored: list[tuple[float, TaskView]]) -> list[TaskView]:
    """Best first; but an earlier duty of the same letter that matches almost as well goes before it."""
    out: list[TaskView] = []
    rest = list(scored)
    while rest:
        top_score, top = rest[0]
        earlier = [(s, t) for s, t in rest if t.document_id == top.document_id and t.ord < top.ord
                   and s >= top_score - PRIMACY_MARGIN]
        pick = min(earlier, key=lambda st: st[1].ord) if earlier else rest[0]
        out.append(pick[1])
        rest.remove(pick)
    return out


def criterion_words(crit: CriterionDef) -> set[str]:
    """Every word of a criterion's names, aliases and keywords (folded)."""
    return {w for p in (crit.name, *crit.aliases, *crit.keywords) for w in text_key(p).split()}


def _communes_only(t: TaskView) -> bool:
    return bool(t.doers) and all(d.kind == "ubnd cấp xã" or d.members == ("ubnd cấp xã",) for d in t.doers)


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


def _names(loc: m.Locality) -> tuple[str, ...]:
    return tuple(fold(n).lower() for n in (loc.district, loc.province) if n)


def _has_words(text: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def _without_years(folded: str) -> str:
    return re.sub(r"\b(nam\s+)?20\d\d\b", " ", folded)

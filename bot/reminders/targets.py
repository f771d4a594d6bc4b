"""Who gets reminded, read from the database: group units expanded to members, approved chat links."""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, func, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from bot.reminders.planning import StatusInfo, Subscription, TaskInfo
from bot.reminders.policy import Policy
from corpus import models as m
from corpus import tracking as tr
from corpus.errors import NotFound

CHUNK = 500


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """The few facts of a unit that targeting needs."""

    id: int
    name: str
    kind: str
    locality_id: int | None
    is_group: bool
    member_kinds: tuple[str, ...] = ()
    place: str | None = None  # 'huyện Vĩnh Linh': shown with the name when units of several localities exist


def kind_key(kind: str) -> str:
    """A unit kind compared loosely: NFC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", kind or "").lower().split())


class UnitDirectory:
    """Every unit, with group membership: explicit (unit_membership) or by kind in the same locality."""

    def __init__(self, units: Iterable[UnitRecord], memberships: Iterable[tuple[int, int]] = ()) -> None:
        self.units = {u.id: u for u in units}
        several = len({u.locality_id for u in self.units.values() if u.locality_id is not None}) > 1
        self.names = {u.id: f"{u.name} ({u.place})" if several and u.place else u.name for u in self.units.values()}
        self._explicit: dict[int, set[int]] = defaultdict(set)
        for group_id, member_id in memberships:
            self._explicit[group_id].add(member_id)
        self._by_kind: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for u in self.units.values():
            if not u.is_group:
                self._by_kind[(u.locality_id, kind_key(u.kind))].append(u.id)
        self._members: dict[int, tuple[int, ...]] = {}

    @classmethod
    def load(cls, session: Session) -> UnitDirectory:
        """All units and memberships of the database."""
        rows = session.execute(select(m.Unit.id, m.Unit.name, m.Unit.kind, m.Unit.locality_id, m.Unit.is_group,
                                      m.Unit.member_kinds)).all()
        places = {loc.id: place_label(loc) for loc in session.scalars(select(m.Locality))}
        units = [UnitRecord(r[0], r[1], r[2], r[3], bool(r[4]), tuple(r[5] or ()), places.get(r[3])) for r in rows]
        links = session.execute(select(m.UnitMembership.group_id, m.UnitMembership.member_id)).all()
        return cls(units, [(g, u) for g, u in links])

    def members(self, group_id: int) -> tuple[int, ...]:
        """The member units of a group (sorted ids); empty for a plain unit."""
        if group_id not in self._members:
            group = self.units.get(group_id)
            found = set(self._explicit.get(group_id, ()))
            if group is not None and group.is_group:
                for kind in group.member_kinds:
                    found.update(self._by_kind.get((group.locality_id, kind_key(kind)), ()))
            found.discard(group_id)
            self._members[group_id] = tuple(sorted(found))
        return self._members[group_id]

    def expand(self, unit_ids: Iterable[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(doers, watchers): groups become their members, and stay as watchers when they have some."""
        doers: dict[int, None] = {}
        watchers: dict[int, None] = {}
        for uid in unit_ids:
            members = self.members(uid)
            if members:
                doers.update(dict.fromkeys(members))
                watchers[uid] = None
            else:
                doers[uid] = None
        return tuple(doers), tuple(w for w in watchers if w not in doers)

    def groups_of(self, unit_id: int) -> set[int]:
        """The groups a unit belongs to."""
        return {g for g, u in self.units.items() if u.is_group and unit_id in self.members(g)}


def place_label(loc: m.Locality) -> str:
    """The shortest name that tells localities apart in a list: 'huyện Vĩnh Linh' (else the province)."""
    if loc.district:
        return f"{loc.district_kind or 'huyện'} {loc.district}"
    return f"{loc.province_kind or 'tỉnh'} {loc.province}" if loc.province else ""


def source_title(kind: str | None, number: str | None, subject: str | None) -> str:
    """'Kế hoạch số 11/KH-UBND', or the kind and subject when the number is blank."""
    kind = kind or "Văn bản"
    if number and number[:1].isdigit():
        return f"{kind} số {number}"
    subject = " ".join((subject or "").split())
    if len(subject) > 120:
        subject = subject[:120].rsplit(" ", 1)[0] + " …"
    return f"{kind} {subject}".strip()


def has_recurrence() -> ColumnElement[bool]:
    """Tasks whose JSON recurrence is set (stored JSON null counts as unset)."""
    return func.coalesce(cast(m.Task.recurrence, Text), "null") != "null"


def planning_filter(today: dt.date, policy: Policy) -> ColumnElement[bool]:
    """Tasks that may have something due around `today`: recent or near deadlines, or recurring."""
    lo = today - dt.timedelta(days=policy.overdue_stop_after_days + policy.catch_up_days + 1)
    hi = today + dt.timedelta(days=max(policy.digest_horizon_days, *policy.days_before, 0) + 31)
    return or_(and_(m.Task.deadline_date >= lo, m.Task.deadline_date <= hi), has_recurrence())


_TASK_COLUMNS = (m.Task.id, m.Task.what, m.Task.quote, m.Task.deadline_date, m.Task.deadline_time, m.Task.precision,
                 m.Task.recurrence, m.Task.section_path, m.Task.submit_to, m.Task.document_id)


def in_force() -> ColumnElement[bool]:
    """Tasks that are followed (reminded, counted, listed): confirmed by the coordinator, of a directive no
    later stored directive replaces or repeals."""
    superseded = select(m.Document.id).where(m.Document.superseded_by_id.is_not(None))
    return and_(m.Task.review == "confirmed", m.Task.document_id.not_in(superseded))


def load_tasks(session: Session, directory: UnitDirectory, *where: ColumnElement[bool]) -> list[TaskInfo]:
    """Stored tasks in force matching `where`, as TaskInfo with doers expanded, in document order.

    Tasks waiting for review or dropped by the coordinator are not followed (bot.review)."""
    where = (*where, in_force())
    rows = session.execute(select(*_TASK_COLUMNS).where(*where).order_by(m.Task.document_id, m.Task.ord)).all()
    named: dict[int, list[int]] = defaultdict(list)
    doers = (select(m.TaskUnit.task_id, m.TaskUnit.unit_id).join(m.Task, m.Task.id == m.TaskUnit.task_id)
             .where(*where, m.TaskUnit.partner.is_(False)).order_by(m.TaskUnit.task_id, m.TaskUnit.ord, m.TaskUnit.id))
    for task_id, unit_id in session.execute(doers):
        named[task_id].append(unit_id)
    docs = {d[0]: (source_title(d[1], d[2], d[3]), d[4]) for d in session.execute(
        select(m.Document.id, m.Document.kind, m.Document.number, m.Document.subject, m.Document.issuer)
        .where(m.Document.id.in_({r.document_id for r in rows})))}
    return [_task_info(r, named[r.id], docs[r.document_id], directory) for r in rows]


def _task_info(row: Row[Any], named: list[int], doc: tuple[str, str | None],
               directory: UnitDirectory) -> TaskInfo:
    doers, watchers = directory.expand(named)
    rec = row.recurrence if isinstance(row.recurrence, dict) and row.recurrence.get("freq") else None
    return TaskInfo(id=row.id, what=row.what, quote=row.quote, deadline=row.deadline_date,
                    deadline_time=row.deadline_time, precision=row.precision or "day", recurrence=rec,
                    doers=doers, watchers=watchers, unit_names=directory.names, source_title=doc[0],
                    source_issuer=doc[1], section=row.section_path, submit_to=row.submit_to,
                    document_id=row.document_id)


def load_task(session: Session, directory: UnitDirectory, task_id: int) -> TaskInfo:
    """One task as TaskInfo; NotFound when it does not exist."""
    found = load_tasks(session, directory, m.Task.id == task_id)
    if not found:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id}.")
    return found[0]


def unit_tasks(session: Session, directory: UnitDirectory, unit_id: int) -> list[TaskInfo]:
    """Tasks a unit must do: named itself, or through a group it belongs to."""
    ids = {unit_id} | directory.groups_of(unit_id)
    named = select(m.TaskUnit.task_id).where(m.TaskUnit.unit_id.in_(ids), m.TaskUnit.partner.is_(False))
    return [t for t in load_tasks(session, directory, m.Task.id.in_(named))
            if unit_id in t.doers or unit_id in t.watchers]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)  # SQLite returns UTC as naive
    return value


def load_statuses(session: Session, task_ids: Sequence[int]) -> list[StatusInfo]:
    """The stored statuses of these tasks."""
    out: list[StatusInfo] = []
    ids = sorted(set(task_ids))
    ts = tr.TaskStatus
    cols = (ts.task_id, ts.unit_id, ts.occurrence, ts.state, ts.done_at, ts.snoozed_until)
    for i in range(0, len(ids), CHUNK):
        rows = session.execute(select(*cols).where(ts.task_id.in_(ids[i:i + CHUNK])))
        out += [StatusInfo(t, u, o, s, _aware(d), _aware(z)) for t, u, o, s, d, z in rows]
    return out


def load_subscriptions(session: Session) -> list[Subscription]:
    """Approved chat links, as (unit, chat) pairs."""
    rows = session.execute(select(tr.ChatLink.unit_id, tr.ChatLink.chat_id)
                           .where(tr.ChatLink.status == "approved").order_by(tr.ChatLink.id)).all()
    return [Subscription(u, c) for u, c in rows]

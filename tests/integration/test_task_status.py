"""Task status per unit on SQLite and PostgreSQL: done with history, refusals, derived states, progress."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.reminders.outbox import enqueue, plan
from bot.reminders.policy import Policy
from bot.reminders.status import mark_done, open_tasks, progress, reopen, snooze
from corpus import models as m
from corpus import tracking as tr
from corpus.db import make_engine, migrate, session_factory
from corpus.errors import NotAllowed

VN = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = Policy()


def at(y: int, mo: int, d: int, h: int = 8, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=VN)


@dataclass
class World:
    doc: int
    group: int
    communes: list[int]
    far_commune: int
    tu_phap: int
    noi_vu: int
    t_plan: int  # Phòng Tư pháp and Phòng Nội vụ, due 14/3/2025
    t_group: int  # UBND các xã, thị trấn, due 14/3/2025
    t_later: int  # Phòng Tư pháp, due 30/4/2025
    t_monthly: int  # Phòng Nội vụ, on the 5th of every month


def _unit(s: Session, loc: m.Locality, name: str, kind: str, *, group: bool = False,
          members: list[str] | None = None) -> int:
    u = m.Unit(locality=loc, key=name.lower(), name=name, kind=kind, is_group=group, member_kinds=members or [],
               aliases=[])
    s.add(u)
    s.flush()
    return u.id


def _task(s: Session, doc: m.Document, ord_: int, what: str, deadline: dt.date | None, units: list[int], *,
          partners: list[int] = (), recurrence: dict | None = None) -> int:
    t = m.Task(document=doc, ord=ord_, fingerprint=f"f{ord_}", what=what, quote=f"«{what}»", section_path="II.1",
               submit_to="UBND huyện (qua Phòng Nội vụ)", deadline_date=deadline, precision="day",
               recurrence=recurrence)
    t.units = [m.TaskUnit(unit_id=u, role="thực hiện", as_written="x", ord=i) for i, u in enumerate(units)]
    t.units += [m.TaskUnit(unit_id=u, role="phối hợp", as_written="y", partner=True) for u in partners]
    s.add(t)
    s.flush()
    return t.id


def build_world(s: Session) -> World:
    """One district with a commune group, two offices and four tasks; a commune of another district."""
    here, there = m.Locality(key="vinh-linh", district="Vĩnh Linh"), m.Locality(key="me-linh", district="Mê Linh")
    doc = m.Document(file_name="kh.txt", sha256="0" * 64, kind="Kế hoạch", number="11/KH-UBND",
                     issuer="UBND huyện Vĩnh Linh", locality=here, subject="CCHC năm 2025", text="…")
    s.add_all([here, there, doc])
    group = _unit(s, here, "UBND các xã, thị trấn", "group", group=True, members=["ubnd cấp xã"])
    communes = [_unit(s, here, f"UBND xã {n}", "ubnd cấp xã") for n in ("Vĩnh Thạch", "Vĩnh Lâm", "Vĩnh Hòa")]
    far = _unit(s, there, "UBND xã Tiền Phong", "ubnd cấp xã")
    tu_phap, noi_vu = _unit(s, here, "Phòng Tư pháp", "phòng"), _unit(s, here, "Phòng Nội vụ", "phòng")
    d = dt.date
    w = World(doc.id, group, communes, far, tu_phap, noi_vu,
              _task(s, doc, 1, "Xây dựng kế hoạch CCHC", d(2025, 3, 14), [tu_phap, noi_vu], partners=[group]),
              _task(s, doc, 2, "Báo cáo kết quả tự chấm điểm", d(2025, 3, 14), [group]),
              _task(s, doc, 3, "Báo cáo sáng kiến", d(2025, 4, 30), [tu_phap]),
              _task(s, doc, 4, "Báo cáo tháng", None, [noi_vu],
                    recurrence={"freq": "monthly", "day": 5, "month": None}))
    s.commit()
    return w


@pytest.fixture
def db(db_url: str) -> Iterator[tuple[sessionmaker[Session], World]]:
    engine = make_engine(db_url)
    migrate(engine)
    sessions = session_factory(engine)
    with sessions() as s:
        world = build_world(s)
    yield sessions, world
    engine.dispose()


def history(s: Session, task_id: int) -> list[tuple[int, str, str, int | None]]:
    rows = s.scalars(select(tr.StatusChange).where(tr.StatusChange.task_id == task_id).order_by(tr.StatusChange.id))
    return [(r.unit_id, r.old, r.new, r.by_user) for r in rows]


def test_mark_done_records_who_when_and_history(db) -> None:
    sessions, w = db
    with sessions() as s, s.begin():
        upd = mark_done(s, w.t_plan, w.tu_phap, 4242, at(2025, 3, 12, 15))
    assert (upd.old, upd.new, upd.changed) == ("open", "done", True)
    with sessions() as s, s.begin():
        again = mark_done(s, w.t_plan, w.tu_phap, 4242, at(2025, 3, 13, 9))
    assert not again.changed
    with sessions() as s:
        st = s.scalar(select(tr.TaskStatus).where(tr.TaskStatus.task_id == w.t_plan))
        assert (st.unit_id, st.state, st.done_by) == (w.tu_phap, "done", 4242)
        assert st.done_at.replace(tzinfo=st.done_at.tzinfo or dt.UTC) == at(2025, 3, 12, 15)
        assert history(s, w.t_plan) == [(w.tu_phap, "open", "done", 4242)]
    with sessions() as s, s.begin():
        back = reopen(s, w.t_plan, w.tu_phap, 7, at(2025, 3, 13, 10))
    assert (back.old, back.new) == ("done", "open")
    with sessions() as s:
        assert history(s, w.t_plan)[-1] == (w.tu_phap, "done", "open", 7)


@pytest.mark.parametrize("who", ["far_commune", "partner_group", "other_office"])
def test_mark_done_refused_for_a_unit_not_assigned(db, who: str) -> None:
    sessions, w = db
    task, unit = {"far_commune": (w.t_group, w.far_commune),      # same kind, another district
                  "partner_group": (w.t_plan, w.group),           # named only as a partner
                  "other_office": (w.t_later, w.noi_vu)}[who]
    with sessions() as s, pytest.raises(NotAllowed) as err:
        mark_done(s, task, unit, 1, at(2025, 3, 12))
    assert "không được giao" in err.value.message
    with sessions() as s:
        assert s.scalars(select(tr.StatusChange)).all() == []


def test_derived_overdue_and_done_late_in_progress(db) -> None:
    sessions, w = db
    with sessions() as s, s.begin():
        mark_done(s, w.t_plan, w.tu_phap, 1, at(2025, 3, 13, 16))     # on time
        mark_done(s, w.t_plan, w.noi_vu, 2, at(2025, 3, 17, 9))       # after 14/3: done late
        mark_done(s, w.t_group, w.communes[0], 3, at(2025, 3, 14, 17))
    with sessions() as s:
        rows = {r.unit: r for r in progress(s, document_id=w.doc, period=(dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
                                            now=at(2025, 3, 20, 9))}
    # two localities in the database: every unit is shown with its own
    assert set(rows) == {f"{u} (huyện Vĩnh Linh)" for u in ("Phòng Tư pháp", "Phòng Nội vụ", "UBND xã Vĩnh Thạch",
                                                            "UBND xã Vĩnh Lâm", "UBND xã Vĩnh Hòa")}
    counts = {u.removesuffix(" (huyện Vĩnh Linh)"): (r.done, r.done_late, r.open, r.overdue) for u, r in rows.items()}
    assert counts["Phòng Tư pháp"] == (1, 0, 0, 0)
    assert counts["Phòng Nội vụ"] == (0, 1, 0, 1)          # the plan done late; March's monthly report overdue
    assert counts["UBND xã Vĩnh Thạch"] == (1, 0, 0, 0)
    assert counts["UBND xã Vĩnh Lâm"] == counts["UBND xã Vĩnh Hòa"] == (0, 0, 0, 1)


def test_progress_without_period_counts_open_tasks_not_yet_due(db) -> None:
    sessions, w = db
    with sessions() as s:
        rows = {r.unit.removesuffix(" (huyện Vĩnh Linh)"): r
                for r in progress(s, document_id=w.doc, now=at(2025, 3, 10))}
    assert (rows["Phòng Tư pháp"].open, rows["Phòng Tư pháp"].overdue, rows["Phòng Tư pháp"].total) == (2, 0, 2)
    assert "UBND các xã, thị trấn" not in rows  # a group is counted through its members


def test_group_task_has_one_status_per_member_unit(db) -> None:
    sessions, w = db
    with sessions() as s, s.begin():
        for unit in w.communes[:2]:
            mark_done(s, w.t_group, unit, 9, at(2025, 3, 13))
    with sessions() as s:
        rows = s.scalars(select(tr.TaskStatus).where(tr.TaskStatus.task_id == w.t_group)).all()
        assert sorted(r.unit_id for r in rows) == sorted(w.communes[:2])
        assert {r.state for r in rows} == {"done"}
        late = {r.unit for r in progress(s, document_id=w.doc, now=at(2025, 3, 20)) if r.overdue}
    assert "UBND xã Vĩnh Hòa (huyện Vĩnh Linh)" in late and "UBND xã Vĩnh Thạch (huyện Vĩnh Linh)" not in late


def test_open_tasks_of_a_member_unit_include_group_tasks_until_done(db) -> None:
    sessions, w = db
    commune = w.communes[1]
    with sessions() as s:
        found = open_tasks(s, commune, dt.date(2025, 3, 17))
    assert [(o.task.id, o.state, o.can_mark_done) for o in found] == [(w.t_group, "overdue", True)]
    with sessions() as s, s.begin():
        mark_done(s, w.t_group, commune, 1, at(2025, 3, 17))
    with sessions() as s:
        assert open_tasks(s, commune, dt.date(2025, 3, 17)) == []
        mine = open_tasks(s, w.tu_phap, dt.date(2025, 3, 10))
    assert [(o.task.what, o.deadline, o.state) for o in mine] == [
        ("Xây dựng kế hoạch CCHC", dt.date(2025, 3, 14), "open"), ("Báo cáo sáng kiến", dt.date(2025, 4, 30), "open")]


def test_recurring_task_done_marks_the_current_occurrence(db) -> None:
    sessions, w = db
    with sessions() as s, s.begin():
        first = mark_done(s, w.t_monthly, w.noi_vu, 1, at(2025, 3, 4, 9))
        second = mark_done(s, w.t_monthly, w.noi_vu, 1, at(2025, 3, 4, 9))
    # February is still open on 4/3, so the first press closes it; the second closes March
    assert (first.occurrence, second.occurrence) == (dt.date(2025, 2, 5), dt.date(2025, 3, 5))
    with sessions() as s:
        assert [o.occurrence for o in open_tasks(s, w.noi_vu, dt.date(2025, 3, 4)) if o.task.id == w.t_monthly] == \
            [dt.date(2025, 4, 5)]


def _link(s: Session, unit: int, chat: int) -> None:
    s.add(tr.ChatLink(chat_id=chat, unit_id=unit, status="approved"))


def test_done_and_snooze_act_on_the_outbox(db) -> None:
    sessions, w = db
    now = at(2025, 3, 11, 8)  # 3 days before 14/3
    with sessions() as s, s.begin():
        _link(s, w.tu_phap, 101)
        _link(s, w.noi_vu, 102)
    with sessions() as s, s.begin():
        enqueue(s, plan(s, now, POLICY))
    mine = tr.Reminder.task_id == w.t_plan
    with sessions() as s, s.begin():
        rows = {r.unit_id: r for r in s.scalars(select(tr.Reminder).where(mine))}
        assert {(u, r.kind, r.state) for u, r in rows.items()} == {(w.tu_phap, "before", "pending"),
                                                                   (w.noi_vu, "before", "pending")}
        mark_done(s, w.t_plan, w.tu_phap, 5, now)
        snooze(s, rows[w.noi_vu].id, POLICY.snooze_until(now))
    with sessions() as s:
        states = {r.unit_id: r.state for r in s.scalars(select(tr.Reminder).where(mine))}
        assert states == {w.tu_phap: "skipped", w.noi_vu: "skipped"}
        st = s.scalar(select(tr.TaskStatus).where(tr.TaskStatus.unit_id == w.noi_vu, tr.TaskStatus.task_id == w.t_plan))
        assert st.state == "open" and st.snoozed_until is not None
        quiet = [p for p in plan(s, at(2025, 3, 11, 17), POLICY) if p.task_id == w.t_plan]   # done and snoozed
        again = [p for p in plan(s, at(2025, 3, 12, 8), POLICY) if p.task_id == w.t_plan]     # snooze over
    assert quiet == []
    assert [(p.unit_id, p.step) for p in again] == [(w.noi_vu, "s202503120100")]


def test_viec_and_tiendo_texts(db) -> None:
    from bot.reminders.messages import open_tasks_text, progress_text

    sessions, w = db
    with sessions() as s:
        text, buttons = open_tasks_text("Phòng Tư pháp", open_tasks(s, w.tu_phap, dt.date(2025, 3, 17)),
                                        dt.date(2025, 3, 17))
        rows = progress(s, document_id=w.doc, now=at(2025, 3, 17))
    assert "1. Xây dựng kế hoạch CCHC (hạn: thứ Sáu, 14/03/2025) — <b>quá hạn</b>" in text
    assert buttons[0] == [("Đã hoàn thành #1", f"done:{w.t_plan}:{w.tu_phap}")]
    assert "• Phòng Tư pháp (huyện Vĩnh Linh): xong 0, xong trễ hạn 0, đang làm 1, <b>quá hạn 1</b>" \
        in progress_text("KH 11", rows)

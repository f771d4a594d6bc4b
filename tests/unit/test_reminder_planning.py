"""Planning reminders over a Vietnamese calendar: Tết, 30/4–1/5, 2/9, weekends, groups, catch-up."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.reminders import messages
from bot.reminders.planning import (
    PlannedReminder,
    StatusInfo,
    Subscription,
    TaskInfo,
    due,
    make_key,
    parse_key,
)
from bot.reminders.policy import Policy
from bot.reminders.targets import UnitDirectory, UnitRecord
from bot.settings import load_settings
from corpus.dates import weekday_name
from corpus.errors import UserError

VN = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = Policy()
COORD = -500


def at(y: int, m: int, d: int, h: int = 8, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=VN)


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


NAMES = {1: "Phòng Tư pháp", 2: "Phòng Nội vụ", 3: "UBND xã Vĩnh Thạch", 4: "UBND xã Vĩnh Lâm",
         9: "UBND các xã, thị trấn"}


def task(deadline: str | None, doers: tuple[int, ...] = (1,), *, tid: int = 10, precision: str = "day",
         recurrence: dict | None = None, watchers: tuple[int, ...] = (), what: str = "Gửi kế hoạch CCHC") -> TaskInfo:
    return TaskInfo(id=tid, what=what, quote="…gửi về Phòng Nội vụ trước ngày …",
                    deadline=D(deadline) if deadline else None,
                    precision=precision, recurrence=recurrence, doers=doers, watchers=watchers, unit_names=NAMES,
                    source_title="Kế hoạch số 11/KH-UBND", source_issuer="UBND huyện Vĩnh Linh", section="II.3",
                    submit_to="UBND huyện (qua Phòng Nội vụ)")


def subs(*pairs: tuple[int, int]) -> list[Subscription]:
    return [Subscription(u, c) for u, c in pairs]


def plan(now: dt.datetime, tasks: list[TaskInfo], statuses: list[StatusInfo] = (), chats=((1, 101),),
         policy: Policy = POLICY) -> list[PlannedReminder]:
    return [p for p in due(now, tasks, list(statuses), subs(*chats), policy) if p.kind != "digest"]


def steps(p: Policy, deadline: str, precision: str = "day") -> list[tuple[str, str]]:
    return [(s.code, s.due_at.date().isoformat()) for s in p.schedule(D(deadline), precision)][:7]


# ------------------------------------------------------------------ the schedule of one deadline

@pytest.mark.parametrize("deadline, precision, expected", [
    # Monday after Tết 2025 (27/1–1/2 off): 7, 3 and 1 days before all fall in Tết or on a weekend → Fri 24/1
    ("2025-02-03", "day", [("b1", "2025-01-24"), ("d0", "2025-02-03"), ("o1", "2025-02-04"),
                           ("o2", "2025-02-05"), ("o3", "2025-02-06"), ("w1", "2025-02-13"), ("w2", "2025-02-20")]),
    # a deadline inside Tết: every step before it collapses onto the last working day before Tết
    ("2025-01-31", "day", [("d0", "2025-01-24"), ("o1", "2025-02-03"), ("o2", "2025-02-04"),
                           ("o3", "2025-02-05"), ("w1", "2025-02-12"), ("w2", "2025-02-19"), ("w3", "2025-02-26")]),
    # 2/5/2025 is a substituted day off after 30/4 and 1/5: the due-day reminder moves to Tue 29/4
    ("2025-05-02", "day", [("b7", "2025-04-25"), ("d0", "2025-04-29"), ("o1", "2025-05-05"),
                           ("o2", "2025-05-06"), ("o3", "2025-05-07"), ("w1", "2025-05-14"), ("w2", "2025-05-21")]),
    # 2/9/2025 (Tue) and 1/9 (Mon) are holidays: due-day reminder on Fri 29/8
    ("2025-09-02", "day", [("b7", "2025-08-26"), ("d0", "2025-08-29"), ("o1", "2025-09-03"),
                           ("o2", "2025-09-04"), ("o3", "2025-09-05"), ("w1", "2025-09-12"), ("w2", "2025-09-19")]),
    # Sat 26/4/2025 is a swapped working day: the reminder stays on it
    ("2025-04-26", "day", [("b7", "2025-04-18"), ("b3", "2025-04-23"), ("b1", "2025-04-25"), ("d0", "2025-04-26"),
                           ("o1", "2025-04-28"), ("o2", "2025-04-29"), ("o3", "2025-05-05")]),
    # a Sunday deadline: the due-day reminder is on Friday, 7 days before moves from Sunday to Friday
    ("2025-03-16", "day", [("b7", "2025-03-07"), ("b3", "2025-03-13"), ("d0", "2025-03-14"), ("o1", "2025-03-17"),
                           ("o2", "2025-03-18"), ("o3", "2025-03-19"), ("w1", "2025-03-26")]),
    # "trong tháng 4 năm 2024": from the month's first working day; 29/4–1/5/2024 off, Sat 4/5 worked
    ("2024-04-30", "month", [("m1", "2024-04-01"), ("b7", "2024-04-23"), ("d0", "2024-04-26"), ("o1", "2024-05-02"),
                             ("o2", "2024-05-03"), ("o3", "2024-05-04"), ("w1", "2024-05-10")]),
    # "trong tháng 2 năm 2025": 1/2 is still Tết, so the month starts on Mon 3/2
    ("2025-02-28", "month", [("m1", "2025-02-03"), ("b7", "2025-02-21"), ("b3", "2025-02-25"), ("b1", "2025-02-27"),
                             ("d0", "2025-02-28"), ("o1", "2025-03-03"), ("o2", "2025-03-04")]),
])
def test_schedule_moves_to_previous_working_day(deadline: str, precision: str, expected: list) -> None:
    assert steps(POLICY, deadline, precision) == expected


def test_schedule_is_at_the_reminder_hour_in_vietnam_and_stops_after_the_overdue_window() -> None:
    sched = POLICY.schedule(D("2025-03-14"))
    assert {s.due_at.astimezone(VN).time() for s in sched} == {dt.time(8, 0)}
    assert sched[-1].due_at.date() <= D("2025-03-14") + dt.timedelta(days=POLICY.overdue_stop_after_days)
    assert [s.kind for s in sched[:4]] == ["before", "before", "before", "due"]


def test_policy_from_settings(settings) -> None:
    p = Policy.from_settings(settings)
    assert (p.days_before, p.hour) == ((7, 3, 1, 0), 8)
    assert (p.overdue_daily_working_days, p.escalate_after_working_days) == (3, 3)
    assert p.tz.key == "Asia/Ho_Chi_Minh"


# ------------------------------------------------------------------ what is due at a moment

@pytest.mark.parametrize("now, expected", [
    (at(2025, 1, 24, 7, 59), []),                                     # before the first step
    (at(2025, 1, 24, 8, 0), [("before", "b1", at(2025, 1, 24))]),     # Friday before Tết
    (at(2025, 1, 30, 15, 0), [("before", "b1", at(2025, 1, 24))]),    # during Tết: nothing new, same key
    (at(2025, 2, 3, 9, 0), [("due", "d0", at(2025, 2, 3))]),
    (at(2025, 2, 5, 8, 0), [("overdue", "o2", at(2025, 2, 5))]),
    (at(2025, 2, 12, 17, 0), [("overdue", "o3", at(2025, 2, 6))]),    # weekly from here
    (at(2025, 2, 13, 8, 0), [("overdue", "w1", at(2025, 2, 13))]),
    (at(2025, 9, 1, 8, 0), []),                                       # past the overdue window
])
def test_due_picks_the_current_step(now: dt.datetime, expected: list) -> None:
    got = plan(now, [task("2025-02-03")])
    assert [(p.kind, p.step, p.due_at) for p in got] == expected


def test_catch_up_after_downtime_sends_only_the_most_recent_missed_step() -> None:
    # down from 20/1 to 5/2 noon: b1, d0, o1 and o2 were all missed; only o2 is planned, once
    now = at(2025, 2, 5, 12, 0)
    first = plan(now, [task("2025-02-03")])
    assert [(p.step, p.due_at) for p in first] == [("o2", at(2025, 2, 5))]
    assert plan(now + dt.timedelta(minutes=30), [task("2025-02-03")]) == first  # same dedupe key again


def test_dedupe_key_is_deterministic_and_parses_back() -> None:
    p = plan(at(2025, 2, 3, 8), [task("2025-02-03", tid=7)], chats=((1, -1001234567890),))[0]
    assert p.dedupe_key == "due:t7:u1:c-1001234567890:o-:d0"
    parts = parse_key(p.dedupe_key)
    assert (parts.kind, parts.task_id, parts.role, parts.unit_id, parts.chat_id, parts.occurrence, parts.step) == \
        ("due", 7, "u", 1, -1001234567890, None, "d0")
    assert parse_key(make_key("digest", None, "u", 3, 5, D("2025-01-27"), "w")).occurrence == D("2025-01-27")


def test_done_stops_reminders_for_that_unit_only() -> None:
    statuses = [StatusInfo(10, 1, None, "done", at(2025, 2, 1))]
    got = plan(at(2025, 2, 3, 8), [task("2025-02-03", (1, 2))], statuses, chats=((1, 101), (2, 102)))
    assert [(p.unit_id, p.chat_id) for p in got] == [(2, 102)]


def test_every_chat_of_a_unit_is_reminded_and_units_without_chat_are_not() -> None:
    got = plan(at(2025, 2, 3, 8), [task("2025-02-03", (1, 2, 3))], chats=((1, 101), (1, 111), (2, 102)))
    assert sorted((p.unit_id, p.chat_id) for p in got) == [(1, 101), (1, 111), (2, 102)]
    assert len({p.dedupe_key for p in got}) == 3


@pytest.mark.parametrize("now, expected", [
    (at(2025, 2, 3, 9), []),                                    # snoozed until tomorrow 10:00
    (at(2025, 2, 4, 9, 59), []),
    (at(2025, 2, 4, 10, 0), [("overdue", "s202502040300")]),    # then once again (key from the UTC instant)
    (at(2025, 2, 5, 8, 0), [("overdue", "o2")]),                # and the schedule resumes
])
def test_snooze_delays_then_reminds_once(now: dt.datetime, expected: list) -> None:
    statuses = [StatusInfo(10, 1, None, "open", snoozed_until=at(2025, 2, 4, 10))]
    got = plan(now, [task("2025-02-03")], statuses)
    assert [(p.kind, p.step) for p in got] == expected


# ------------------------------------------------------------------ month precision and recurring tasks

def test_month_precision_reminds_from_the_first_working_day_of_the_month() -> None:
    t = task("2024-04-30", precision="month")
    assert plan(at(2024, 3, 29, 9), [t]) == []
    got = plan(at(2024, 4, 1, 8), [t])
    assert [(p.kind, p.step) for p in got] == [("before", "m1")]
    assert "trong tháng 04/2024 (đến thứ Ba, 30/04/2024)" in got[0].text


QUARTERLY = {"freq": "quarterly", "day": None, "month": None}
MONTHLY_5 = {"freq": "monthly", "day": 5, "month": None}


def test_recurring_task_reminds_for_each_occurrence() -> None:
    t = task(None, recurrence=QUARTERLY)
    q1 = plan(at(2025, 3, 24, 8), [t], [StatusInfo(10, 1, D("2024-12-31"), "done")])
    assert [(p.step, p.occurrence) for p in q1] == [("b7", D("2025-03-31"))]
    # Q4 2024 still open: it keeps its weekly overdue reminder next to Q1's first one
    both = plan(at(2025, 3, 24, 8), [t])
    assert [(p.kind, p.occurrence) for p in both] == [("overdue", D("2024-12-31")), ("before", D("2025-03-31"))]
    assert ":o2025-03-31:" in q1[0].dedupe_key
    q2 = plan(at(2025, 6, 23, 8), [t], [StatusInfo(10, 1, D("2025-03-31"), "done")])
    assert [(p.step, p.occurrence) for p in q2] == [("b7", D("2025-06-30"))]


def test_done_occurrence_does_not_silence_the_next_one() -> None:
    t = task(None, recurrence=MONTHLY_5)
    done_feb = [StatusInfo(10, 1, D("2025-02-05"), "done")]
    got = plan(at(2025, 3, 4, 8), [t], done_feb)
    assert [(p.kind, p.step, p.occurrence) for p in got] == [("before", "b1", D("2025-03-05"))]


def test_an_occurrence_stops_nagging_when_the_next_one_is_due() -> None:
    t = task(None, recurrence=MONTHLY_5)
    # February was never marked done; on 5/3 only March's due-day reminder is planned
    got = plan(at(2025, 3, 5, 9), [t])
    assert [(p.kind, p.occurrence) for p in got] == [("due", D("2025-03-05"))]
    # on 10/2 February is overdue (o3) and March has not started
    got = plan(at(2025, 2, 10, 9), [t])
    assert [(p.kind, p.step, p.occurrence) for p in got] == [("overdue", "o3", D("2025-02-05"))]


def test_recurring_first_occurrence_is_the_stored_deadline() -> None:
    t = task("2025-06-30", recurrence={"freq": "half_yearly", "day": None, "month": None})
    assert plan(at(2024, 12, 24, 8), [t]) == []      # 31/12/2024 is before the first occurrence
    assert [p.occurrence for p in plan(at(2025, 6, 23, 8), [t])] == [D("2025-06-30")]


# ------------------------------------------------------------------ groups

def directory() -> UnitDirectory:
    units = [UnitRecord(9, "UBND các xã, thị trấn", "group", 1, True, ("ubnd cấp xã",)),
             UnitRecord(3, "UBND xã Vĩnh Thạch", "ubnd cấp xã", 1, False),
             UnitRecord(4, "UBND xã Vĩnh Lâm", "UBND cấp  xã", 1, False),
             UnitRecord(5, "UBND xã Tiền Phong", "ubnd cấp xã", 2, False),      # another district
             UnitRecord(2, "Phòng Nội vụ", "phòng", 1, False),                  # not a commune
             UnitRecord(8, "UBND thị trấn Hồ Xá", "ubnd thị trấn", 1, False)]   # named as an explicit member
    return UnitDirectory(units, [(9, 8)])


def test_group_expands_to_member_units_of_the_same_locality() -> None:
    doers, watchers = directory().expand([9, 2])
    assert set(doers) == {3, 4, 8, 2} and watchers == (9,)
    assert directory().groups_of(3) == {9}


def test_group_task_reaches_every_member_chat_and_the_groups_own_chat() -> None:
    doers, watchers = directory().expand([9])
    t = task("2025-03-14", doers, watchers=watchers)
    chats = ((3, 303), (4, 404), (5, 505), (9, 909))
    got = plan(at(2025, 3, 14, 8), [t], chats=chats)
    assert sorted(p.chat_id for p in got) == [303, 404, 909]
    group = next(p for p in got if p.chat_id == 909)
    assert parse_key(group.dedupe_key).role == "g"
    assert "còn 3 đơn vị chưa báo hoàn thành" in group.text


def test_group_chat_goes_quiet_when_every_member_is_done() -> None:
    doers, watchers = directory().expand([9])
    t = task("2025-03-14", doers, watchers=watchers)
    done = [StatusInfo(10, u, None, "done") for u in doers]
    assert plan(at(2025, 3, 14, 8), [t], done, chats=((3, 303), (9, 909))) == []
    one_open = done[1:]
    assert sorted(p.chat_id for p in plan(at(2025, 3, 14, 8), [t], one_open, chats=((3, 303), (9, 909)))) == [303, 909]


# ------------------------------------------------------------------ escalation and digest

ESCALATING = Policy(coordinator_chat_id=COORD)


@pytest.mark.parametrize("deadline, fires", [
    ("2025-03-14", at(2025, 3, 20)),   # Fri → overdue Mon, Tue, Wed → reported Thu
    ("2025-01-24", at(2025, 2, 6)),    # Tết does not count: Mon 3/2, Tue 4/2, Wed 5/2 → Thu 6/2
    ("2025-04-29", at(2025, 5, 8)),    # 30/4, 1/5, 2/5 off: Mon 5/5, Tue 6/5, Wed 7/5 → Thu 8/5
])
def test_escalation_after_n_working_days_lists_the_late_units(deadline: str, fires: dt.datetime) -> None:
    t = task(deadline, (1, 2, 3))
    done = [StatusInfo(10, 2, None, "done")]
    before = [p for p in plan(fires - dt.timedelta(minutes=1), [t], done, policy=ESCALATING) if p.kind == "escalation"]
    assert before == []
    got = [p for p in plan(fires, [t], done, policy=ESCALATING) if p.kind == "escalation"]
    assert [(p.chat_id, p.due_at, p.unit_id) for p in got] == [(COORD, fires, None)]
    assert "Phòng Tư pháp" in got[0].text and "UBND xã Vĩnh Thạch" in got[0].text
    assert "Phòng Nội vụ" not in got[0].text


def test_no_escalation_when_everyone_is_done_or_no_coordinator() -> None:
    t = task("2025-03-14", (1, 2))
    done = [StatusInfo(10, 1, None, "done"), StatusInfo(10, 2, None, "done")]
    assert plan(at(2025, 3, 20), [t], done, policy=ESCALATING) == []
    assert [p for p in plan(at(2025, 3, 20), [t]) if p.kind == "escalation"] == []


def digests(now: dt.datetime, tasks: list[TaskInfo], statuses=()) -> list[PlannedReminder]:
    return [p for p in due(now, tasks, list(statuses), subs((1, 101)), POLICY) if p.kind == "digest"]


def test_weekly_digest_on_monday_lists_what_is_due_in_14_days_and_what_is_late() -> None:
    tasks = [task("2025-03-20", tid=1, what="Báo cáo sáng kiến"), task("2025-03-03", tid=2, what="Nộp kế hoạch"),
             task("2025-04-30", tid=3, what="Tự chấm điểm"), task("2025-03-21", tid=4, what="Đã nộp rồi")]
    done = [StatusInfo(4, 1, None, "done")]
    assert digests(at(2025, 3, 10, 7, 59), tasks, done) == []  # not before the hour; last week's is not made up
    got = digests(at(2025, 3, 10, 8), tasks, done)
    assert [(p.chat_id, p.due_at, p.occurrence) for p in got] == [(101, at(2025, 3, 10), D("2025-03-10"))]
    text = got[0].text
    assert "Quá hạn (1)" in text and "Nộp kế hoạch" in text
    assert "Đến hạn trong 14 ngày tới (1)" in text and "Báo cáo sáng kiến" in text and "thứ Năm, 20/03/2025" in text
    assert "Tự chấm điểm" not in text and "Đã nộp rồi" not in text
    assert digests(at(2025, 3, 10, 17), tasks, done)[0].dedupe_key == got[0].dedupe_key  # same day, same key
    assert digests(at(2025, 3, 12, 8), tasks, done) == [], "a Wednesday (after an upload) sends no digest"


def test_the_digest_goes_out_on_the_configured_weekday_only() -> None:
    friday = Policy(digest_weekday=4)
    tasks = [task("2025-03-20", tid=1, what="Báo cáo sáng kiến")]
    days = [d for d in range(10, 17) if any(p.kind == "digest" for p in due(
        at(2025, 3, d, 9), tasks, [], subs((1, 101)), friday))]
    assert days == [14]  # Friday 14/03/2025, not the Monday
    settings = load_settings(digest_weekday="6", _env_file=None)  # "thứ 6", as Vietnamese offices write it
    assert Policy.from_settings(settings).digest_weekday == 4
    assert load_settings(digest_weekday="Chủ nhật", _env_file=None).digest_weekday == 6
    with pytest.raises(UserError, match="CCHC_DIGEST_WEEKDAY"):
        load_settings(digest_weekday="thứ 9", _env_file=None)


def test_digest_of_the_tet_week_moves_to_the_friday_before() -> None:
    got = digests(at(2025, 1, 24, 8), [task("2025-02-03")])
    assert [(p.due_at, p.occurrence) for p in got] == [(at(2025, 1, 24), D("2025-01-27"))]


def test_no_digest_for_a_unit_with_nothing_to_say() -> None:
    assert digests(at(2025, 3, 10, 8), [task("2025-06-30")]) == []


# ------------------------------------------------------------------ texts

def test_reminder_text_has_weekday_deadline_submit_to_quote_source_and_escapes_html() -> None:
    t = TaskInfo(id=1, what="Báo cáo <Chỉ số> CCHC & PAR", quote="chậm nhất 10h00' ngày 19/3/2024",
                 deadline=D("2024-03-19"), deadline_time=dt.time(10, 0), doers=(1,), unit_names=NAMES,
                 source_title="Công văn số 123/UBND-NV", source_issuer="UBND huyện Mê Linh", section="2",
                 submit_to="UBND huyện (qua Phòng Nội vụ)")
    text = plan(at(2024, 3, 18, 8), [t])[0].text
    assert "Báo cáo &lt;Chỉ số&gt; CCHC &amp; PAR" in text
    assert "thứ Ba, 19/03/2024, 10:00" in text
    assert "Gửi về:</b> UBND huyện (qua Phòng Nội vụ)" in text
    assert "«chậm nhất 10h00' ngày 19/3/2024»" in text
    assert "Công văn số 123/UBND-NV; UBND huyện Mê Linh; mục 2" in text
    assert "Phòng Tư pháp" in text and "Ngày mai là hạn chót." in text


@pytest.mark.parametrize("day, name", [("2025-01-27", "thứ Hai"), ("2025-01-29", "thứ Tư"),
                                       ("2025-02-01", "thứ Bảy"), ("2025-02-02", "Chủ nhật")])
def test_weekday_names(day: str, name: str) -> None:
    assert weekday_name(D(day)) == name
    assert messages.format_deadline(D(day)) == f"{name}, {D(day):%d/%m/%Y}"


def test_buttons_carry_the_callback_formats() -> None:
    assert messages.reminder_buttons(12, 7, 345, can_mark_done=True) == [
        [("Đã hoàn thành", "done:12:7"), ("Nhắc lại sau", "snooze:345")]]
    assert messages.reminder_buttons(12, 9, 346, can_mark_done=False) == [[("Nhắc lại sau", "snooze:346")]]


def test_snooze_target_is_the_next_working_day_at_eight() -> None:
    assert POLICY.snooze_until(at(2025, 1, 24, 16)) == at(2025, 2, 3)   # Friday before Tết → Monday after
    assert POLICY.snooze_until(at(2025, 3, 11, 9)) == at(2025, 3, 12)

"""/tiendo and `cchc tiendo` read their argument one way (bot.progress): a directive, a period or a unit."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.progress import read_scope, report
from bot.reminders.policy import Policy
from bot.services import Services
from bot.telegram.render import unit_progress_html
from corpus.errors import UserError

NOW = dt.datetime(2025, 3, 1, 1, 0, tzinfo=dt.UTC)


def test_a_unit_name_gives_its_tasks_across_directives(seeded: Services) -> None:
    with seeded.sessions() as s:
        scope = read_scope(s, seeded.knowledge.registry, "phong tu phap me linh", NOW.date())  # as typed
        done = report(s, scope, now=NOW, policy=Policy())
    assert scope.label.startswith("Phòng Tư pháp (huyện Mê Linh") and len(scope.unit_ids) == 1
    [unit] = done.units
    assert unit.tasks and not done.rows
    states = [t.state for t in unit.tasks]
    assert set(states) <= {"overdue", "open", "done_late", "done"}
    assert states == sorted(states, key=["overdue", "open", "done_late", "done"].index)  # the late ones first
    text = unit_progress_html(done.units)
    assert text.startswith("<b>Tiến độ — Phòng Tư pháp (huyện Mê Linh")
    assert text.count("\n• ") == len(unit.tasks)


def test_a_unit_without_a_place_is_every_localitys_unit_of_that_name(seeded: Services) -> None:
    with seeded.sessions() as s:
        scope = read_scope(s, seeded.knowledge.registry, "Phòng Nội vụ", NOW.date())
    assert len(scope.unit_ids) >= 3  # Vĩnh Linh, Bạch Thông, Mê Linh each have one


def test_a_period_or_a_directive_gives_the_per_unit_counts(seeded: Services) -> None:
    with seeded.sessions() as s:
        quarter = read_scope(s, seeded.knowledge.registry, "quý I 2025", NOW.date())
        assert quarter.period == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
        assert quarter.label == "01/01/2025 – 31/03/2025"
        rows = report(s, quarter, now=NOW, policy=Policy()).rows
        assert rows and all(r.total for r in rows)
        with pytest.raises(UserError, match="Không hiểu «hôm qua»"):
            read_scope(s, seeded.knowledge.registry, "hôm qua", NOW.date())

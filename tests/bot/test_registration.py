"""Linking chats to units (bot/registration.py) on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import registration
from corpus import models as m
from corpus.db import make_engine, migrate, session_factory
from corpus.errors import NotFound, UserError
from corpus.units import load_registry, unit_key

REGISTRY = load_registry()
GROUP, OTHER_GROUP = -100200, -100300


def _locality(session: Session, district: str, province: str, kind: str = "tỉnh") -> m.Locality:
    loc = m.Locality(key=f"{district}|{province}", district=district, district_kind="huyện", province=province,
                     province_kind=kind)
    session.add(loc)
    return loc


def _unit(session: Session, loc: m.Locality, name: str, *, group: bool = False) -> m.Unit:
    unit = m.Unit(locality=loc, key=unit_key(name), name=name, kind="group" if group else "phòng", is_group=group,
                  member_kinds=[], aliases=[])
    session.add(unit)
    return unit


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """Three districts, each with its own Phòng Nội vụ; two with a Phòng Tư pháp."""
    engine = make_engine(db_url)
    migrate(engine)
    with session_factory(engine)() as s:
        vl = _locality(s, "Vĩnh Linh", "Quảng Trị")
        ml = _locality(s, "Mê Linh", "Hà Nội", "thành phố")
        bt = _locality(s, "Bạch Thông", "Bắc Kạn")
        for loc in (vl, ml, bt):
            _unit(s, loc, "Phòng Nội vụ")
        for loc in (ml, bt):
            _unit(s, loc, "Phòng Tư pháp")
        _unit(s, ml, "Văn phòng HĐND và UBND huyện")
        _unit(s, vl, "UBND các xã, thị trấn", group=True)
        s.commit()
        yield s
    engine.dispose()


def test_unit_named_with_its_district(session: Session) -> None:
    unit = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Vĩnh Linh")
    assert unit.name == "Phòng Nội vụ" and unit.locality == "huyện Vĩnh Linh, tỉnh Quảng Trị"
    assert registration.find_unit(session, REGISTRY, "phong noi vu huyen me linh").locality.startswith("huyện Mê Linh")


def test_unit_named_by_an_alias_and_a_typo(session: Session) -> None:
    assert registration.find_unit(session, REGISTRY, "VP HĐND-UBND").name == "Văn phòng HĐND và UBND huyện"
    assert registration.find_unit(session, REGISTRY, "Phòng Tư phap Bạch Thông").locality.startswith("huyện Bạch")


def test_a_name_in_several_districts_asks_for_the_district(session: Session) -> None:
    with pytest.raises(UserError) as err:
        registration.find_unit(session, REGISTRY, "Phòng Nội vụ")
    assert "ghi thêm tên huyện" in err.value.message and "/dangky Phòng Nội vụ" in err.value.message
    assert "Mê Linh" in err.value.message and "Bạch Thông" in err.value.message


def test_unknown_units_are_refused(session: Session) -> None:
    with pytest.raises(NotFound, match="Không tìm thấy"):
        registration.find_unit(session, REGISTRY, "Câu lạc bộ cờ tướng")
    with pytest.raises(NotFound):
        registration.find_unit(session, REGISTRY, "Phòng Tư pháp Hải Châu")
    with pytest.raises(UserError):
        registration.find_unit(session, REGISTRY, "   ")


def _units(session: Session) -> int:
    return session.scalar(select(func.count(m.Unit.id))) or 0


def test_a_known_kind_of_unit_in_a_known_district_is_created_only_on_approval(session: Session) -> None:
    before = _units(session)
    unit = registration.find_unit(session, REGISTRY, "Phòng Tư pháp Vĩnh Linh")
    assert unit.id is None and unit.name == "Phòng Tư pháp" and unit.locality.startswith("huyện Vĩnh Linh")
    link = registration.request_link(session, chat_id=GROUP, chat_title="Nhóm TP", unit=unit, user_id=7)
    assert link.unit.id is None and link.unit.label() == unit.label() and _units(session) == before
    assert [x.unit.name for x in registration.pending_links(session)] == ["Phòng Tư pháp"]
    approved = registration.decide(session, link.id, approve=True, admin_id=1)
    assert approved.unit.id is not None and _units(session) == before + 1
    assert registration.chat_unit(session, GROUP) == approved.unit
    assert registration.find_unit(session, REGISTRY, "Phòng Tư pháp Vĩnh Linh").id == approved.unit.id


def test_requests_from_any_chat_are_bounded(session: Session) -> None:
    before = _units(session)
    proposal = registration.find_unit(session, REGISTRY, "Phòng Tư pháp Vĩnh Linh")
    start = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    first = registration.request_link(session, chat_id=42, chat_title=None, unit=proposal, user_id=42, now=start)
    with pytest.raises(registration.AlreadyRequested, match="đang chờ quản trị viên duyệt"):
        registration.request_link(session, chat_id=42, chat_title=None, unit=proposal, user_id=42, now=start)
    other = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Mê Linh")
    with pytest.raises(UserError, match="hãy đợi khoảng 9 phút"):
        registration.request_link(session, chat_id=42, chat_title=None, unit=other, user_id=42,
                                  now=start + dt.timedelta(minutes=1))
    later = registration.request_link(session, chat_id=42, chat_title=None, unit=other, user_id=42,
                                      now=start + registration.REQUEST_COOLDOWN)
    assert [x.id for x in registration.pending_links(session)] == [later.id], "one pending request per chat"
    assert first.id != later.id and _units(session) == before, "no unit row for a request"
    for chat in range(1000, 1000 + registration.MAX_PENDING - 1):
        registration.request_link(session, chat_id=chat, chat_title=None, unit=proposal, user_id=chat, now=start)
    with pytest.raises(UserError, match="quá nhiều yêu cầu"):
        registration.request_link(session, chat_id=7, chat_title=None, unit=proposal, user_id=7, now=start)
    assert _units(session) == before


def test_request_approve_unlink(session: Session) -> None:
    unit = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Mê Linh")
    link = registration.request_link(session, chat_id=GROUP, chat_title="Nhóm NV", unit_id=unit.id, user_id=7)
    assert link.status == "pending" and registration.chat_unit(session, GROUP) is None
    assert [x.id for x in registration.pending_links(session)] == [link.id]
    decided = registration.decide(session, link.id, approve=True, admin_id=1)
    assert decided.status == "approved" and registration.chat_unit(session, GROUP) == unit
    with pytest.raises(UserError, match="đã được xử lý"):
        registration.decide(session, link.id, approve=False, admin_id=1)
    with pytest.raises(UserError, match="/huydangky"):
        other = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Vĩnh Linh")
        registration.request_link(session, chat_id=GROUP, chat_title=None, unit_id=other.id, user_id=7)
    assert registration.unlink(session, GROUP) == [unit]
    assert registration.chat_unit(session, GROUP) is None and registration.chat_links(session, GROUP) == []


def _later() -> dt.datetime:
    """A moment after the cooldown between two requests of one chat."""
    return dt.datetime.now(dt.UTC) + registration.REQUEST_COOLDOWN + dt.timedelta(minutes=1)


def test_rejected_then_requested_again(session: Session) -> None:
    unit = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Bạch Thông")
    first = registration.request_link(session, chat_id=OTHER_GROUP, chat_title="x", unit_id=unit.id, user_id=7)
    assert registration.decide(session, first.id, approve=False, admin_id=1).status == "rejected"
    again = registration.request_link(session, chat_id=OTHER_GROUP, chat_title="x", unit_id=unit.id, user_id=8,
                                      now=_later())
    assert again.id == first.id and again.status == "pending" and again.requested_by == 8


def test_a_new_request_replaces_a_pending_one(session: Session) -> None:
    a = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Bạch Thông")
    b = registration.find_unit(session, REGISTRY, "Phòng Tư pháp Bạch Thông")
    registration.request_link(session, chat_id=GROUP, chat_title=None, unit_id=a.id, user_id=7)
    registration.request_link(session, chat_id=GROUP, chat_title=None, unit_id=b.id, user_id=7, now=_later())
    assert [x.unit for x in registration.chat_links(session, GROUP)] == [b]


def test_overview_counts(session: Session) -> None:
    unit = registration.find_unit(session, REGISTRY, "Phòng Nội vụ Mê Linh")
    link = registration.request_link(session, chat_id=GROUP, chat_title=None, unit_id=unit.id, user_id=7)
    registration.decide(session, link.id, approve=True, admin_id=1)
    registration.request_link(session, chat_id=OTHER_GROUP, chat_title=None, unit_id=unit.id, user_id=7)
    o = registration.overview(session)
    assert (o.documents, o.tasks, o.units, o.linked_chats, o.pending_links) == (0, 0, 6, 1, 1)

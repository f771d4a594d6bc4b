"""Linking chats to units: find a unit by name, request, approve or reject, unlink, and count.

No Telegram here: the bot's adapters call these with the caller's session (the caller commits).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from corpus import models as m
from corpus.errors import NotFound, UserError
from corpus.text import key
from corpus.tracking import ChatLink, ChatMember
from corpus.units import FUZZY_CUTOFF, UnitRegistry, unit_key

# Words that may stand before a district or province name and say nothing by themselves.
_PLACE_WORDS = frozenset({"huyen", "tinh", "thanh", "pho", "quan", "thi", "xa", "o", "cua", "thuoc", "tp", "tx"})
_LIVE = ("pending", "approved")
REQUEST_COOLDOWN = dt.timedelta(minutes=10)  # between two requests of one chat (each one pings the admins)
MAX_PENDING = 50  # requests waiting for the admins, over all chats


@dataclass(frozen=True)
class UnitRef:
    """A unit as the bot shows it: id, name and locality (a task's unit in an answer is a catalog.TaskUnitView).

    id is None for a unit no directive named yet (a known kind in a known locality): it may be requested,
    and it is created when an administrator approves the request (kind and locality_id say what to create)."""

    id: int | None
    name: str
    locality: str | None
    kind: str | None = field(default=None, compare=False)
    locality_id: int | None = field(default=None, compare=False)

    def label(self) -> str:
        """'Phòng Tư pháp (huyện Mê Linh, thành phố Hà Nội)'."""
        return f"{self.name} ({self.locality})" if self.locality else self.name


@dataclass(frozen=True)
class LinkRef:
    """One chat-to-unit link as the bot shows it."""

    id: int
    chat_id: int
    chat_title: str | None
    unit: UnitRef
    status: str
    requested_by: int | None


@dataclass(frozen=True)
class Overview:
    """What /thongke shows."""

    documents: int
    tasks: int
    dated_tasks: int
    units: int
    linked_chats: int
    pending_links: int


def unit_ref(unit: m.Unit) -> UnitRef:
    """The UnitRef of a unit row."""
    return UnitRef(unit.id, unit.name, unit.locality.label() if unit.locality else None, unit.kind, unit.locality_id)


def link_ref(link: ChatLink) -> LinkRef:
    """The LinkRef of a ChatLink row (a request for a unit not created yet included)."""
    if link.unit is not None:
        unit = unit_ref(link.unit)
    else:
        unit = UnitRef(None, link.unit_name or "", link.locality.label() if link.locality else None, link.unit_kind,
                       link.locality_id)
    return LinkRef(link.id, link.chat_id, link.chat_title, unit, link.status, link.requested_by)


class AlreadyRequested(UserError):
    """The same request is already waiting for the admins (they are not pinged again)."""


# ------------------------------------------------------------------ finding a unit by name


def find_unit(session: Session, registry: UnitRegistry, text: str) -> UnitRef:
    """The one unit a typed name stands for ('Phòng Nội vụ Vĩnh Linh'); UserError when unknown or ambiguous."""
    words = text.split()
    if not words:
        raise UserError("Hãy ghi tên đơn vị, ví dụ: /dangky Phòng Nội vụ Vĩnh Linh")
    units = list(session.scalars(select(m.Unit).where(m.Unit.is_group.is_(False))))
    for n in range(len(words), 0, -1):
        name, place = " ".join(words[:n]), words[n:]
        named = _units_named(units, registry, name)
        if named or registry.resolve(name):
            return _pick(session, registry, name, place, named)
    raise NotFound(f"Không tìm thấy đơn vị «{text}». Hãy ghi đúng tên đơn vị và huyện, "
                   "ví dụ: /dangky Phòng Tư pháp Mê Linh")


def match_units(session: Session, registry: UnitRegistry, text: str) -> list[m.Unit]:
    """The stored units a typed name stands for, read as find_unit reads it (the longest known name first, the
    words after it a place: 'Phòng Tư pháp Vĩnh Linh'); every locality's unit of that name when no place is
    given; [] when no stored unit has the name."""
    words = text.split()
    units = list(session.scalars(select(m.Unit).where(m.Unit.is_group.is_(False)).order_by(m.Unit.id)))
    for n in range(len(words), 0, -1):
        named = _units_named(units, registry, " ".join(words[:n]))
        if named:
            place_key = _place_key(words[n:])
            return [u for u in named if u.locality and place_key in key(u.locality.label())] if place_key else named
    return []


def _units_named(units: list[m.Unit], registry: UnitRegistry, name: str) -> list[m.Unit]:
    """Unit rows whose name or alias is this name (exactly, through the registry, or a close spelling)."""
    k = unit_key(name)
    if not k:
        return []
    template = registry.resolve(name)
    keys = {k} | ({unit_key(template.name)} if template else set())
    out = []
    for u in units:
        names = [unit_key(x) for x in (u.name, *u.aliases)]
        if any(x in keys for x in names) or fuzz.ratio(names[0], k) >= FUZZY_CUTOFF:
            out.append(u)
    return out


def _pick(session: Session, registry: UnitRegistry, name: str, place: list[str],
          named: list[m.Unit]) -> UnitRef:
    """Narrow the units of one name to a single locality, or explain what is missing."""
    place_key = _place_key(place)
    if place_key:
        here = [u for u in named if u.locality and place_key in key(u.locality.label())]
        if not here:
            return _new_unit(session, registry, name, place_key, named)
        named = here
    localities = {u.locality_id for u in named}
    if len(localities) > 1:
        options = "\n".join(f"• {unit_ref(u).label()}" for u in named)
        district = next((u.locality.district for u in named if u.locality and u.locality.district), "Vĩnh Linh")
        raise UserError(f"Có nhiều đơn vị tên «{named[0].name}» ở các địa phương khác nhau:\n{options}\n"
                        f"Hãy ghi thêm tên huyện, ví dụ: /dangky {named[0].name} {district}")
    if not named:
        raise UserError(f"Hãy ghi thêm tên huyện, ví dụ: /dangky {name} Vĩnh Linh")
    return unit_ref(named[0])


def _place_key(words: list[str]) -> str:
    """'huyện Vĩnh Linh' → 'vinh linh'."""
    return " ".join(w for w in key(" ".join(words)).split() if w not in _PLACE_WORDS)


def _new_unit(session: Session, registry: UnitRegistry, name: str, place_key: str,
              named: list[m.Unit]) -> UnitRef:
    """A known kind of unit (from the registry) in a known locality that no directive named yet."""
    template = registry.resolve(name)
    localities = [loc for loc in session.scalars(select(m.Locality)) if place_key in key(loc.label())]
    if template is None or template.is_group or len(localities) != 1:
        where = ", ".join(sorted({u.locality.label() for u in named if u.locality})) or "chưa có văn bản nào"
        raise NotFound(f"Không tìm thấy «{name}» ở «{place_key}». Đơn vị tên này có ở: {where}.")
    # Nothing is created here: a request names the unit, the admin's approval creates it.
    return UnitRef(None, template.name, localities[0].label(), template.kind, localities[0].id)


def _create_unit(session: Session, unit: UnitRef) -> m.Unit:
    """The unit row of an approved request (the one an ingest may have created meanwhile, if any)."""
    k = unit_key(unit.name)
    row = session.scalar(select(m.Unit).where(m.Unit.locality_id == unit.locality_id, m.Unit.key == k))
    if row is None:
        row = m.Unit(locality_id=unit.locality_id, key=k, name=unit.name, kind=unit.kind or "", is_group=False,
                     member_kinds=[], aliases=[])
        session.add(row)
        session.flush()
    return row


# ------------------------------------------------------------------ links


def request_link(session: Session, *, chat_id: int, chat_title: str | None, user_id: int | None,
                 unit: UnitRef | None = None, unit_id: int | None = None, now: dt.datetime | None = None) -> LinkRef:
    """A pending request to link this chat to the unit (a chat already linked must unlink first).

    Bounded, because each request pings the admins: one pending request per chat (a new one replaces it),
    the same request twice is AlreadyRequested, a chat waits REQUEST_COOLDOWN between two requests, and at
    most MAX_PENDING requests wait over all chats."""
    now = now or _now()
    if unit is None:
        row = session.get(m.Unit, unit_id) if unit_id is not None else None
        if row is None:
            raise NotFound("Không tìm thấy đơn vị này.")
        unit = unit_ref(row)
    current = chat_unit(session, chat_id)
    if current is not None:
        if unit.id is not None and current.id == unit.id:
            raise UserError(f"Cuộc trò chuyện này đã được liên kết với {current.label()}.")
        raise UserError(f"Cuộc trò chuyện này đang liên kết với {current.label()}. "
                        "Muốn đổi đơn vị, hãy dùng /huydangky trước.")
    pending = _links(session, chat_id, ("pending",))
    if any(_same_unit(x, unit) for x in pending):
        raise AlreadyRequested(f"Yêu cầu liên kết với {unit.label()} đã được gửi và đang chờ quản trị viên duyệt.")
    latest = session.scalar(select(func.max(ChatLink.requested_at)).where(ChatLink.chat_id == chat_id))
    if latest is not None and now - _aware(latest) < REQUEST_COOLDOWN:
        wait = max(1, round((REQUEST_COOLDOWN - (now - _aware(latest))).total_seconds() / 60))
        raise UserError(f"Cuộc trò chuyện này vừa gửi một yêu cầu liên kết; hãy đợi khoảng {wait} phút rồi gửi lại.")
    waiting = session.scalar(select(func.count(ChatLink.id)).where(ChatLink.status == "pending")) or 0
    if waiting - len(pending) >= MAX_PENDING:
        raise UserError("Hiện có quá nhiều yêu cầu liên kết đang chờ duyệt; hãy thử lại sau hoặc liên hệ "
                        "quản trị viên.")
    for other in pending:
        other.status = "inactive"
    link = _find_request(session, chat_id, unit)
    if link is None:
        link = ChatLink(chat_id=chat_id, unit_id=unit.id)
        session.add(link)
    if unit.id is None:
        link.unit_name, link.unit_kind, link.locality_id = unit.name, unit.kind, unit.locality_id
    link.chat_title, link.status, link.requested_by = chat_title, "pending", user_id
    link.requested_at, link.decided_by, link.decided_at = now, None, None
    session.flush()
    return link_ref(link)


def _same_unit(link: ChatLink, unit: UnitRef) -> bool:
    if unit.id is not None:
        return link.unit_id == unit.id
    return link.unit_id is None and link.locality_id == unit.locality_id and unit_key(link.unit_name or "") == \
        unit_key(unit.name)


def _find_request(session: Session, chat_id: int, unit: UnitRef) -> ChatLink | None:
    """The chat's earlier row for this unit (any status), to reuse."""
    rows = session.scalars(select(ChatLink).where(ChatLink.chat_id == chat_id, ChatLink.unit_id == unit.id)) \
        if unit.id is not None else session.scalars(select(ChatLink).where(ChatLink.chat_id == chat_id,
                                                                           ChatLink.unit_id.is_(None)))
    return next((x for x in rows if _same_unit(x, unit)), None)


def decide(session: Session, link_id: int, *, approve: bool, admin_id: int) -> LinkRef:
    """Approve or reject a pending link; an approved chat keeps only this one unit (created now if new)."""
    link = session.get(ChatLink, link_id)
    if link is None:
        raise NotFound("Không tìm thấy yêu cầu liên kết này (có thể đã bị hủy).")
    if link.status != "pending":
        raise UserError(f"Yêu cầu này đã được xử lý trước đó ({STATUS_LABELS.get(link.status, link.status)}).")
    if approve:
        if link.unit_id is None:
            unit = _create_unit(session, link_ref(link).unit)
            twin = session.scalar(select(ChatLink).where(ChatLink.chat_id == link.chat_id,
                                                         ChatLink.unit_id == unit.id))
            if twin is not None:  # an older row of this chat for the unit (rejected, unlinked): keep one row
                twin.unit_id = None
                twin.status = "inactive"
                session.flush()
            link.unit_id, link.unit = unit.id, unit
        for other in _links(session, link.chat_id, _LIVE):
            if other.id != link.id:
                other.status = "inactive"
    link.status = "approved" if approve else "rejected"
    link.decided_by, link.decided_at = admin_id, _now()
    session.flush()
    return link_ref(link)


def chat_unit(session: Session, chat_id: int) -> UnitRef | None:
    """The unit this chat is approved for, if any."""
    link = next((x for x in _links(session, chat_id, ("approved",)) if x.unit is not None), None)
    return unit_ref(link.unit) if link and link.unit else None


def chat_links(session: Session, chat_id: int) -> list[LinkRef]:
    """The chat's approved and pending links (what /donvi shows)."""
    return [link_ref(x) for x in _links(session, chat_id, _LIVE)]


def unlink(session: Session, chat_id: int) -> list[UnitRef]:
    """End the chat's approved and pending links; return the units it was linked to."""
    links = _links(session, chat_id, _LIVE)
    for link in links:
        link.status = "inactive"
    session.flush()
    return [link_ref(x).unit for x in links]


def pending_links(session: Session, limit: int = 20) -> list[LinkRef]:
    """The oldest pending requests first."""
    rows = session.scalars(select(ChatLink).where(ChatLink.status == "pending")
                           .order_by(ChatLink.requested_at, ChatLink.id).limit(limit))
    return [link_ref(x) for x in rows]


def overview(session: Session) -> Overview:
    """Counts for /thongke."""
    def count(stmt: Select[tuple[int]]) -> int:
        return session.scalar(stmt) or 0

    return Overview(
        documents=count(select(func.count(m.Document.id))),
        tasks=count(select(func.count(m.Task.id))),
        dated_tasks=count(select(func.count(m.Task.id)).where(m.Task.deadline_date.is_not(None))),
        units=count(select(func.count(m.Unit.id)).where(m.Unit.is_group.is_(False))),
        linked_chats=count(select(func.count(func.distinct(ChatLink.chat_id))).where(ChatLink.status == "approved")),
        pending_links=count(select(func.count(ChatLink.id)).where(ChatLink.status == "pending")),
    )


# ------------------------------------------------------------------ membership of linked groups

MEMBERSHIP_FRESH = dt.timedelta(minutes=5)  # after this, a membership is checked with Telegram again


@dataclass(frozen=True)
class Membership:
    """A user's membership of a unit's group, as stored."""

    chat_id: int
    unit: UnitRef
    checked_at: dt.datetime

    def fresh(self, now: dt.datetime) -> bool:
        return now - self.checked_at < MEMBERSHIP_FRESH


def record_membership(session: Session, chat_id: int, user_id: int, *, member: bool, now: dt.datetime) -> None:
    """What Telegram just said (or showed) about a user in a group: a member now, or gone."""
    row = session.scalar(select(ChatMember).where(ChatMember.chat_id == chat_id, ChatMember.user_id == user_id))
    if row is None:
        if not member:
            return
        row = ChatMember(chat_id=chat_id, user_id=user_id)
        session.add(row)
    row.status, row.checked_at = ("member" if member else "left"), now
    session.flush()


def seen_in_group(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> None:
    """A user wrote in a linked group: a member at this moment (written only when it changes what is stored)."""
    row = session.scalar(select(ChatMember).where(ChatMember.chat_id == chat_id, ChatMember.user_id == user_id))
    if row is not None and row.status == "member" and now - _aware(row.checked_at) < MEMBERSHIP_FRESH / 5:
        return
    record_membership(session, chat_id, user_id, member=True, now=now)


def memberships(session: Session, user_id: int) -> list[Membership]:
    """The linked groups this user is a member of (as stored), most recently confirmed first."""
    rows = session.execute(select(ChatMember.chat_id, ChatMember.checked_at)
                           .where(ChatMember.user_id == user_id, ChatMember.status == "member")
                           .order_by(ChatMember.checked_at.desc())).all()
    out = []
    for chat_id, checked_at in rows:
        unit = chat_unit(session, chat_id)
        if unit is not None:
            out.append(Membership(chat_id, unit, _aware(checked_at)))
    return out


def unit_chats(session: Session, unit_id: int) -> list[int]:
    """The chats approved for a unit (its group, and any private chat linked to it)."""
    return list(session.scalars(select(ChatLink.chat_id).where(ChatLink.unit_id == unit_id,
                                                                ChatLink.status == "approved")
                                .order_by(ChatLink.id)))


STATUS_LABELS = {"pending": "đang chờ duyệt", "approved": "đã duyệt", "rejected": "đã từ chối",
                 "inactive": "đã hủy"}


def _links(session: Session, chat_id: int, statuses: tuple[str, ...]) -> list[ChatLink]:
    stmt = (select(ChatLink).where(ChatLink.chat_id == chat_id, ChatLink.status.in_(statuses))
            .order_by(ChatLink.decided_at.desc(), ChatLink.id.desc()))
    return list(session.scalars(stmt))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (stored in UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

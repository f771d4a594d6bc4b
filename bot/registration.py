"""Linking chats to units: find a unit by name, request, approve or reject, unlink, and count.

No Telegram here: the bot's adapters call these with the caller's session (the caller commits).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from corpus import models as m
from corpus.errors import NotFound, UserError
from corpus.text import key
from corpus.tracking import ChatLink
from corpus.units import FUZZY_CUTOFF, UnitRegistry, unit_key

# Words that may stand before a district or province name and say nothing by themselves.
_PLACE_WORDS = frozenset({"huyen", "tinh", "thanh", "pho", "quan", "thi", "xa", "o", "cua", "thuoc", "tp", "tx"})
_LIVE = ("pending", "approved")


@dataclass(frozen=True)
class UnitRef:
    """A unit as the bot shows it: id, name and locality."""

    id: int
    name: str
    locality: str | None

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
    return UnitRef(unit.id, unit.name, unit.locality.label() if unit.locality else None)


def link_ref(link: ChatLink) -> LinkRef:
    """The LinkRef of a ChatLink row."""
    return LinkRef(link.id, link.chat_id, link.chat_title, unit_ref(link.unit), link.status, link.requested_by)


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
    unit = m.Unit(locality_id=localities[0].id, key=unit_key(template.name), name=template.name,
                  kind=template.kind, is_group=False, member_kinds=[], aliases=[])
    session.add(unit)
    session.flush()
    return unit_ref(unit)


# ------------------------------------------------------------------ links


def request_link(session: Session, *, chat_id: int, chat_title: str | None, unit_id: int,
                 user_id: int | None) -> LinkRef:
    """A pending link of this chat to the unit (a chat already linked must unlink first)."""
    current = chat_unit(session, chat_id)
    if current is not None:
        if current.id == unit_id:
            raise UserError(f"Cuộc trò chuyện này đã được liên kết với {current.label()}.")
        raise UserError(f"Cuộc trò chuyện này đang liên kết với {current.label()}. "
                        "Muốn đổi đơn vị, hãy dùng /huydangky trước.")
    for other in _links(session, chat_id, ("pending",)):
        if other.unit_id != unit_id:
            other.status = "inactive"
    link = session.scalar(select(ChatLink).where(ChatLink.chat_id == chat_id, ChatLink.unit_id == unit_id))
    if link is None:
        link = ChatLink(chat_id=chat_id, unit_id=unit_id)
        session.add(link)
    link.chat_title, link.status, link.requested_by = chat_title, "pending", user_id
    link.requested_at, link.decided_by, link.decided_at = _now(), None, None
    session.flush()
    return link_ref(link)


def decide(session: Session, link_id: int, *, approve: bool, admin_id: int) -> LinkRef:
    """Approve or reject a pending link; an approved chat keeps only this one unit."""
    link = session.get(ChatLink, link_id)
    if link is None:
        raise NotFound("Không tìm thấy yêu cầu liên kết này (có thể đã bị hủy).")
    if link.status != "pending":
        raise UserError(f"Yêu cầu này đã được xử lý trước đó ({STATUS_LABELS.get(link.status, link.status)}).")
    if approve:
        for other in _links(session, link.chat_id, _LIVE):
            if other.id != link.id:
                other.status = "inactive"
    link.status = "approved" if approve else "rejected"
    link.decided_by, link.decided_at = admin_id, _now()
    session.flush()
    return link_ref(link)


def chat_unit(session: Session, chat_id: int) -> UnitRef | None:
    """The unit this chat is approved for, if any."""
    link = next(iter(_links(session, chat_id, ("approved",))), None)
    return unit_ref(link.unit) if link else None


def chat_links(session: Session, chat_id: int) -> list[LinkRef]:
    """The chat's approved and pending links (what /donvi shows)."""
    return [link_ref(x) for x in _links(session, chat_id, _LIVE)]


def unlink(session: Session, chat_id: int) -> list[UnitRef]:
    """End the chat's approved and pending links; return the units it was linked to."""
    links = _links(session, chat_id, _LIVE)
    for link in links:
        link.status = "inactive"
    session.flush()
    return [unit_ref(x.unit) for x in links]


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


STATUS_LABELS = {"pending": "đang chờ duyệt", "approved": "đã duyệt", "rejected": "đã từ chối",
                 "inactive": "đã hủy"}


def _links(session: Session, chat_id: int, statuses: tuple[str, ...]) -> list[ChatLink]:
    stmt = (select(ChatLink).where(ChatLink.chat_id == chat_id, ChatLink.status.in_(statuses))
            .order_by(ChatLink.decided_at.desc(), ChatLink.id.desc()))
    return list(session.scalars(stmt))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)

"""Readers that run on a chosen passage at answer time: its deadline (resolved for the question's day,
period or anchor), its units (who does it, with whom, where to send it), and the span to quote.

Nothing here depends on an extraction rule having fired at ingest: the same readers read any passage.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from corpus.assignments import analyse, find_submit_to
from corpus.dates import PartialDate, add_working_days
from corpus.deadlines import Deadline, extract_deadlines
from corpus.units import UnitRegistry

# ---------------------------------------------------------------- deadlines

_EFFECTIVE = re.compile(
    r"(?i)(?:có hiệu lực|hiệu lực thi hành|được thi hành|thi hành|áp dụng)\s*(?:thi hành\s*)?(?:kể\s*)?từ\s+"
    r"(?:ngày\s+)?(?:ký|kí)(?:\s+ban hành)?|có hiệu lực\s+(?:thi hành\s+)?(?:kể\s+)?từ\s+ngày\s+ban hành"
)
_EFFECTIVE_ON = re.compile(
    r"(?i)(?:có hiệu lực|hiệu lực thi hành|thi hành|áp dụng)\s*(?:thi hành\s*)?(?:kể\s*)?(?:từ|từ ngày|kể từ ngày)\s*"
    r"(?:ngày\s*)?(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?P<y>\d{4})"
)


@dataclass
class Reading:
    """One deadline read from a passage, resolved for the question."""

    date: dt.date | None
    time: dt.time | None
    qualifier: str
    precision: str
    raw: str
    start: int
    rule: str = ""  # "định kỳ" / "tương đối" / "hiệu lực" / ""
    label: str = ""  # "tháng 12/2025" for a period
    recurrence: dict[str, Any] | None = None
    own: bool = False  # the effective date of this very document ("Quyết định này có hiệu lực …")

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat() if self.date else None,
                "time": self.time.strftime("%H:%M") if self.time else None,
                "qualifier": self.qualifier, "precision": self.precision, "recurrence": self.recurrence}


@dataclass
class Question:
    """What a reader needs of the question."""

    today: dt.date
    anchor: dt.date | None = None
    anchor_time: dt.time | None = None
    start: bool = False  # asks when something starts ("từ mấy giờ")
    window: tuple[dt.date, dt.date] | None = None


_THIS_DOCUMENT = re.compile(
    r"(?i)\b(Quyết định|Nghị quyết|Chỉ thị|Thông tư|Nghị định|Kế hoạch|Quy chế|Quy định|Công văn|Văn bản|"
    r"Hướng dẫn|Thông báo|Công điện)\s+này\b")


def read_deadlines(text: str, issued: PartialDate, q: Question, *, effective: dt.date | None = None) -> list[Reading]:
    """Every deadline of a passage, each resolved to a day where the question allows."""
    out: list[Reading] = []
    for m in _EFFECTIVE.finditer(text):
        day = issued.as_date() if issued else None
        if day:
            out.append(Reading(day, None, "hiệu lực", "day", m.group(0), m.start(), rule="hiệu lực",
                               own=_about_itself(text, m.start())))
    for m in _EFFECTIVE_ON.finditer(text):
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        out.append(Reading(day, None, "hiệu lực", "day", m.group(0), m.start(), rule="hiệu lực",
                           own=_about_itself(text, m.start())))
    taken = [(r.start, r.start + len(r.raw)) for r in out]
    for d in _safe_extract(text, issued):
        if any(a <= d.start < b for a, b in taken):
            continue
        r = _resolve(d, issued, q, effective)
        if r is not None:
            out.append(r)
    out.sort(key=lambda r: r.start)
    return out


def _about_itself(text: str, pos: int) -> bool:
    """'Quyết định này có hiệu lực …': the sentence speaks of the document that holds it."""
    return bool(_THIS_DOCUMENT.search(text[max(0, pos - 80):pos + 5]))


def _safe_extract(text: str, issued: PartialDate) -> list[Deadline]:
    try:
        return extract_deadlines(text, issued=issued)
    except (ValueError, OverflowError):
        return []


def _resolve(d: Deadline, issued: PartialDate, q: Question, effective: dt.date | None) -> Reading | None:
    rec = d.recurrence
    rel = getattr(d, "relative", None)
    qualifier = d.qualifier
    if rel is not None:
        anchor = q.anchor
        anchor_text = (getattr(rel, "anchor", "") or "").lower()
        if anchor is None and re.search(r"ký|ban hành", anchor_text) and issued:
            anchor = issued.as_date()
        elif anchor is None and "hiệu lực" in anchor_text:
            anchor = effective or (issued.as_date() if issued else None)
        if anchor is not None:
            day, time = rel.resolve(anchor, q.anchor_time)
            return Reading(day, time or d.time, qualifier, "day", d.raw, d.start, rule="tương đối")
        return Reading(d.date, d.time, qualifier, d.precision, d.raw, d.start, rule="tương đối")
    if d.working_days and d.date is None and q.anchor is not None:
        return Reading(add_working_days(q.anchor, d.working_days), d.time, qualifier, "day", d.raw, d.start,
                       rule="tương đối")
    if rec is not None:
        base = q.window[0] if q.window else q.today
        day = rec.first_on_or_after(base)
        return Reading(day, d.time, qualifier, d.precision, d.raw, d.start, rule="định kỳ",
                       recurrence=rec.to_json())
    start_date = getattr(d, "start_date", None)
    if q.start and start_date is not None:
        return Reading(start_date, getattr(d, "start_time", None), "từ", "day", d.raw, d.start)
    label = getattr(d, "label", "") or ""
    return Reading(d.date, d.time, qualifier, d.precision, d.raw, d.start, label=label)


# ---------------------------------------------------------------- units

_ROLE_COLUMN = re.compile(r"(?i)chủ trì|thực hiện|trách nhiệm|đơn vị|cơ quan|người|bộ phận|phụ trách|giao")
_PARTNER_COLUMN = re.compile(r"(?i)phối hợp")
_TIME_COLUMN = re.compile(r"(?i)thời gian|thời hạn|tiến độ|hạn|hoàn thành|mốc")
_HEADING_UNIT = re.compile(
    r"(?i)^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*|[IVXL]+\s*[.)]\s*|\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s*|[a-zđ]\)\s*)?"
    r"(?:Trách nhiệm (?:của|thực hiện của)\s+|Nhiệm vụ (?:của\s+)?|Đối với\s+|Giao\s+)?(?P<unit>.+?)\s*"
    r"(?:có trách nhiệm|chịu trách nhiệm|thực hiện|chủ trì)?\s*[:.]?\s*$"
)


# "Đơn vị chủ trì: Sở Tư pháp." / "Đơn vị phối hợp thực hiện: Sở Nội vụ, …" after a duty
_LABELLED = re.compile(r"(?i)(?:Đơn vị|Cơ quan|Bộ phận|Người)\s+((?:chủ trì|thực hiện|phối hợp|tham mưu|chịu trách nhiệm)"
                       r"[^:]{0,40}):\s*([^:]{2,200}?)(?=\s*(?:Đơn vị|Cơ quan|Thời gian|Thời hạn|Sản phẩm|Kết quả)\b|$)")


@dataclass
class Units:
    doers: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    submit_to: str | None = None


def org_mentions(text: str) -> list[tuple[str, str]]:
    """(canonical name, as written) of the organisations a text names."""
    from corpus.orgs import find_orgs as generic

    return [(o.name, o.text) for o in generic(text)]


def find_orgs(text: str, registry: UnitRegistry) -> list[str]:
    """Organisations named in a text (the generic reader when available, the registry otherwise)."""
    try:
        from corpus.orgs import find_orgs as generic
    except ImportError:  # pragma: no cover - until the generic reader lands
        generic = None
    names: list[str] = []
    if generic is not None:
        names = [o.name for o in generic(text)]
    for m in registry.scan(text):
        if m.name != "Các cơ quan, đơn vị" and not any(_same(m.name, n) for n in names):
            names.append(m.name)
    return names


def _same(a: str, b: str) -> bool:
    from corpus.text import key

    ka, kb = key(a), key(b)
    return ka in kb or kb in ka


def read_units(text: str, extra: dict[str, Any], registry: UnitRegistry) -> Units:
    """Who does what a passage says, with whom, and where the result goes."""
    out = Units()
    columns = extra.get("columns") or []
    cells = extra.get("cells") or []
    if columns and cells:
        for i, col in enumerate(columns):
            if i >= len(cells) or not cells[i]:
                continue
            if _PARTNER_COLUMN.search(col):
                out.partners += find_orgs(cells[i], registry) or [cells[i]]
            elif _ROLE_COLUMN.search(col) and not _TIME_COLUMN.search(col) and i > 0:
                found = find_orgs(cells[i], registry)
                out.doers += found or ([cells[i]] if len(cells[i]) < 120 else [])
        if not out.doers:
            for i, cell in enumerate(cells[1:], 1):
                if i < len(columns) and _PARTNER_COLUMN.search(columns[i]):
                    continue
                if len(cell) < 100:
                    out.doers += find_orgs(cell, registry)
    elif (labelled := _LABELLED.findall(text)):
        for role, names in labelled:
            found = find_orgs(names, registry) or [names.strip(" .;")]
            if re.search(r"(?i)phối hợp", role):
                out.partners += found
            else:
                out.doers += found
    if not out.doers and not (columns and cells):
        for org, role in _roles(text):
            names = list(org.members) or [org.name]
            if role in ("chủ trì", "thực hiện"):
                out.doers += names
            elif role == "phối hợp":
                out.partners += names
        if not out.doers:
            a = analyse(text, registry)
            out.doers = [m.name for m, role in a.doers if role != "phối hợp"]
            out.partners = out.partners or [m.name for m in a.partners]
            out.submit_to = a.submit_to
        if not out.doers:
            out.doers = _subject_orgs(text, registry)
    if not out.doers:
        out.doers = heading_units(extra, registry)
    if out.submit_to is None:
        out.submit_to, _ = find_submit_to(text)
    out.doers = list(dict.fromkeys(out.doers))
    return out


def _roles(text: str) -> list[tuple[Any, str]]:
    from corpus.orgs import roles

    try:
        return roles(text)
    except Exception:  # noqa: BLE001 - a reader never fails an answer
        return []


def _subject_orgs(text: str, registry: UnitRegistry) -> list[str]:
    """The organisations a sentence opens with, or the ones it assigns ('giao X', 'đề nghị X')."""
    head = re.split(r"\s(?:chủ trì|có trách nhiệm|chịu trách nhiệm|thực hiện|tham mưu|phối hợp|hướng dẫn|"
                    r"tổng hợp|xây dựng|rà soát|báo cáo|theo dõi|triển khai|cập nhật|đánh giá)\b", text, maxsplit=1)
    if len(head) == 2 and len(head[0]) < 200:
        found = find_orgs(head[0], registry)
        if found:
            return found
    m = re.search(r"(?i)\b(?:giao|đề nghị|yêu cầu|chỉ đạo)\s+(.{3,160}?)(?:\s(?:chủ trì|thực hiện|khẩn trương|"
                  r"nghiên cứu|tổ chức|triển khai|rà soát|có|phối hợp|chịu)\b|[:;.]|$)", text)
    if m:
        return find_orgs(m.group(1), registry)
    return []


def heading_units(extra: dict[str, Any], registry: UnitRegistry) -> list[str]:
    """The unit a heading or list lead gives the passages under it ('5. Sở Tư pháp:', 'Điều 8. Trách nhiệm
    của Sở Nội vụ', 'Sở Tài chính có trách nhiệm:'), nearest first."""
    lead = extra.get("lead") or ""
    candidates = ([lead] if lead else []) + list(reversed(extra.get("headings") or []))
    for h in candidates:
        if len(h) > 220:
            continue
        m = _HEADING_UNIT.match(h.strip())
        if not m:
            continue
        found = find_orgs(m.group("unit"), registry)
        if found and (h.rstrip().endswith(":") or re.search(r"(?i)trách nhiệm|nhiệm vụ|đối với|giao", h)
                      or len(m.group("unit")) < 90):
            return found
    return []

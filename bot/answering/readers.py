"""Readers that run on a chosen passage at answer time: its deadline (resolved for the question's day,
period or anchor), its units (who does it, with whom, where to send it), and the span to quote.

Nothing here depends on an extraction rule having fired at ingest: the same readers read any passage.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from corpus.dates import PartialDate, add_working_days
from corpus.deadlines import Deadline, extract_deadlines
from corpus.passage_units import Units, find_orgs, heading_units, org_mentions, read_units

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
    anchored: bool = False  # counted from the day the question gives
    span: bool = False  # the end of a range ("từ ngày 01/01/2026 đến ngày 31/3/2026")

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
    words: frozenset[str] = frozenset()  # the question's syllables (lower case, and folded): its events


# Words that open the name of a rule's reference event without naming it ("ngày nhận được …", "khi có …").
_EVENT_FILLERS = frozenset("ngày ngay khi kể ke từ tu được duoc có co đủ du các cac việc viec trường truong hợp hop "
                           "sau trước truoc".split())


# The directive's own signing ("kể từ ngày ký", "ngày ban hành Kế hoạch này"), not another act that is issued or
# signed ("ngày ban hành quyết định cấp chứng chỉ"): only that is counted from the directive's date.
_SIGNING = re.compile(r"^(?:ngày\s+)?(?:ký|kí)(?:\s+ban hành)?\s*$|^(?:ngày\s+)?ban hành\s*$"
                      r"|(?:ký|ban hành)\b.*\bnày\b")


def event_matches(anchor_text: str, words: frozenset[str]) -> bool:
    """Whether the question speaks of the event a relative rule counts from: the head of the rule's anchor
    ('ngày nhận được kiến nghị' → nhận; 'ngày khai mạc kỳ họp' → khai mạc) is a word of the question. A rule
    without a named event fits any anchor."""
    head = [w for w in re.findall(r"\w+", anchor_text.lower()) if w not in _EVENT_FILLERS][:2]
    if not head or not words:
        return True
    from corpus.text import fold

    return any(w in words or fold(w) in words for w in head)

# A legal portal's field about the document itself (kept by corpus.header as "Ngày có hiệu lực: 29/12/2025").
_EFFECTIVE_FIELD = re.compile(r"(?im)^Ngày (?:có )?hiệu lực\s*:\s*(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})"
                              r"\s*[/.\-]\s*(?P<y>\d{4})")

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
    for pattern in (_EFFECTIVE_ON, _EFFECTIVE_FIELD):
        for m in pattern.finditer(text):
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            out.append(Reading(day, None, "hiệu lực", "day", m.group(0), m.start(), rule="hiệu lực",
                               own=pattern is _EFFECTIVE_FIELD or _about_itself(text, m.start())))
    taken = [(r.start, r.start + len(r.raw)) for r in out]
    for d in _safe_extract(text, issued):
        if any(a <= d.start < b for a, b in taken):
            continue
        r = _resolve(d, issued, q, effective)
        if r is not None:
            out.append(r)
    out.sort(key=lambda r: r.start)
    return out


def states_own_effect(text: str) -> bool:
    """'Quyết định này có hiệu lực thi hành từ …': the clause that says when its own directive takes effect."""
    return bool(_EFFECTIVE_FIELD.search(text)) or \
        any(_about_itself(text, m.start()) for r in (_EFFECTIVE, _EFFECTIVE_ON) for m in r.finditer(text))


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
        anchor_text = (getattr(rel, "anchor", "") or "").lower()
        # the question's day is the day of its own event: it resolves only a rule counted from that event
        anchor = q.anchor if event_matches(anchor_text, q.words) else None
        anchored = anchor is not None
        if anchor is None and _SIGNING.search(anchor_text) and issued:
            anchor = issued.as_date()
        elif anchor is None and "hiệu lực" in anchor_text:
            anchor = effective or (issued.as_date() if issued else None)
        if anchor is not None:
            day, time = rel.resolve(anchor, q.anchor_time)
            return Reading(day, time or d.time, qualifier, "day", d.raw, d.start, rule="tương đối", anchored=anchored)
        return Reading(d.date, d.time, qualifier, d.precision, d.raw, d.start, rule="tương đối")
    if d.working_days and d.date is None and q.anchor is not None:
        return Reading(add_working_days(q.anchor, d.working_days), d.time, qualifier, "day", d.raw, d.start,
                       rule="tương đối", anchored=True)
    if rec is not None:
        base = q.window[0] if q.window else q.today
        day = rec.first_on_or_after(base)
        return Reading(day, d.time, qualifier, d.precision, d.raw, d.start, rule="định kỳ",
                       recurrence=rec.to_json())
    start_date = getattr(d, "start_date", None)
    if q.start and start_date is not None:
        return Reading(start_date, getattr(d, "start_time", None), "từ", "day", d.raw, d.start)
    label = getattr(d, "label", "") or ""
    return Reading(d.date, d.time, qualifier, d.precision, d.raw, d.start, label=label, span=start_date is not None)

__all__ = ["Question", "Reading", "Units", "find_orgs", "heading_units", "org_mentions", "read_deadlines",
           "read_units", "states_own_effect"]

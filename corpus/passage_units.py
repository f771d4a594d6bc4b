"""Who does what a passage says: the doers, the partners and where the result goes.

One reader for every passage, used at ingest (the duties stored for reminders) and at answer time (the
units an answer names), so that the two never disagree about the same sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corpus.assignments import analyse, find_submit_to
from corpus.text import UPPER as U
from corpus.units import UnitRegistry

_ROLE_COLUMN = re.compile(r"(?i)chủ trì|thực hiện|trách nhiệm|đơn vị|cơ quan|người|bộ phận|phụ trách|giao")
_PARTNER_COLUMN = re.compile(r"(?i)phối hợp")
_TIME_COLUMN = re.compile(r"(?i)thời gian|thời hạn|tiến độ|hạn|hoàn thành|mốc")
_HEADING_UNIT = re.compile(
    r"(?i)^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*|[IVXL]+\s*[.)]\s*|\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s*|[a-zđ]\)\s*)?"
    r"(?:Trách nhiệm (?:của|thực hiện của)\s+|Nhiệm vụ (?:của\s+)?|Đối với\s+|Giao\s+)?(?P<unit>.+?)\s*"
    r"(?:có trách nhiệm|chịu trách nhiệm|thực hiện|chủ trì)?\s*[:.]?\s*$"
)


# "Đơn vị chủ trì: Sở Tư pháp." / "Đơn vị phối hợp thực hiện: Sở Nội vụ, …" after a duty
_LABELLED = re.compile(r"(?i)(?:Đơn vị|Cơ quan|Bộ phận|Người)\s+"
                       r"((?:chủ trì|thực hiện|phối hợp|tham mưu|chịu trách nhiệm)[^:]{0,40}):\s*"
                       r"([^:]{2,200}?)(?=\s*(?:Đơn vị|Cơ quan|Thời gian|Thời hạn|Sản phẩm|Kết quả)\b|$)")


@dataclass
class Units:
    doers: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    submit_to: str | None = None


def labelled_units(text: str, registry: UnitRegistry) -> Units:
    """The units a text gives under labels: 'Cơ quan chủ trì: Bộ Công an.', 'Đơn vị phối hợp: Sở Nội vụ, …'."""
    out = Units()
    for role, names in _LABELLED.findall(text):
        found = find_orgs(names, registry) or [names.strip(" .;")]
        if re.search(r"(?i)phối hợp", role):
            out.partners += found
        else:
            out.doers += found
    return out


# "- Bảng 3: Ủy ban nhân dân các xã, phường, thị trấn.", "Cải cách tài chính công: Phòng Tài chính - Kế hoạch.",
# "Đối tượng áp dụng: các sở, ban, ngành": a short label, a colon, then nothing but unit names
_LABEL_HEAD = re.compile(r"^(?:[-–+•*]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*)*"
                         r"(?P<label>[^:;.?!]{2,90}?)\s*:\s+(?P<rest>.+)$", re.S)
# labels whose units are addressed, issuing or signing, not the units the item is about
_NOT_OWNER_LABEL = re.compile(r"(?i)^(?:(?:đồng\s+)?kính gửi|đồng gửi|nơi (?:nhận|gửi|ban hành)|người (?:ký|nhận|gửi)|"
                              r"ký|(?:cơ quan\s+)?ban hành|tác giả|nguồn|liên hệ|địa chỉ|e-?mail|điện thoại)\b")
_NAME_GLUE = re.compile(r"(?i)[\s,;.\-–+•]|\bvà\b|\bcác\b")
_LABEL_MAX_WORDS = 14


def units_after_label(text: str) -> list[str]:
    """The units an item names after its label ("Bảng 2: Ủy ban nhân dân các huyện, thị xã, thành phố."): the
    label says what (a table, an index field, an annex, who a rule applies to) and the units it is about follow
    alone in the first sentence. Empty when the label itself names a unit ("Đối với X:", "Tài liệu … các sở:"),
    addresses or signs ("Kính gửi:", "Nơi nhận:", "Người ký:"), or when more than names follows."""
    from corpus.orgs import find_orgs as generic

    m = _LABEL_HEAD.match(text.strip())
    if not m:
        return []
    label = m.group("label")
    if len(label.split()) > _LABEL_MAX_WORDS or _NOT_OWNER_LABEL.search(label) or generic(label):
        return []
    first = re.split(r"(?<=[.;!?])\s+|\s+[-–]{2,}\s+", m.group("rest").strip(), maxsplit=1)[0]
    orgs = generic(first)
    if not orgs:
        return []
    rest = first
    for o in sorted(orgs, key=lambda o: -o.start):
        rest = rest[:o.start] + rest[o.end:]
    if _NAME_GLUE.sub("", rest):
        return []
    return [n for o in orgs for n in (list(o.members) or [o.name])]


# A place named bare as the subject of an action: "Từ ngày 9 - 15.6, huyện Núi Thành tổ chức đoàn kiểm tra …",
# "Tỉnh Thanh Hóa đã quán triệt …", "Xã Phú Lâm triển khai Kế hoạch …". The place acts through its UBND.
_PLACE_LEVEL = r"(?:[Hh]uyện|[Tt]ỉnh|[Xx]ã|[Tt]hị xã|[Tt]hành phố|[Qq]uận|[Pp]hường|[Tt]hị trấn|[Đđ]ặc khu)"
_PLACE_NAME = r"(?:[" + U + r"][^\W\d_]*)(?:\s+[" + U + r"][^\W\d_]*){0,3}"
# What opens a sentence before its subject and a comma: a date or period, a purpose, a basis.
_PLACE_INTRO = (r"(?:(?:Từ|Ngày|Năm|Tháng|Quý|Trong|Thời gian|Qua|Sau|Trước|Đến|Tính đến|Hiện nay|Vừa qua|Giai đoạn|"
                r"Để|Nhằm|Thực hiện|Căn cứ|Theo|Trên cơ sở|Đồng thời|Ngoài ra|Bên cạnh đó|Theo đó|Vì vậy|Do đó|"
                r"Tuy nhiên|Nhìn chung|Sáng|Chiều|Tối|Hôm)\b[^,;:]{0,120},\s*)?")
_PLACE_ADVERB = r"(?:(?:đã|vừa|đang|sẽ|cũng|luôn|tiếp tục|cần|phải|khẩn trương|kịp thời|thường xuyên|và)\s+){0,3}"
# Actions a place takes as a body. Not "giao / yêu cầu / đề nghị / chỉ đạo" (the place then assigns the duty to
# the unit named after it), nor "có / là / đạt / xếp" (facts about the place, not its actions).
_PLACE_ACTION = (r"(?:tổ chức|ban hành|xây dựng|triển khai|thực hiện|kiểm tra|quán triệt|phê duyệt|công bố|"
                 r"hoàn thành|tiến hành|thành lập|phát động|tập trung|chủ động|đẩy mạnh|ký|rà soát|báo cáo|"
                 r"tham mưu|khắc phục|nỗ lực|phấn đấu|tuyên truyền|cụ thể hóa|ứng dụng|duy trì|nâng cao|"
                 r"cải thiện|đánh giá|giám sát|tăng cường|bố trí|chấn chỉnh|xử lý|tiếp nhận|giải quyết|cập nhật|"
                 r"kiện toàn|sắp xếp|hướng dẫn|phối hợp|lập|gửi|thông báo|kế hoạch hóa|ra quyết định)\b")
_PLACE_SUBJECT = re.compile(r"^(?:[-–+•*]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*)*" + _PLACE_INTRO
                            + r"(?P<level>" + _PLACE_LEVEL + r")\s+(?P<name>" + _PLACE_NAME + r")\s+"
                            + _PLACE_ADVERB + _PLACE_ACTION)


def place_subject(text: str) -> str | None:
    """The UBND of a place that opens a sentence as the subject of an action ("huyện Núi Thành tổ chức đoàn kiểm
    tra" → "Ủy ban nhân dân huyện Núi Thành"); None when the place is an object or a location ("tại huyện X",
    "trên địa bàn tỉnh", "của tỉnh X") or its UBND is written ("UBND huyện X ban hành", read as a unit anyway)."""
    from corpus.orgs import find_orgs as generic

    m = _PLACE_SUBJECT.match(text.strip())
    if not m:
        return None
    found = generic(f"UBND {m.group('level').lower()} {m.group('name')}")
    return found[0].name if found and found[0].start == 0 else None


def org_mentions(text: str) -> list[tuple[str, str]]:
    """(canonical name, as written) of the organisations a text names."""
    from corpus.orgs import find_orgs as generic

    return [(o.name, o.text) for o in generic(text)]


def find_orgs(text: str, registry: UnitRegistry) -> list[str]:
    """Organisations named in a text (the generic reader, then the registry's names it missed)."""
    from corpus.orgs import find_orgs as generic

    names = [o.name for o in generic(text)]
    for m in registry.scan(text):
        if m.name != "Các cơ quan, đơn vị" and not any(_same(m.name, n) for n in names):
            names.append(m.name)
    return names


def _same(a: str, b: str) -> bool:
    from corpus.text import key

    ka, kb = key(a), key(b)
    return ka in kb or kb in ka


_PERSON_ROLE = re.compile(r"(?i)^(?:chuyên viên|lãnh đạo|công chức|viên chức|cán bộ|văn thư|kế toán|"
                          r"(?:phó\s+)?(?:trưởng|giám đốc|chủ tịch|chánh))\b")


def person_doers(extra: dict[str, Any]) -> list[str]:
    """The people a procedure's row names in its doer column, as written ('Chuyên viên phòng Phòng Kinh tế',
    'Lãnh đạo Sở'): in a quy trình nội bộ the role is who does the step, not only the unit it belongs to."""
    columns, cells = extra.get("columns") or [], extra.get("cells") or []
    return [cells[i].strip() for i, col in enumerate(columns)
            if i < len(cells) and i > 0 and _ROLE_COLUMN.search(col) and not _TIME_COLUMN.search(col)
            and not _PARTNER_COLUMN.search(col) and _PERSON_ROLE.match(cells[i].strip()) and len(cells[i]) < 120]


_ROLE_SUBJECT = re.compile(
    r"(?i)^(?:[-–+•]\s*)?(?:mỗi|từng|các)?\s*(?:thành viên|người đứng đầu|cấp phó|phó chủ tịch|chủ tịch|thủ trưởng)"
    r"\s+(?:(?!\b(?:yêu cầu|đề nghị|giao|chỉ đạo|ủy quyền|uỷ quyền)\b)[^;:.]){2,60}?"
    r"(?=\s+(?:chịu trách nhiệm|có trách nhiệm|phải|chủ trì|trực tiếp|thực hiện|tổ chức|ủy quyền|"
    r"uỷ quyền|tiếp công dân|được)\b)")


def role_subject(text: str) -> str | None:
    """A duty whose subject is a person by office ('Mỗi thành viên Ủy ban nhân dân xã chịu trách nhiệm …',
    'Người đứng đầu cơ quan phải …'): the subject as written, which the unit alone does not say."""
    m = _ROLE_SUBJECT.match(text.strip())
    return m.group(0).strip(" -–+•") if m else None


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
    elif _LABELLED.search(text):
        got = labelled_units(text, registry)
        out.doers, out.partners = got.doers, got.partners
    elif named := units_after_label(text):
        out.doers = named
    if not out.doers and not (columns and cells) and (place := place_subject(text)):
        out.doers = [place]  # "huyện Núi Thành tổ chức đoàn kiểm tra …": the place's UBND, not the team it forms
    if not out.doers and not (columns and cells):
        said = _said_before(text, extra, registry)
        if said is not None:
            out.doers = said
    if not out.doers and not (columns and cells):
        for org, role in _roles(text):
            names = list(org.members) or [org.name]
            if role in ("chủ trì", "thực hiện"):
                out.doers += names
            elif role == "phối hợp":
                out.partners += names
        if not out.doers and opens_with_verb(text):
            # "Thành lập Ban Chỉ đạo … để kiểm tra các cơ quan …" under "1.4. UBND các phường, xã": the names
            # are the duty's objects; its doer is the unit the heading gives
            out.doers = heading_units(extra, registry)
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


# a sentence whose subject is the one before it: "Đồng thời, làm rõ …", "Các địa phương này phải báo cáo …",
# "Báo cáo kết quả cho UBND tỉnh …" (no subject of its own)
_RUNS_ON = re.compile(r"(?i)^(?:Đồng thời|Ngoài ra|Bên cạnh đó|Sau đó|Đồng thời với đó)\s*,?\s*(?=[a-zđà-ỹ])")
# a deliverable that is the subject ("Kế hoạch CCHC của huyện phải được ban hành …"): no doer runs on to it
_PASSIVE_DUTY = re.compile(r"(?i)^(?:Kế hoạch|Văn bản|Danh sách|Hồ sơ|Đề án|Dự thảo|Quy chế|Chương trình)\b"
                           r"|\bđược\s+(?:ban hành|phê duyệt|gửi|triển khai|thực hiện|xây dựng|hoàn thành)\b")
_ANAPHOR = re.compile(r"(?i)^\s*(?:này|nói trên|nêu trên|trên)\b")


def _said_before(text: str, extra: dict[str, Any], registry: UnitRegistry) -> list[str] | None:
    """The doers of the sentence before, in the same paragraph, when this one goes on without its own subject
    ('Đồng thời, làm rõ nguyên nhân …'; 'Báo cáo kết quả cho UBND tỉnh …') or names it by 'này' ('Các địa
    phương này phải báo cáo …'). None when it has a subject of its own or nothing is said before."""
    before = [b for b in (extra.get("before") or []) if b]
    if not before or extra.get("kind") not in (None, "sentence", "item"):
        return None
    body = text.strip()
    runs_on = bool(_RUNS_ON.match(body)) and opens_with_verb(_RUNS_ON.sub("", body))
    if not runs_on:
        first = _roles(body)
        if first and first[0][0].start <= 3:
            runs_on = bool(_ANAPHOR.match(body[first[0][0].end:]))  # "Các địa phương này"
        else:
            runs_on = opens_with_verb(body) and not any(r in ("chủ trì", "thực hiện") for _, r in first) \
                and not _PASSIVE_DUTY.search(body[:160])
    if not runs_on:
        return None
    for i in range(len(before) - 1, -1, -1):
        got = read_units(before[i], {"kind": "sentence", "before": before[:i]}, registry).doers
        if got:
            return got
    return None


_TRIGGER_START = re.compile(r"(?i)^(?:giao|đề nghị|yêu cầu|chỉ đạo|ủy quyền|uỷ quyền|phân công|đối với|riêng)\b")


def opens_with_verb(text: str) -> bool:
    """A duty written without its subject: no organisation opens it and it is not an assignment ('Giao X …')."""
    from corpus.orgs import find_orgs as generic

    body = re.sub(r"^(?:[-–+•*]\s*|\(?\d{1,2}[.)]\s*|[a-zđ]\)\s*)+", "", text.strip())
    if not body or _TRIGGER_START.match(body):
        return False
    first = generic(body[:160])
    return not (first and first[0].start <= 3)


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
        if len(h) > 300:
            continue
        m = _HEADING_UNIT.match(h.strip())
        if not m:
            continue
        found = find_orgs(m.group("unit"), registry)
        if found and (h.rstrip().endswith(":") or re.search(r"(?i)trách nhiệm|nhiệm vụ|đối với|giao", h)
                      or len(m.group("unit")) < 90):
            return found
        duty_of = _DUTY_OF.match(h.strip())
        if duty_of and len(duty_of.group("who").split()) <= 10:
            # "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:" names its doer even when it is no organisation
            who = duty_of.group("who").strip(" :;.,")
            return [who[:1].upper() + who[1:]]
    return []


_DUTY_OF = re.compile(r"(?i)^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*|[IVXL]+\s*[.)]\s*"
                      r"|\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s*)?"
                      r"(?:Trách nhiệm|Nhiệm vụ)(?:\s+thực hiện)?\s+của\s+(?P<who>[^.;]{3,120}?)\s*:?\s*$")


# Where one duty of a running sentence ends: "; ", a sentence end, "(2)", "b)".
_CLAUSE = re.compile(r"(?P<s>[.!?]\s+(?=[A-ZĐÀ-Ỹ]))|;\s*|\s\(\d{1,2}\)\s*|\s[a-zđ]\)\s+")


def clauses(text: str) -> list[tuple[int, int, bool]]:
    """The spans of the duties a passage runs together ('(1) A làm …; (2) B làm …; C gửi … về D trước …'),
    each with whether it opens a sentence."""
    out, start, opens = [], 0, True
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            out.append((start, m.start(), opens))
        start, opens = m.end(), bool(m.group("s"))
    if start < len(text):
        out.append((start, len(text), opens))
    return out


def clause_doers(text: str, pos: int, since: int = 0) -> list[str]:
    """Who does the duty whose words stand at `pos`.

    The doers named in its own clause; else every doer named in the clauses before it in the same sentence
    back to `since` (the end of the bound before, which belongs to its own doers): 'Sở X chủ trì …; hoàn thành
    trước …' → Sở X; 'các sở tổ chức …; UBND các xã xây dựng …; định kỳ trước ngày 01/6 báo cáo …' → both. A
    clause that is nothing but names ('Văn phòng HĐND và UBND huyện; UBND các xã báo cáo …') belongs to the
    clause after it. Empty when none names a doer: the caller reads the passage as a whole."""
    spans = clauses(text)
    doers: dict[int, list[str]] = {}
    named: dict[int, list[Any]] = {}
    for org, role in _roles(text):
        for i, (a, b, _) in enumerate(spans):
            if a <= org.start < b:
                named.setdefault(i, []).append(org)
                if role in ("chủ trì", "thực hiện"):
                    doers.setdefault(i, []).extend(list(org.members) or [org.name])
                break
    here = next((i for i, (a, b, _) in enumerate(spans) if a <= pos < b), len(spans) - 1)
    if doers.get(here):
        return _with_listed(text, spans, named, here, list(doers[here]))
    out: list[str] = []
    for i in range(here - 1, -1, -1):
        if spans[i][1] <= since:
            break
        if doers.get(i):
            out = _with_listed(text, spans, named, i, list(doers[i])) + out
        if spans[i][2]:
            break  # the sentence starts here
    if not out and since == 0:  # no subject in its sentence: the nearest before (the subject runs on)
        for i in range(here - 1, -1, -1):
            if doers.get(i):
                return _with_listed(text, spans, named, i, list(doers[i]))
    return list(dict.fromkeys(out))


def _with_listed(text: str, spans: list[tuple[int, int, bool]], named: dict[int, list[Any]], i: int,
                 out: list[str]) -> list[str]:
    j = i - 1
    while j >= 0 and _only_names(text, spans[j], named.get(j, [])):
        out = [n for o in named[j] for n in (list(o.members) or [o.name])] + out
        j -= 1
    return list(dict.fromkeys(out))


def _only_names(text: str, span: tuple[int, int, bool], orgs: list[Any]) -> bool:
    """A clause that only lists organisations: nothing but names, commas and 'và' between them."""
    if not orgs:
        return False
    rest = text[span[0]:span[1]]
    for o in sorted(orgs, key=lambda o: -o.start):
        rest = rest[:o.start - span[0]] + rest[o.end - span[0]:]
    return not re.sub(r"(?i)[\s,\-–+•]|\bvà\b|\bcác\b|^\d{1,2}[.)]", "", rest)

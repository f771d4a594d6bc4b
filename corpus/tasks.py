"""Duties read from a parsed directive: every sentence or bullet that asks a unit to do something."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from corpus.assignments import analyse, find_submit_to
from corpus.dates import PartialDate
from corpus.deadlines import Deadline, extract_deadlines
from corpus.layout import is_caps
from corpus.orgs import canonical
from corpus.passage_units import Units, clause_doers, labelled_units, place_subject, read_units
from corpus.passages import Passage, split_passages
from corpus.structure import GROUP_WORDS, ParsedDocument, Section, expand_unit_list
from corpus.tables import is_row, read_rows
from corpus.text import SENTENCE_BREAK, key
from corpus.text import UPPER as U
from corpus.units import Mention, UnitRegistry

_SENTENCE_END = SENTENCE_BREAK
_DEADLINE_LINE = re.compile(
    r"^(?:[-–+•]\s*)?(?:Thời gian|Thời hạn|Hạn|Tiến độ)(?:\s+(?:hoàn thành|thực hiện|nộp|gửi|báo cáo))?\s*:", re.I
)
_BACKGROUND = re.compile(
    r"^(?:Căn cứ|Thực hiện\s+(?:Kế hoạch|Công văn|Quyết định|Chỉ thị|Nghị quyết|Thông tư|Văn bản|Chương trình)"
    r"|Theo\s+(?:Quyết định|Kế hoạch|Công văn|Nghị quyết|đó)|Ngày\s+\d|Năm\s+\d{4}|Qua\s+(?:rà soát|kiểm tra|theo dõi)"
    r"|Kết quả|Hiện nay|Thời gian qua|Trong năm\s+\d{4}\s*,)"
)
_FACT_WORDS = re.compile(r"xếp thứ|xếp hạng|tổng điểm|đạt \d+[,.]?\d* điểm|là Bộ chỉ số|được xác định (bằng|trên)")
_DUTY_CUE = re.compile(
    r"(?i)\b(yêu cầu|giao|đề nghị|có trách nhiệm|phải|cần|chủ trì|phối hợp|khẩn trương|tham mưu|"
    r"gửi về|báo cáo về|nộp về|chịu trách nhiệm)\b"
)
_ACTION_START = re.compile(
    r"^(?:Tiếp tục\s+)?(?:Chủ động\s+)?(?:Triển khai|Xây dựng|Thực hiện|Tham mưu|Chủ trì|Phối hợp|Rà soát|Báo cáo|"
    r"Gửi|Đẩy mạnh|Nâng cao|Tăng cường|Bố trí|Đảm bảo|Bảo đảm|Cân đối|Hướng dẫn|Theo dõi|Kiểm tra|Nghiên cứu|"
    r"Tiếp tục|Sử dụng|Tổ chức|Duy trì|Cập nhật|Công khai|Đôn đốc|Ban hành|Đề xuất|Tổng hợp|Chỉ đạo|Quán triệt|"
    r"Tuyên truyền|Ứng dụng|Chịu trách nhiệm|Phát huy|Hoàn thành|Hoàn thiện|Lựa chọn|Đăng ký|Cung cấp|Tập trung|"
    r"Khắc phục|Đánh giá|Tự đánh giá|Chấm điểm|Đầu tư|Tăng|Giảm|Giải quyết|Tiếp nhận|Thẩm định|Lập|Trình|Phổ biến|"
    r"Bồi dưỡng|Đào tạo|Số hóa|Cắt giảm|Đơn giản hóa|Thống kê|Kiện toàn|Sắp xếp|Quản lý|Giám sát|Thanh tra|Xử lý|"
    r"Phân công|Quy định|Rút ngắn|Mở rộng|Phấn đấu|Lấy ý kiến|Điều tra|Khảo sát|Ký|Niêm yết|Vận hành|Nhân rộng)\b"
)
_NON_TASK_HEADINGS = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|MỤC TIÊU|QUAN ĐIỂM|CĂN CỨ|KẾT QUẢ|ĐÁNH GIÁ|TÌNH HÌNH|Mục đích|Yêu cầu|Mục tiêu|"
    r"Quan điểm|KINH PHÍ|Kinh phí)"
)
_CLOSING_FORMULA = re.compile(
    r"(?i)(nghiêm túc|khẩn trương)?\s*(triển khai\s*)?thực hiện(\s+đúng thời gian)?\s*\./\.\s*$|"
    r"^trong quá trình (tổ chức )?thực hiện,? nếu có (khó khăn|vướng mắc)"
)
# Lines of a directive's header and preamble that name units but give none a duty, wherever the header reader
# left them: "Căn cứ … của Chính phủ;", "Theo đề nghị của Giám đốc Sở Nội vụ …,", "Kính gửi: …".
# ("Căn cứ chức năng, nhiệm vụ, … cung cấp …" in an article is a duty: only a căn cứ of a legal text is left out)
_NO_DUTY_LINE = re.compile(r"^(?:Căn cứ\s+(?:vào\s+)?(?:Hiến pháp|Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|"
                           r"Quyết định|"
                           r"Thông tư|Chỉ thị|Kế hoạch|Công văn|Văn bản|Thông báo|Hướng dẫn)|Xét đề nghị|Xét Tờ trình|"
                           r"Theo đề nghị|(?:Đồng\s+)?[Kk]ính gửi)\b")
_HEADING_LEAD = re.compile(r"^(?:Đối với|Trách nhiệm của|Nhiệm vụ của|Giao)\s+", re.I)
_HEADING_TAIL = re.compile(r"\s*(?:có trách nhiệm|chịu trách nhiệm|thực hiện|:)\s*:?\s*$", re.I)
_MARKER_PREFIX = re.compile(r"^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*|[IVXL]{1,5}\s*[.)]\s+|"
                            r"\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s+|[a-zđ]\)\s+)")
_TEMPLATE_MARKS = re.compile(r"CỘNG HÒA XÃ HỘI|\(Chữ ký|NGƯỜI KÝ|^Số:\s*/", re.M)


@dataclass(frozen=True)
class UnitRole:
    """A unit named for a task and what it does there."""

    name: str
    role: str  # chủ trì | thực hiện | phối hợp
    as_written: str
    kind: str
    is_group: bool
    members: tuple[str, ...] = ()
    partner: bool = False


@dataclass
class ExtractedTask:
    what: str
    quote: str
    section_path: str
    section_order: int
    units: list[UnitRole]
    submit_to: str | None
    deadline: Deadline | None
    fingerprint: str = ""

    @property
    def doers(self) -> list[UnitRole]:
        return [u for u in self.units if not u.partner]


@dataclass
class ReviewItem:
    """A sentence holding a date or a unit that produced no task: for a person to look at."""

    sentence: str
    section_path: str
    reason: str


@dataclass
class _Context:
    defaults: list[UnitRole] = field(default_factory=list)  # from "UBND huyện yêu cầu X thực hiện các nội dung sau"
    recipients: list[UnitRole] = field(default_factory=list)


def _role(m: Mention, role: str, partner: bool = False) -> UnitRole:
    return UnitRole(m.name, role, m.text, m.kind, m.is_group, m.members, partner)


_SECOND_ASSIGNMENT = re.compile(rf"(?:;|,)?\s+(?:và|đồng thời)\s+(?=(?:giao|đề nghị|yêu cầu)\s+[{U}])")


def split_sentences(line: str) -> list[str]:
    """Sentences of one paragraph (a second assignment — '… và giao Phòng Nội vụ theo dõi' — on its own);
    a bullet's marker is dropped."""
    line = re.sub(r"^[-–+•]\s*", "", line.strip())
    out: list[str] = []
    for sent in _SENTENCE_END.split(line):
        out.extend(p.strip() for p in _SECOND_ASSIGNMENT.split(sent) if p.strip())
    return out


def _resolve_generic(units: list[UnitRole], fallback: list[UnitRole]) -> list[UnitRole]:
    """'các cơ quan, đơn vị' (as the letter calls its addressees) → the addressees themselves."""
    out: list[UnitRole] = []
    for u in units:
        if u.name == "Các cơ quan, đơn vị" and fallback:
            out.extend(UnitRole(f.name, u.role, u.as_written, f.kind, f.is_group, f.members) for f in fallback)
        else:
            out.append(u)
    return _dedupe(out)


def _dedupe(units: list[UnitRole]) -> list[UnitRole]:
    seen: set[tuple[str, bool]] = set()
    out = []
    for u in units:
        if (u.name, u.partner) not in seen:
            seen.add((u.name, u.partner))
            out.append(u)
    return out


def heading_units(heading: str, registry: UnitRegistry) -> list[UnitRole]:
    """Units a section heading assigns ('5. Phòng Tư pháp có trách nhiệm', '2. Đối với UBND các xã, thị trấn')."""
    text = _HEADING_TAIL.sub("", _HEADING_LEAD.sub("", heading.strip()))
    if len(text) > 160 or heading.rstrip(" )").endswith((".", ";")):
        return []  # a sentence, not a heading
    names = expand_unit_list(text)
    found: list[UnitRole] = []
    if len(names) > 1:
        for n in names:
            for m in registry.scan(n)[:1]:
                found.append(_role(m, "thực hiện"))
        return _dedupe(found)
    mentions = registry.scan(text)
    if mentions and mentions[0].start <= 12:
        rest = text[mentions[-1].end:].strip(" ,;.")
        if len(rest) < 25:
            return _dedupe([_role(m, "thực hiện") for m in mentions])
    duty_of = _DUTY_OF_HEADING.match(heading.strip())
    if duty_of and not mentions and len(duty_of.group("who").split()) <= 10:
        # "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:" names its doer even when no registry knows it
        who = duty_of.group("who").strip(" :;.,")
        return [UnitRole(who[:1].upper() + who[1:], "thực hiện", who, "cơ quan", bool(GROUP_WORDS.search(who)))]
    return []


_DUTY_OF_HEADING = re.compile(r"^(?:[\dIVXL]+(?:\.\d+)*\.?\s*)?(?:Trách nhiệm|Nhiệm vụ)(?:\s+thực hiện)?\s+của\s+"
                              r"(?P<who>[^.;]{3,120}?)\s*:?\s*$", re.I)


def _subset_of(units: list[UnitRole], outer: list[UnitRole]) -> bool:
    outer_kinds = {k for u in outer for k in (u.members or (u.kind,))}
    return bool(units) and all(u.is_group and set(u.members) <= outer_kinds for u in units)


def _section_chain(sections: list[Section], idx: int) -> list[Section]:
    """The section and its ancestors, nearest first."""
    chain, target = [sections[idx]], sections[idx].path
    for s in reversed(sections[:idx]):
        if target.startswith(s.path + ".") and s.number:
            chain.append(s)
            target = s.path
    return chain


def _what(sentence: str, deadline: Deadline | None, doers: list[UnitRole]) -> str:
    text = sentence
    if deadline and deadline.raw in text:
        text = text.replace(deadline.raw, " ")
    text = re.sub(r"^(?:Giao|Yêu cầu|Đề nghị)\s+", "", text)
    stripped = True
    while stripped:
        stripped = False
        text = re.sub(r"^[\s,;:\-–]+", "", text)
        for u in doers:
            if u.as_written and text.startswith(u.as_written):
                text, stripped = text[len(u.as_written):], True
    text = re.sub(r"^[\s,;:\-–]*", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;.:/")
    if len(text) > 180:
        text = text[:180].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:] if text else sentence


def _fingerprint(quote: str, seen: dict[str, int]) -> str:
    base = hashlib.sha1(key(quote).encode()).hexdigest()[:20]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _is_template(section: Section, parsed: ParsedDocument) -> bool:
    """A form to fill in: its own attached part says so (one Mẫu among the attachments leaves the Quy chế
    beside it a source of duties)."""
    if section.template:
        return True
    return section.appendix and not section.part and bool(_TEMPLATE_MARKS.search(parsed.appendix))


def _preamble_context(parsed: ParsedDocument, registry: UnitRegistry, ctx: _Context) -> None:
    """'UBND huyện yêu cầu X (gọi tắt là …) thực hiện các nội dung sau:' gives the default units."""
    for s in parsed.sections:
        if s.number or s.appendix:
            continue
        for line in s.lines:
            for sent in split_sentences(line):
                if re.search(r"(?i)(yêu cầu|đề nghị|giao)\b.*\b(nội dung|nhiệm vụ|việc)\s+(sau|như sau)\s*:?\s*$",
                             sent):
                    a = analyse(sent, registry)
                    if a.doers:
                        ctx.defaults = _resolve_generic([_role(m, r) for m, r in a.doers], ctx.recipients)


_TITLE_PREFIX = re.compile(r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Trưởng|Người đứng đầu)\s+", re.I)


def _recipients(parsed: ParsedDocument, registry: UnitRegistry) -> list[UnitRole]:
    """The addressees as units; one the registry does not know is kept under its own name."""
    out: list[UnitRole] = []
    for r in parsed.header.recipients:
        ms = registry.scan(r.text)
        whole = ms and ms[0].start <= 15 and len(r.text) - ms[0].end <= 8
        if ms and (whole or len(ms) > 1):
            out.extend(_role(m, "thực hiện") for m in ms)
        elif (t := registry.resolve(r.text)):
            out.append(UnitRole(t.name, "thực hiện", r.text, t.kind, t.is_group, t.members))
        else:
            name = _TITLE_PREFIX.sub("", r.text).strip(" ;.,")
            if 3 <= len(name) <= 120 and name[:1].isupper():
                out.append(UnitRole(name, "thực hiện", r.text, "cơ quan", r.group))
    return _dedupe(out)


def extract_tasks(parsed: ParsedDocument, registry: UnitRegistry) -> tuple[list[ExtractedTask], list[ReviewItem]]:
    """Every duty of a directive, with units, deadline, submit_to and quote; plus sentences to review."""
    ctx = _Context(recipients=_recipients(parsed, registry))
    _preamble_context(parsed, registry, ctx)
    tasks: list[ExtractedTask] = []
    review: list[ReviewItem] = []
    seen: dict[str, int] = {}
    for idx, section in enumerate(parsed.sections):
        if _is_template(section, parsed):
            continue
        chain = _section_chain(parsed.sections, idx)
        if any(_NON_TASK_HEADINGS.match(s.heading) for s in chain):
            continue
        found = _section_tasks(section, chain, registry, ctx, parsed, review)
        for t in found:
            t.fingerprint = _fingerprint(t.quote, seen)
        tasks.extend(found)
    for t in _dated_passages(parsed, registry, ctx, tasks):
        t.fingerprint = _fingerprint(t.quote, seen)
        tasks.append(t)
    tasks.sort(key=lambda t: t.section_order)
    return tasks, review


_BOUNDS = ("trước", "chậm nhất", "muộn nhất", "hoàn thành", "trong", "trong tháng", "trong quý", "đến")


def _dated(d: Deadline) -> bool:
    """A deadline a reminder can fall on: a day or month, or a recurring rule; not an effective date or a start."""
    return (d.date is not None or d.recurrence is not None) and d.qualifier not in ("hiệu lực", "từ")


def _dated_passages(parsed: ParsedDocument, registry: UnitRegistry, ctx: _Context,
                    tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """Dated duties read passage by passage with the readers the answers use: one per dated bound.

    A passage (sentence, list item, table row) often runs several duties together ('(1) A ban hành trước …;
    (2) B chủ trì …; C gửi kết quả về B trước …'): each dated bound goes to the doers of its own clause. A
    bound a sentence rule already stored is kept, its doers corrected when its clause names others; a bound
    no rule stored becomes a task, with the recipients as doers when the passage names none."""
    issued = issued_or_dateline(parsed)
    order_of = {s.path: s.order for s in parsed.sections}
    stored: dict[tuple[str, object, bool], ExtractedTask] = {}
    for t in tasks:
        if t.deadline:
            stored.setdefault((t.section_path, t.deadline.date, t.deadline.recurrence is not None), t)
    made: set[tuple[object, ...]] = set()
    out: list[ExtractedTask] = []
    skip = {s.path for i, s in enumerate(parsed.sections) if _is_template(s, parsed)
            or any(_NON_TASK_HEADINGS.match(c.heading) for c in _section_chain(parsed.sections, i))}
    passages = split_passages([s for s in parsed.sections if s.path not in skip])
    fields: dict[str, list[tuple[int, Units]]] = {}  # duties written as labelled fields: "Cơ quan chủ trì: …"
    for p in passages:
        got = labelled_units(p.text, registry)
        if got.doers:
            fields.setdefault(p.section_path, []).append((p.ord, got))
    prev: Passage | None = None
    for p in passages:
        before, prev = prev, p
        text = p.text
        if p.kind == "heading":
            continue
        try:
            found = [d for d in extract_deadlines(text, issued=issued) if _dated(d) and not _history(d, issued, text)]
        except (ValueError, OverflowError):
            continue
        bound = any(d.qualifier in _BOUNDS for d in found)
        if not found or ((_BACKGROUND.match(text) or _FACT_WORDS.search(text)) and not _DUTY_CUE.search(text[:80])
                         and not bound):
            continue
        if not (bound or _DUTY_CUE.search(text) or _ACTION_START.match(text) or p.kind in ("item", "row")):
            continue
        whole: Units | None = None
        since = 0
        for d in found:
            k = (p.section_path, d.date, d.recurrence is not None)
            names = clause_doers(text, d.start, since) if p.kind != "row" else []
            if p.kind != "row" and (not names or since == 0) and p.before and (said := read_units(
                    text, p.extra(), registry)).doers and said.doers != names and _runs_on(text, names):
                names = said.doers  # the subject of the sentence before ("Các địa phương này phải báo cáo …")
            since = d.end
            if not names and before is not None and _cut_before(before, p):
                names = clause_doers(before.text, len(before.text) - 1)
            own = _nearest_fields(fields.get(p.section_path, []), p.ord) if _DUE_LABEL.match(text) else None
            if not names and own:
                names = list(own.doers)  # "Thời hạn ban hành: trước …" beside "Cơ quan chủ trì: Bộ Công an."
            if k in stored:
                old = stored.pop(k)  # a sentence rule's task: its doers corrected once, by the first clause
                if not names and p.kind != "row":  # the heading's doers, when they name more than the rule kept
                    whole = whole or read_units(text, p.extra(), registry)
                    olds = [u.name for u in old.doers]
                    if len(whole.doers) > len(olds) and all(any(_same_unit(o, n) for n in whole.doers) for o in olds):
                        names = whole.doers
                if names and {u.name for u in old.doers} != set(names):
                    old.units = _merge(old, names, registry, ctx)
                continue
            if not names:
                whole = whole or read_units(text, p.extra(), registry)
                names = whole.doers
            partners = whole.partners if whole and whole.partners else (own.partners if own else [])
            units = _units(names, partners, registry, ctx)
            if not units:
                continue
            submit_to = whole.submit_to if whole else find_submit_to(text)[0]
            mine = (*k, tuple(u.name for u in units))
            if mine in made:
                continue
            made.add(mine)
            what, quote = _what(text, d, units), text
            if own is not None and p.headings:  # a field of a record: the duty is the record's title
                what = _what(_MARKER_PREFIX.sub("", p.headings[-1]), None, units)
                quote = f"{p.headings[-1]}\n{text}"
            out.append(ExtractedTask(what, quote, p.section_path, order_of[p.section_path], units, submit_to, d))
    return out


# a news item's dateline, on a line of its own near the top: "11/11/2021 05:30 GMT+7", "08/08/2019",
# "Thứ Năm, 28/03/2019 16:02"
_DATELINE = re.compile(r"^\s*(?:(?:Thứ\s+\S+|Chủ\s+nhật)\s*,\s*)?(\d{1,2})/(\d{1,2})/(\d{4})"
                       r"(?:\s*[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:GMT|UTC)\s*[+\-]\s*\d{1,2})?)?\s*$", re.I)


def issued_or_dateline(parsed: ParsedDocument) -> PartialDate | None:
    """The issue date, or else a news item's dateline ('11/11/2021 05:30 GMT+7' under its title): the year a
    day written without one ('trước ngày 15.11') belongs to."""
    issued = parsed.header.issued
    if issued is not None and issued.year:
        return issued
    for line in (parsed.body or "").split("\n")[:12]:
        m = _DATELINE.match(line)
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            try:
                dt.date(year, month, day)
            except ValueError:
                return issued
            return PartialDate(year, month, day)
    return issued


def _runs_on(text: str, names: list[str]) -> bool:
    """A sentence without its own subject, or naming it by 'này' ('Các địa phương này …')."""
    return not names or bool(re.match(r"(?i)^\W*(?:các|những)\s+\S+(?:\s+\S+)?\s+(?:này|nói trên|nêu trên)\b", text))


_DUE_LABEL = re.compile(r"^(?:[-–+•]\s*)?(?:Thời gian|Thời hạn|Hạn|Tiến độ|Mốc thời gian)[^:]{0,40}:", re.I)


def _history(d: Deadline, issued: PartialDate | None, text: str) -> bool:
    """A bound already past when the directive was signed, told in the past ('Ngày 28/10, Chủ tịch UBND đã chỉ đạo
    … hoàn thành trước ngày 30/10'): history. A plan signed after one of its own bounds still sets it."""
    day = issued.as_date() if issued else None
    return d.recurrence is None and d.date is not None and day is not None and d.date < day \
        and bool(re.search(r"(?i)\bđã\b", text[:d.start]))


def _nearest_fields(fields: list[tuple[int, Units]], ord_: int) -> Units | None:
    """The labelled units of the record a field belongs to: the nearest before it, else the first after."""
    before = [u for o, u in fields if o < ord_]
    after = [u for o, u in fields if o > ord_]
    return before[-1] if before else (after[0] if after else None)


def _merge(old: ExtractedTask, names: list[str], registry: UnitRegistry, ctx: _Context) -> list[UnitRole]:
    """The clause's doers, each under the fuller name the sentence rule gave it when they agree; the partners kept."""
    doers = [next((u for u in old.doers if _same_unit(u.name, n)), None) or n for n in names]
    roles = [d if isinstance(d, UnitRole) else _unit_role(d, "chủ trì", registry) for d in doers]
    roles = _resolve_generic(roles, ctx.recipients)
    partners = [u for u in old.units if u.partner and u.name not in {r.name for r in roles}]
    return _dedupe(roles + partners)


def _same_unit(a: str, b: str) -> bool:
    ka, kb = key(canonical(a)), key(canonical(b))
    return ka in kb or kb in ka


def _cut_before(before: Passage, p: Passage) -> bool:
    """A long sentence cut at its clauses: the piece before ends mid-sentence in the same section."""
    return before.section_path == p.section_path and before.kind == p.kind == "sentence" \
        and before.text.rstrip().endswith((";", ","))


def _units(doers: list[str], partners: list[str], registry: UnitRegistry, ctx: _Context) -> list[UnitRole]:
    roles = [_unit_role(n, "chủ trì", registry) for n in doers]
    roles = _resolve_generic(roles or ctx.defaults or ctx.recipients, ctx.recipients)
    if not roles:
        return []
    with_ = [_unit_role(n, "phối hợp", registry, partner=True) for n in partners]
    return _dedupe(roles + [u for u in with_ if u.name not in {d.name for d in roles}])


def _unit_role(name: str, role: str, registry: UnitRegistry, partner: bool = False) -> UnitRole:
    """A unit named by the passage reader, as the registry knows it or under its own name."""
    ms = registry.scan(name)
    if ms and ms[0].start <= 3 and len(name) - ms[0].end <= 3:
        return _role(ms[0], role, partner)
    return UnitRole(name, role, name, "cơ quan", bool(GROUP_WORDS.search(name)), (), partner)


def _heading_context(chain: list[Section], registry: UnitRegistry) -> list[UnitRole]:
    for s in chain:
        if s.heading and (units := heading_units(s.heading, registry)):
            return units
    return []


def _section_tasks(section: Section, chain: list[Section], registry: UnitRegistry, ctx: _Context,
                   parsed: ParsedDocument, review: list[ReviewItem]) -> list[ExtractedTask]:
    issued = issued_or_dateline(parsed)
    head_units = _heading_context(chain, registry)
    lines = list(section.lines)
    if section.number and lines:
        if section.heading:
            heading_is_title = not section.heading.rstrip(" )").endswith(".") and len(section.heading) < 200
            lines[0] = "" if heading_is_title else section.heading
        else:  # a numbered sentence ("1. Phòng Tư pháp chủ trì …"): its text is a duty, not a title
            lines[0] = _MARKER_PREFIX.sub("", lines[0])
    out: list[ExtractedTask] = _table_tasks(section, registry, ctx, head_units, issued)
    lines = [ln for ln in lines if not is_row(ln)]
    section_deadline: tuple[Deadline, str] | None = None
    last_doers: list[UnitRole] = []
    chu_tri: list[UnitRole] = []
    for line in lines:
        if not line:
            continue
        if _DEADLINE_LINE.match(line):
            dls = extract_deadlines(line, issued=issued)
            if dls:
                section_deadline = (dls[0], re.sub(r"^[-–+•]\s*", "", line))
                continue
        for sent in split_sentences(line):
            task = _sentence_task(sent, section, registry, ctx, head_units, last_doers, chu_tri, issued, review)
            if task is None:
                continue
            if task.units:
                last_doers = task.doers
            if out and _continues(task, sent, out[-1], line):
                out[-1].quote += " " + sent
                continue
            out.append(task)
    if section_deadline:
        dl, dline = section_deadline
        for t in out:
            if t.deadline is None:
                t.deadline = dl
                t.quote = f"{t.quote}\n{dline}"
    return out


def _table_tasks(section: Section, registry: UnitRegistry, ctx: _Context, head_units: list[UnitRole],
                 issued: PartialDate | None) -> list[ExtractedTask]:
    """One task per row of a duty table in the section."""
    out = []
    for row in read_rows(section.lines):
        doers = [_role(m, "chủ trì") for m in registry.scan(row.lead)]
        if not doers and row.lead.strip():
            name = _TITLE_PREFIX.sub("", row.lead).strip(" ;.,")
            doers = [UnitRole(name, "chủ trì", row.lead, "cơ quan", bool(GROUP_WORDS.search(name)))]
        doers = _resolve_generic(doers or head_units or ctx.defaults or ctx.recipients, ctx.recipients)
        partners = [_role(m, "phối hợp", partner=True) for m in registry.scan(row.partner)]
        dls = extract_deadlines(f"Thời hạn: {row.time}", issued=issued) if row.time else []
        submit_to, _ = find_submit_to(row.what)
        units = _dedupe(doers + [p for p in partners if p.name not in {d.name for d in doers}])
        if units:
            out.append(ExtractedTask(_what(row.what, None, []), row.line, section.path, section.order, units,
                                     submit_to, dls[0] if dls else None))
    return out


def _continues(task: ExtractedTask, sent: str, prev: ExtractedTask, line: str) -> bool:
    """A sentence with no unit and no deadline of its own, in the same paragraph, continues the duty before."""
    return (task.deadline is None and prev.quote in line and not task.submit_to
            and not any(u.as_written and u.as_written in sent for u in task.units))


def _sentence_task(sent: str, section: Section, registry: UnitRegistry, ctx: _Context,
                   head_units: list[UnitRole], last_doers: list[UnitRole], chu_tri: list[UnitRole],
                   issued: PartialDate | None, review: list[ReviewItem]) -> ExtractedTask | None:
    deadline = best_deadline(extract_deadlines(sent, issued=issued))
    if deadline and _history(deadline, issued, sent):
        return None
    if sent.rstrip().endswith(":") and not deadline:
        return None
    if (_BACKGROUND.match(sent) or _FACT_WORDS.search(sent)) and not deadline and not _DUTY_CUE.search(sent[:60]):
        _maybe_review(sent, section, registry, review, "bối cảnh")
        return None
    if _CLOSING_FORMULA.search(sent) and not deadline:
        return None
    if (_NO_DUTY_LINE.match(sent) or is_caps(sent)) and not deadline:
        return None  # a căn cứ or đề nghị of the preamble, an addressee, a title or authority line in capitals
    a = analyse(sent, registry)
    doers = [_role(m, r) for m, r in a.doers if not _CREATED.search(sent[max(0, m.start - 20):m.start])]
    if doers and head_units and _subset_of(doers, head_units):
        doers = [UnitRole(u.name, doers[0].role, u.as_written, u.kind, u.is_group, u.members) for u in head_units]
    if any(r == "chủ trì" for _, r in a.doers):
        chu_tri[:] = doers
    is_duty = bool(deadline) or bool(_ACTION_START.match(sent)) or bool(_DUTY_CUE.search(sent)) or bool(doers)
    if not is_duty or (not section.number and not doers and not deadline):
        _maybe_review(sent, section, registry, review, "không rõ nhiệm vụ")
        return None
    if place := place_subject(sent):  # "huyện X tổ chức đoàn kiểm tra …": the place's UBND, not what it forms
        doers = [_unit_role(place, "thực hiện", registry)]
    if not doers:
        doers = _inherit(sent, head_units, last_doers, chu_tri, ctx)
    fallback = head_units or ctx.defaults or ctx.recipients
    doers = _resolve_generic(doers, fallback)
    if sent.startswith("Phối hợp") and head_units:
        doers = [UnitRole(u.name, "phối hợp", u.as_written, u.kind, u.is_group, u.members) for u in doers]
    if not doers:
        _maybe_review(sent, section, registry, review, "không rõ đơn vị")
        return None
    partners = [_role(m, "phối hợp", partner=True) for m in a.partners]
    units = _dedupe(doers + [p for p in partners if p.name not in {d.name for d in doers}])
    return ExtractedTask(_what(sent, deadline, doers), sent, section.path, section.order, units, a.submit_to, deadline)


# "Thành lập Ban Chỉ đạo …", "Kiện toàn Tổ công tác …": the unit named is what the duty creates, not its doer
_CREATED = re.compile(r"(?i)\b(?:thành lập(?: mới)?|kiện toàn|củng cố|giải thể|sáp nhập|hợp nhất)\s*$")


def best_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline a sentence sets: a bound day ('chậm nhất là ngày 20 …') before a bare period ('hằng quý')."""
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: (d.qualifier == "định kỳ", d.precision != "day"))


def _inherit(sent: str, head_units: list[UnitRole], last_doers: list[UnitRole], chu_tri: list[UnitRole],
             ctx: _Context) -> list[UnitRole]:
    """Units for a sentence that names none: the issuer's own duty goes to the section's lead unit."""
    if re.search(r"(?i)\bcủa (huyện|tỉnh|thành phố)\b", sent) and chu_tri:
        return list(chu_tri)
    if head_units:
        role = "chủ trì" if sent.startswith("Chủ trì") else "thực hiện"
        return [UnitRole(u.name, role, u.as_written, u.kind, u.is_group, u.members) for u in head_units]
    if last_doers:
        return list(last_doers)
    return list(ctx.defaults or ctx.recipients)


def _maybe_review(sent: str, section: Section, registry: UnitRegistry, review: list[ReviewItem], why: str) -> None:
    if re.search(r"\b\d{1,2}/\d{1,2}(/\d{4})?\b", sent) and re.search(r"(?i)trước|chậm nhất|hạn", sent):
        review.append(ReviewItem(sent, section.path, why))

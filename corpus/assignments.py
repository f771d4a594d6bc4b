"""Who a duty falls on and where its result is sent, read from one sentence.

"Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn báo cáo … gửi về UBND huyện (qua Phòng Nội vụ)"
→ doers: Văn phòng HĐND và UBND huyện, UBND các xã, thị trấn; submit_to: "UBND huyện (qua Phòng Nội vụ)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.units import Mention, UnitRegistry

_SUBMIT_RE = re.compile(
    r"(?:(?<=\s)|^)(?i:gửi|nộp|báo cáo|chuyển|phản ánh)(?:\s+(?:kết quả|văn bản|hồ sơ|báo cáo|đề xuất))?"
    r"[^.;:]{0,160}?\s(?:về|đến|tới|lên|cho)\s+"
    r"(?P<to>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Phòng|phòng|Sở|Văn phòng|Ban|Thường trực|Bộ|Trung tâm|Thanh tra)"
    r"[^()\n,;.]{0,60}?)"
    r"(?=\s*(?:\(|\bqua\b|trước|chậm nhất|để|theo|trong|,|;|\.|$))"
    r"(?:\s*\(\s*(?:(?:thông\s+)?qua\s+)?(?P<via>[^)]{2,80})\)"
    r"|\s+qua\s+(?P<via2>(?:Phòng|phòng|Sở|Văn phòng)[^,.;()]{2,60}?)"
    r"(?=\s*(?:để|tổng hợp|trước|chậm nhất|,|;|\.|$)))?",
)
_VIA_RE = re.compile(
    r"(?:(?<=\s)|^)qua\s+(?P<via>(?:Phòng|phòng|Sở|Văn phòng)\s[^,.;()]{2,60}?)(?=\s+(?:để\s+)?tổng hợp)"
)
_CONTACT = re.compile(r"\s+(?:ĐT|đt|Đt|Điện thoại|điện thoại|Email|E-mail|email|e-mail|SĐT|Fax)\b|[;,:]|\s+\d")
_VIA_TAIL = re.compile(r"\s+(?:để\s+)?(?:tổng hợp|theo dõi)\b.*$")
_TRIGGER_RE = re.compile(r"(?:^|\s)(?:[Gg]iao(?:\s+cho)?|[Yy]êu cầu|[Đđ]ề nghị|[Cc]hỉ đạo)\s+(?=\S)")
# between a requester and its verb: "vừa có văn bản", "còn", "cũng đã", "đã ban hành Công văn số 12/UBND"
_ISSUER_GAP = re.compile(r"\s*(?:\([^)]{0,150}\)\s*)?,?\s*(?:(?:đã|vừa|mới|còn|cũng|tiếp tục|lại|này|ký)\s+){0,3}"
                         r"(?:(?:có|ký|ban hành|gửi)\s+(?:văn bản|công văn|công điện|chỉ thị|quyết định)"
                         r"(?:\s+số\s+\S+)?\s*,?\s*)?")
_INTRO_RE = re.compile(
    r"^(?:Trên cơ sở|Căn cứ|Để|Nhằm|Trong quá trình|Theo|Thực hiện|Sau khi|Với|Qua|Từ|Đồng thời|Ngoài ra|Trong)\b"
)
_DELIVERABLE_RE = re.compile(r"^(?:Kế hoạch|Báo cáo|Văn bản|Danh sách|Hồ sơ|Đề xuất|Kết quả|Dự thảo|Đề án)"
                             r"\b[^,;.]{0,40}?$")
_JOINER_RE = re.compile(r"^[\s,;]*(?:và|cùng|,|;)?[\s,;]*(?:\([^)]*\))?[\s,;]*$")
_PARTNER_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s*$|cùng với\s*$")
_CHU_TRI_AFTER = re.compile(r"^\s*(?:chủ trì|là cơ quan chủ trì|làm đầu mối)")


@dataclass(frozen=True)
class Assignment:
    """The units of one sentence: doers (with role), partners, and where to submit."""

    doers: list[tuple[Mention, str]]  # (mention, role: chủ trì | thực hiện | phối hợp)
    partners: list[Mention]
    submit_to: str | None
    submit_span: tuple[int, int] | None


_SEND_DIRECT = re.compile(
    r"(?:(?<=\s)|^)gửi\s+(?P<to>(?:Bộ|Sở|UBND|Ủy ban nhân dân|Văn phòng|Ban|Thường trực)\s[^,;.()]{2,60}?)"
    r"(?=\s*(?:để|trước|chậm nhất|,|;|\.|\(|$))"
)


# "báo cáo Sở Nội vụ trước ngày …", "tham mưu báo cáo UBND thành phố (qua Sở Nội vụ)", "gửi Phòng Nội vụ …": the
# recipient named straight after the verb (an organisation, read by corpus.orgs).
_REPORT_VERB = re.compile(r"(?:(?<=\s)|^)(?i:gửi|nộp|báo cáo|trình)\s+(?=[A-ZĐÀ-Ỹ])")
_VIA_AFTER = re.compile(r"^\s*\(\s*qua\s+(?P<via>[^)]{2,80})\)")


def _report_direct(sentence: str) -> tuple[str, tuple[int, int]] | None:
    from corpus.orgs import find_orgs

    for v in _REPORT_VERB.finditer(sentence):
        window = sentence[v.end():v.end() + 160]
        orgs = [o for o in find_orgs(window) if o.start == 0]
        if not orgs:
            continue
        o = orgs[0]
        end = v.end() + o.end
        text = window[:o.end].strip()
        via = _VIA_AFTER.match(sentence[end:])
        if via and _looks_like_unit(via.group("via").strip()):
            text, end = f"{text} (qua {via.group('via').strip()})", end + via.end()
        return text, (v.end(), end)
    return None


def find_submit_to(sentence: str) -> tuple[str | None, tuple[int, int] | None]:
    """'gửi về UBND huyện (qua Phòng Nội vụ)' → 'UBND huyện (qua Phòng Nội vụ)', with its span; also the
    recipient straight after the verb ('báo cáo Sở Nội vụ trước ngày …')."""
    m = _SUBMIT_RE.search(sentence)
    if m is None and (direct := _report_direct(sentence)):
        return direct
    if m is None and (d := _SEND_DIRECT.search(sentence)):
        return d.group("to").strip(), (d.start("to"), d.end("to"))
    if m:
        to = m.group("to").strip()
        via = (m.group("via") or m.group("via2") or "").strip()
        via = _VIA_TAIL.sub("", re.sub(r"^qua\s+", "", via)).strip()
        via = _CONTACT.split(via)[0].strip()
        text = f"{to} (qua {via})" if via and _looks_like_unit(via) else to
        return text, (m.start("to"), m.end())
    m = _VIA_RE.search(sentence)
    if m:
        return m.group("via").strip(), (m.start("via"), m.end("via"))
    return None, None


def _looks_like_unit(text: str) -> bool:
    return bool(re.match(r"(?i)(phòng|sở|văn phòng|ban|ubnd|trung tâm|thanh tra)\b", text))


def _subject_start(sentence: str, mentions: list[Mention]) -> int | None:
    """Where the grammatical subject begins: after a trigger, an intro clause, or at the start."""
    trig = _TRIGGER_RE.search(sentence)
    if trig and (not mentions or trig.end() <= mentions[0].start + 1 or trig.start() < 40):
        return trig.end()
    if trig and any(m.end <= trig.start() and _ISSUER_GAP.fullmatch(sentence[m.end:trig.start()])
                    for m in mentions):
        return trig.end()  # "Chủ tịch UBND tỉnh X vừa có văn bản yêu cầu Y …": the requester is not the doer
    if _INTRO_RE.match(sentence):
        for m in mentions:
            before = sentence[:m.start].rstrip()
            if before.endswith((",", ";")):
                return m.start
        return None
    return 0


def _run_from(sentence: str, mentions: list[Mention], start: int) -> list[Mention]:
    """The mentions that follow each other from `start`, joined only by commas, semicolons or 'và'."""
    run: list[Mention] = []
    pos = start
    for m in mentions:
        if run and m.listed and (m.start, m.end) == (run[-1].start, run[-1].end):
            run.append(m)  # another unit of the same list ("các Sở: Tư pháp, Nội vụ")
            continue
        if m.start < pos:
            continue
        gap = sentence[pos:m.start]
        prefix_ok = not run and re.fullmatch(r"[\s\-–]*(?:[Đđ]ối với|[Tt]rách nhiệm của)?\s*(?:các|Các|cho|cả)?\s*",
                                             gap)
        if prefix_ok or (run and _JOINER_RE.match(gap)):
            run.append(m)
            pos = m.end
        else:
            break
    return run


def _passive_doers(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """'Kế hoạch CCHC (của) các cơ quan, đơn vị … phải được ban hành' → the owners of the deliverable."""
    if not mentions:
        return []
    head = sentence[:mentions[0].start]
    head = re.sub(r"\s+(của|các)\s*$", "", head.strip())
    if _DELIVERABLE_RE.match(head.strip()):
        return _run_from(sentence, mentions, mentions[0].start)
    return []


_QUALIFIER_RE = re.compile(
    r"^(?:\s+thuộc\s+(?:huyện|tỉnh|thành phố|UBND huyện))?\s+(?:được|đã được)\s+(?:phân công|giao)"
    r"(?:\s+(?:chủ trì|thực hiện|phụ trách|làm))?\s+(?P<obj>(?:\S+\s+){0,6}?\S+?)"
    r"(?=\s+(?:chủ động|đề xuất|xây dựng|gửi|báo cáo|triển khai|thực hiện|rà soát|tổ chức|nghiên cứu|tham mưu|"
    r"có trách nhiệm|phải|cần|khẩn trương|tiếp tục|,|;)|[,;])"
)


def _qualified(sentence: str, m: Mention) -> Mention:
    """'các cơ quan chuyên môn được phân công thực hiện nhiệm vụ CCHC' is a group of its own."""
    q = _QUALIFIER_RE.match(sentence[m.end:])
    if not m.is_group or not q:
        return m
    end = m.end + q.end()
    text = sentence[m.start:end]
    name = text[:1].upper() + text[1:]
    return Mention(m.start, end, text, name, m.kind, True, m.members)


def analyse(sentence: str, registry: UnitRegistry) -> Assignment:
    """Doers, partners and the submission target of one sentence."""
    submit_to, span = find_submit_to(sentence)
    mentions = [m for m in registry.scan(sentence) if not (span and span[0] <= m.start < span[1])]
    partners = [m for m in mentions if _PARTNER_RE.search(sentence[max(0, m.start - 30):m.start])]
    candidates = [m for m in mentions if m not in partners]
    doers: list[Mention] = []
    start = _subject_start(sentence, candidates)
    if start is not None:
        doers = _run_from(sentence, candidates, start)
    if not doers:
        doers = _passive_doers(sentence, candidates)
    doers = [_qualified(sentence, m) for m in doers]
    roles = []
    for m in doers:
        role = "chủ trì" if _CHU_TRI_AFTER.match(sentence[m.end:]) else "thực hiện"
        roles.append((m, role))
    return Assignment(roles, partners, submit_to, span)

"""Reading a question once: its topic words, what kind of answer it wants, and the entities it names
(documents by number, places, units, dates and periods) — all as hints that rank passages, never filters.

Rules on the folded form (corpus.lexicon), so questions typed without diacritics, in chat style or with the
office's abbreviations read the same.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise

from corpus.dates import month_end
from corpus.lexicon import FILLERS, FILLERS_ACCENTED, QUESTION_PHRASES, abbreviations, expand_pairs, question_tokens
from corpus.text import fold, has_diacritics, nfc, normalize_text, normalize_tones

_KINDS = {
    "qd": "Quyết định", "quyet dinh": "Quyết định", "kh": "Kế hoạch", "ke hoach": "Kế hoạch",
    "cv": "Công văn", "cong van": "Công văn", "van ban": None, "vb": None, "tb": "Thông báo",
    "thong bao": "Thông báo", "cd": "Công điện", "cong dien": "Công điện", "nq": "Nghị quyết",
    "nghi quyet": "Nghị quyết", "ct": "Chỉ thị", "chi thi": "Chỉ thị", "nd": "Nghị định", "nghi dinh": "Nghị định",
    "tt": "Thông tư", "thong tu": "Thông tư", "hd": "Hướng dẫn", "huong dan": "Hướng dẫn", "kl": "Kết luận",
}
_DOC_REF = re.compile(
    r"\b(?P<kind>qd|quyet dinh|kh|ke hoach|cv|cong van|van ban|vb|tb|thong bao|cd|cong dien|nq|nghi quyet|ct|"
    r"chi thi|nd|nghi dinh|tt|thong tu|hd|huong dan|kl)\s*(?:so\s*)?(?P<num>\d{1,6})"
    r"(?P<rest>(?:/\d{4})?(?:[/\-][a-z&]+)*(?:[/\-][a-z&]+)?)"
)
_YEAR = re.compile(r"\b(20\d\d)\b")
_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DATE = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b|\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})"
                   r"\s+nam\s+(\d{4})\b")
_CLOCK = re.compile(r"\b(\d{1,2})\s*(?:h|gio)\s*(\d{2})?(?:\s*phut)?\b")

_DEADLINE = re.compile(
    r"\b((?<!qua )(?<!tre )(?<!dung )(?<!gioi )(?<!thoi )han(?! che| muc| ngach)|han chot|"
    r"thoi han (nop|gui|hoan thanh|bao cao|la)|khi nao|bao gio|ngay nao|ngay may|truoc ngay|cham nhat|muon nhat|"
    r"con may ngay|con bao lau|con bao nhieu ngay|hieu luc|ap dung tu|thi hanh (ke )?tu|luc nao|deadline|"
    r"ky bao cao|dot bao cao|tu ngay nao|den ngay nao|ap dung (ke )?tu|thi hanh (ke )?tu)\b"
)
_DURATION = re.compile(
    r"\b(trong bao lau|mat bao lau|bao lau (thi|de|moi)?\s*(co|duoc|tra)|bao lau (mot|1) lan|may lan|"
    r"trong may ngay|giai quyet (trong )?(may|bao nhieu) ngay|bao nhieu ngay lam viec|bao lau thi bi|"
    r"thoi han (giai quyet|tham dinh|cap)|thoi gian (giai quyet|niem yet|tham dinh))\b"
)
_WHO = re.compile(
    r"\b(ai|co quan nao|don vi nao|phong nao|so nao|bo nao|vu nao|cuc nao|ban nao|ben nao|noi nao|bo phan nao|"
    r"cho ai|cua ai|giao ai|thuoc ai|do ai|la viec cua|thuoc trach nhiem|cap nao)\b"
)
_UNIT_DUTY = re.compile(
    r"\b(lam gi|phai lam|nhiem vu gi|nhiem vu cua|trach nhiem gi|trach nhiem cua|co trach nhiem|viec gi|"
    r"nhung viec|can lam|duoc giao|phu trach gi|chu tri (nhung )?(viec|gi)|lam nhung gi|co viec|giai quyet gi|"
    r"khac phuc (cai )?gi|duoc de nghi|de nghi .* lam gi|lam gi)\b"
)
_CRITERION = re.compile(r"\b(tieu chi|chi tieu|linh vuc|chi so|nhiem vu|buoc)\b")
_COUNTED = re.compile(r"\b(?:bao nhieu|may)\s+((?!la\b|lan\b)[a-z]+(?:\s+(?!la\b|gi\b|nao\b)[a-z]+)?)")
_EFFECTIVE_ASK = re.compile(r"\b(hieu luc|ap dung (ke )?tu|thi hanh (ke )?tu|duoc thi hanh)\b")
_OWN_KINDS = re.compile(r"\b(quyet dinh|quy che|quy dinh|nghi quyet|ke hoach|chi thi|cong van|thong bao|"
                        r"cong dien|van ban nay)\b")
# A kind of directive as typed, not a piece of a unit's abbreviation ("P. TC-KH" is Tài chính - Kế hoạch).
_KIND_NAMED = re.compile(r"(?<![-&/\w])(quyet dinh|quy che|quy dinh|nghi quyet|ke hoach|chi thi|cong van|thong bao|"
                         r"cong dien|huong dan|chuong trinh|de an|cam nang|kh|qd|cv|nq|ct|tb|cd)(?![-&/\w])")
_OTHER_KINDS = re.compile(r"\b(luat|nghi dinh|thong tu|bo luat|phap lenh)\b")
_START = re.compile(r"\b(tu may gio|tu ngay nao|bat dau|tu luc nao|dung tu|tam dung tu|khi nao bat dau)\b")
_END = re.compile(r"\b(den ngay nao|den khi nao|den bao gio|den luc nao|den may gio|han cuoi|ket thuc|het han|"
                  r"cham nhat)\b")
_PAST = re.compile(r"\b(truoc day|luc truoc|ban dau|cu|da het han|da qua)\b")
_OWN = re.compile(r"\b(phong|don vi|so|tinh|xa|phuong|co quan|ubnd|bo) minh\b")
_ASK_NUMBER = re.compile(r"\b(bao nhieu|may|so luong|muc|ti le|ty le|phan tram|%)\b")
_ASK_SIGNER = re.compile(r"\b(ai ky|do ai ky|nguoi ky|ky ban hanh)\b")
_ASK_DOCNUMBER = re.compile(r"\b(so may|so bao nhieu|so hieu|ky hieu|(quyet dinh|ke hoach|cong van|van ban|nghi quyet|"
                            r"thong bao) so (may|nao)|ban hanh ngay nao)\b")


@dataclass(frozen=True)
class Window:
    """A span of days a relative phrase stands for ('tuần tới' on a Sunday → next Monday to Sunday)."""

    start: dt.date
    end: dt.date
    label: str


def relative_window(folded: str, today: dt.date) -> Window | None:
    """The days meant by 'hôm nay', 'tuần này', 'tuần tới', 'tháng này', 'tháng tới', 'sắp tới'."""
    monday = today - dt.timedelta(days=today.weekday())
    if re.search(r"\bhom nay\b", folded):
        return Window(today, today, "hôm nay")
    if re.search(r"\bngay mai\b", folded):
        d = today + dt.timedelta(days=1)
        return Window(d, d, "ngày mai")
    if re.search(r"\btuan (toi|sau)\b", folded):
        start = monday + dt.timedelta(days=7)
        return Window(start, start + dt.timedelta(days=6), "tuần tới")
    if re.search(r"\btuan nay\b", folded):
        return Window(today, monday + dt.timedelta(days=6), "tuần này")
    if re.search(r"\bthang (toi|sau)\b", folded):
        first = month_end(today.year, today.month) + dt.timedelta(days=1)
        return Window(first, month_end(first.year, first.month), "tháng tới")
    if re.search(r"\bthang nay\b", folded):
        return Window(today, month_end(today.year, today.month), "tháng này")
    if re.search(r"\b(sap toi|sap den han|sap het han|gan day|toi day)\b", folded):
        return Window(today, today + dt.timedelta(days=30), "30 ngày tới")
    return None


@dataclass(frozen=True)
class DocRef:
    """A directive the question names: 'QĐ 2623/QĐ-TTg', 'cd 220', 'KH 617'."""

    kind: str | None
    number: int
    year: int | None
    code: str  # the rest of the number, folded ("qd-ttg")


@dataclass
class Frame:
    """A question read once."""

    raw: str
    text: str
    folded: str
    accented: bool
    tokens: list[str]
    terms: list[str]  # topic syllables (folded, abbreviations written out), in order
    today: dt.date
    intent: str = "search"
    asks: set[str] = field(default_factory=set)  # date, time, start, duration, number, unit, signer, docnumber
    doc_refs: list[DocRef] = field(default_factory=list)
    year: int | None = None
    quarter: int | None = None
    window: Window | None = None
    anchor: dt.date | None = None  # a day the question gives ("gửi ngày 05/12/2025 thì …")
    anchor_time: dt.time | None = None
    past: bool = False
    own: bool = False  # "phòng mình", "tỉnh mình": the asker's own unit
    counted: str = ""  # what "bao nhiêu …" / "mấy …" counts ("tiêu chí", "ngày"), folded
    weights: dict[str, float] = field(default_factory=dict)  # below 1 for the syllables of an abbreviation
    accents: list[str] = field(default_factory=list)  # per term: its accented form when typed so, else ""
    aliases: list[str] = field(default_factory=list)  # abbreviations as typed ("csdl"): texts may keep them so
    about_document: bool = False  # asks about a directive itself ("QĐ 2623 có hiệu lực …"), not a law it cites

    @property
    def names_kind(self) -> bool:
        """The question names a kind of directive ('trong KH …', 'theo quy chế …', 'Quyết định về …')."""
        return bool(_KIND_NAMED.search(fold(self.text).lower()))

    @property
    def words(self) -> frozenset[str]:
        """Every syllable of the question, as typed (lower case) and folded."""
        low = re.findall(r"\w+", normalize_tones(nfc(self.text)).lower())
        return frozenset(low) | frozenset(fold(w) for w in low)

    @property
    def bigrams(self) -> list[tuple[str, str]]:
        return list(pairwise(self.terms))


def read_question(raw: str, today: dt.date) -> Frame:
    text = normalize_text(raw)
    folded_text = " ".join(question_tokens(text))
    plain = re.sub(r"\s+", " ", re.sub(r"[^a-z0-9/&%\-.:,]+", " ", fold(nfc(text)).lower())).strip()
    f = Frame(raw=raw, text=text, folded=folded_text, accented=has_diacritics(text),
              tokens=question_tokens(text), terms=[], today=today)
    f.doc_refs = _doc_refs(plain)
    f.anchor, f.anchor_time = _anchor(plain)
    refs = {r.number for r in f.doc_refs} | {r.year for r in f.doc_refs if r.year}
    years = [int(y.group(1)) for y in _YEAR.finditer(plain) if int(y.group(1)) not in refs]
    if years:
        f.year = years[0]
    if (q := _QUARTER.search(folded_text)):
        v = q.group(1)
        f.quarter = int(v) if v.isdigit() else _ROMAN[v]
    f.window = relative_window(folded_text, today)
    f.past = bool(_PAST.search(folded_text))
    f.own = bool(_OWN.search(folded_text))
    drop = _ref_spans(plain, f.doc_refs) | _anchor_tokens(plain, f.anchor)
    f.terms = topic_terms(text, drop, f.weights, f.accents)
    for m in _SLOT.finditer(folded_text):  # "đơn vị nào", "cơ quan nào": the kind of answer, not its topic
        for syl in m.group(1).split():
            f.weights[syl] = min(f.weights.get(syl, 1.0), SLOT_WEIGHT)
    f.aliases = [t for t in dict.fromkeys(fold(m.group(0)).lower() for m in _TOKEN.finditer(text))
                 if t in abbreviations() and t not in f.terms]
    f.asks = _asks(folded_text)
    if (c := _COUNTED.search(fold(text).lower())):
        f.counted = c.group(1)
    f.about_document = bool(f.doc_refs) or (bool(_OWN_KINDS.search(folded_text))
                                            and not _OTHER_KINDS.search(folded_text))
    f.intent = _intent(folded_text, f)
    return f


SLOT_WEIGHT = 0.3
_SLOT = re.compile(r"\b(don vi|co quan|to chuc|bo phan|phong ban|phong|so|bo|cap|ban|nganh|doi tuong|ca nhan|"
                   r"nguoi|can bo|van ban|quyet dinh|ke hoach|ngay|thang|nam|quy) nao\b")


def _doc_refs(plain: str) -> list[DocRef]:
    out = []
    for m in _DOC_REF.finditer(plain):
        kind = _KINDS.get(m.group("kind"))
        rest = m.group("rest") or ""
        year = re.search(r"/(\d{4})", rest)
        out.append(DocRef(kind, int(m.group("num")), int(year.group(1)) if year else None,
                          re.sub(r"^/\d{4}", "", rest).strip("/-")))
    return out


def _ref_spans(plain: str, refs: list[DocRef]) -> set[str]:
    """The number tokens of document references (they rank documents, they are not topic words)."""
    return {str(r.number) for r in refs} | {f"{r.number:02d}" for r in refs} | {f"{r.number:05d}" for r in refs}


def _anchor_tokens(plain: str, anchor: dt.date | None) -> set[str]:
    """The numbers of the day a question gives (an anchor, not a topic: the text does not hold it)."""
    if anchor is None:
        return set()
    out: set[str] = set()
    for m in _DATE.finditer(plain):
        out.update(t for t in re.findall(r"\d+", m.group(0)))
    for c in _CLOCK.finditer(plain):
        out.update(t for t in re.findall(r"\d+", c.group(0)))
        out.update(t for t in re.findall(r"\w+", c.group(0)) if any(ch.isdigit() for ch in t))  # "16h30" whole
    return out


def _anchor(plain: str) -> tuple[dt.date | None, dt.time | None]:
    day = None
    for m in _DATE.finditer(plain):
        d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            day = dt.date(int(y), int(mo), int(d))
            break
        except ValueError:
            continue
    clock = None
    if day is not None and (c := _CLOCK.search(plain)):
        try:
            clock = dt.time(int(c.group(1)), int(c.group(2) or 0))
        except ValueError:
            clock = None
    return day, clock


_TOKEN = re.compile(r"\w+(?:[&/]\w+)*")


def topic_terms(text: str, drop: set[str] | None = None, weights: dict[str, float] | None = None,
                accents: list[str] | None = None) -> list[str]:
    """The folded syllables that carry the question's topic: question phrases, chat and filler words removed
    (judged on the accented word when the question has diacritics), abbreviations written out."""
    drop = drop or set()
    low = normalize_tones(nfc(text)).lower()
    folded = fold(low)
    keep = list(low)
    for m in QUESTION_PHRASES.finditer(folded):
        keep[m.start():m.end()] = " " * (m.end() - m.start())
    low = "".join(keep)
    accented = has_diacritics(low)
    out: list[str] = []
    typed = normalize_tones(nfc(text))
    for m in _TOKEN.finditer(low):
        word = m.group(0)
        f = fold(word)
        if f in drop or (accented and word in FILLERS_ACCENTED) or (not accented and f in FILLERS):
            continue
        if word == "ai" and "AI" not in text:
            continue
        pairs = [(a, s) for a, s in expand_pairs([(word, f)], raw=[typed[m.start():m.end()]])
                 if (len(s) > 1 or s.isdigit()) and s not in drop]
        out.extend(s for _a, s in pairs)
        if accents is not None:
            # a word typed with its marks matches only that word ("thứ" is not "thủ"); typed without, any
            accents.extend(a if a != s else "" for a, s in pairs)
        if len(pairs) > 1 and weights is not None:  # an abbreviation written out weighs as one word
            for _a, syl in pairs:
                weights[syl] = min(weights.get(syl, 1.0), 1.0 / len(pairs) + 0.25)
    return out


# A unit's head typed without marks that, with the syllable after it, is far more often a common word: "quy
# chế" is not "Quỹ …", "ban hành" not "Ban …", "so lieu" not "Sở …". Folded.
_NOT_A_HEAD = {
    "quy": {"che", "dinh", "trinh", "hoach", "pham", "mo", "tac", "cach"},
    "ban": {"hanh", "giao", "sao", "dau", "chat"},
    "so": {"lieu", "luong", "hoa", "hieu", "sanh", "do", "voi", "bo", "tien"},
    "phong": {"chong", "ngua", "chay"},
    "vu": {"viec"},
    "cuc": {"bo"},
    "bo": {"sung", "tri", "phan", "nhiem", "chi", "tieu", "ho", "luat", "may"},
}


_LEVELS = frozenset("huyen xa tinh thanh pho quan phuong thi tran".split())


def question_units(text: str, names: list[str]) -> list[str]:
    """The units a question names, as the unit reader wrote them out, kept only where the question says so:
    - a place the question names is not part of a unit ('CA TP Hải Phòng' is Công an thành phố, of Hải Phòng,
      not 'Công an thành phố Hải'; the place itself ranks the directives of that place);
    - a unit with an administrative level the question does not say is the registry's expansion, not the
      question's ('công an' is not 'Công an huyện', 'cấp xã' not 'các xã, thị trấn');
    - typed without marks, a unit whose head is more likely a common word ('quy che' is not 'Quỹ …') is not one."""
    from corpus.lexicon import folded_tokens
    from corpus.localities import default_gazetteer

    said = set(question_tokens(text)) | set(re.findall(r"[a-z0-9]+", fold(nfc(text)).lower()))
    found = default_gazetteer().places_in(text)
    places = [folded_tokens(p.name) for p in found]
    said |= {t for p in found for t in folded_tokens(p.kind or "")}  # "Vĩnh Linh" says huyện
    accented = has_diacritics(text)
    out: list[str] = []
    for name in names:
        words = name.split()
        toks = [fold(w).lower().strip(",.;:()") for w in words]
        for place in places:  # the unit ends with the first syllables of a place the question names
            for k in range(min(len(place), len(toks) - 1), 0, -1):
                if toks[-k:] == place[:k]:
                    words, toks = words[:-k], toks[:-k]
                    break
        name = " ".join(words).rstrip(" ,")
        syll = folded_tokens(name)
        levels = [t for t in syll if t in _LEVELS]
        if not syll or levels and not any(t in said for t in levels):
            continue  # the registry added an administrative level the question does not say
        if not accented and len(syll) > 1 and syll[1] in _NOT_A_HEAD.get(syll[0], ()):
            continue
        if name not in out:
            out.append(name)
    return out


def _asks(folded: str) -> set[str]:
    asks: set[str] = set()
    if _DEADLINE.search(folded) and not _DURATION.search(folded):
        asks.add("date")
    if re.search(r"\b(may gio|luc may gio|gio nao)\b", folded):
        asks.add("time")
        if re.search(r"\bngay\b", folded):
            asks.add("date")
    if _START.search(folded):
        # both ends asked ("từ ngày nào đến ngày nào"): a range, whose end is the deadline
        asks.add("range" if _END.search(folded) else "start")
    if _DURATION.search(folded):
        asks.add("duration")
    if _ASK_NUMBER.search(folded):
        asks.add("number")
    if _WHO.search(_ASK_SIGNER.sub(" ", folded)):  # "ai ký" asks the signer, not a unit
        asks.add("unit")
    if _ASK_SIGNER.search(folded):
        asks.add("signer")
    if _ASK_DOCNUMBER.search(folded):
        asks.add("docnumber")
    if _EFFECTIVE_ASK.search(folded):
        asks.add("effective")
    return asks


def _intent(folded: str, f: Frame) -> str:
    if "signer" in f.asks or "docnumber" in f.asks:
        return "search"
    if "date" in f.asks or "time" in f.asks or f.window is not None:  # "lúc mấy giờ": a point in time
        return "deadline"
    if _UNIT_DUTY.search(folded) and not _WHO.search(folded):
        return "responsibility"
    if "unit" in f.asks:
        return "criterion_owner" if _CRITERION.search(folded) or not _UNIT_DUTY.search(folded) else "responsibility"
    return "search"

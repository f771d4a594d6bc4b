"""Reading a question: its intent and its entities (units, locality, year, period, relative time).

Rules and keyword scores only, on the folded form, so questions typed without diacritics,
with abbreviations or in chat style ("ko", "nhé", "ạ", "trc", "bc") read the same.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from corpus.abbreviations import ABBREVIATIONS
from corpus.text import fold, has_diacritics, normalize_text
from corpus.units import Mention, UnitRegistry

# Chat-style spellings → the words they stand for (folded).
_CHAT = {
    "ko": "khong", "k": "khong", "hok": "khong", "kg": "khong", "trc": "truoc", "bc": "bao cao", "kh": "ke hoach",
    "cv": "cong van", "qd": "quyet dinh", "tb": "thong bao", "dc": "duoc", "đc": "duoc", "j": "gi", "ntn": "nhu the nao",
    "bn": "bao nhieu", "bh": "bao gio", "vs": "voi", "ng": "nguoi", "p": "phong", "vp": "van phong", "sn": "sang kien",
    "vb": "van ban", "bnv": "bo noi vu", "snv": "so noi vu", "ubnd": "ubnd", "tt&tt": "thong tin va truyen thong",
}
FILLERS = {"a", "nhe", "nha", "vay", "the", "ha", "oi", "giup", "minh", "em", "ban", "cho", "toi", "hoi",
           "xin", "vui", "long", "khong", "co", "duoc", "la", "thi", "ma", "nhi", "day", "ak", "ah", "u", "uh", "nao",
           "gi", "ai", "sao", "bao", "nhieu", "may", "phai", "can", "cua", "ve", "o", "tai", "trong", "va", "cac",
           "nhung", "mot", "de", "khi", "tu", "den", "nay", "do", "voi", "cung", "nhu"}

_DEADLINE = re.compile(
    r"\b(han(?! che)|han chot|het han|khi nao|bao gio|truoc ngay|may gio|thoi han|deadline|cham nhat|"
    r"qua han|sap toi|tuan toi|tuan nay|tuan sau|thang nay|thang toi|thang sau|hom nay|ngay mai|thoi gian nop|"
    r"luc nao|bao lau)\b"
)
# "ngày nào" asks for a deadline only about sending or finishing something ("ban hành ngày nào" asks a fact)
_DATE_OF_DUTY = re.compile(r"\b(nop|gui|bao cao|hoan thanh|trinh|xong)\b.*\bngay (nao|may)\b")
_DOCUMENT_NUMBER = re.compile(r"\b(so may|so bao nhieu|so hieu|ky hieu|so nao)\b")
_WHO = re.compile(r"\b(ai|don vi nao|phong nao|co quan nao|ben nao|noi nao|bo phan nao|cho ai|cua ai)\b")
_UNIT_DUTY = re.compile(
    r"\b(lam gi|phai lam|nhiem vu|trach nhiem|viec gi|nhung viec|can lam|duoc giao|phan cong|phu trach gi|"
    r"lam nhung gi|co viec)\b"
)
_OWNER = re.compile(r"\b(phu trach|chu tri|do ai|thuoc trach nhiem|thuoc|giao cho|viec cua|ai lam|dau moi|ai quan ly)\b")
_PURPOSE = re.compile(r"\b(de lam gi|nham muc dich gi|muc dich (gi|la gi)|vi sao|tai sao|nham gi)\b")
_CRITERION_WORDS = re.compile(r"\b(tieu chi|linh vuc|chi so|noi dung cham diem|chi tieu)\b")
_HELP = re.compile(r"^(/?help|/?start|huong dan|tro giup|giup do|xin chao|chao|hello|hi|ban lam duoc gi|"
                   r"ban la ai|lam sao de hoi|cach hoi)\b")
_YEAR = re.compile(r"\b(20[0-9]{2})\b")
_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\b")
_PAST = re.compile(r"\b(truoc day|luc truoc|ban dau|cu|da het han|da qua)\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Window:
    """A span of days a relative phrase stands for ('tuần tới' on a Sunday → next Monday to Sunday)."""

    start: dt.date
    end: dt.date
    label: str


@dataclass
class Question:
    """A question read once: original, normalised and folded forms, intent and entities."""

    raw: str
    text: str
    folded: str
    accented: bool
    intent: str = "unknown"
    units: list[Mention] = field(default_factory=list)
    locality_ids: list[int] = field(default_factory=list)
    locality_words: list[str] = field(default_factory=list)
    year: int | None = None
    quarter: int | None = None
    window: Window | None = None
    overdue: bool = False
    past: bool = False
    rest: str = ""  # the folded question without the unit names in it (what remains to match)
    other_place: str | None = None  # a district or province named in the question that no directive is about

    @property
    def who(self) -> bool:
        return bool(_WHO.search(self.folded))


def folded_words(text: str) -> str:
    """Folded, lower case, punctuation as spaces, chat spellings and abbreviations written out."""
    s = fold(normalize_text(text)).lower()
    s = re.sub(r"\be[\s-]?mail\b", "email", s)
    s = re.sub(r"\b(quy|thang|nam)\s+([ivx]+|\d{1,2})/(\d{4})\b", r"\1 \2 nam \3", s)
    s = re.sub(r"[^\w/@.]+|(?<![\w@])[.]|[.](?![\w])", " ", s)
    words = " ".join(_CHAT.get(w, w) for w in s.split())
    for phrase, same in _PHRASES:
        words = phrase.sub(same, words)
    return words


# Phrases that mean the same thing for matching, or carry no topic ("đề nghị", "yêu cầu" only direct it).
_PHRASES = [
    (re.compile(r"\b(gop y|tham gia y kien|xin y kien|cho y kien)\b"), "y kien"),
    (re.compile(r"\b(yeu cau|de nghi|tran trong|khan truong)\b"), " "),
    (re.compile(r"\bbao cao (ve|len)\b"), r"bao cao gui \1"),  # "báo cáo về X" is sending it to X
]


_ABBR_FOLDED = {fold(a).lower(): fold(e).lower() for a, e in ABBREVIATIONS.items() if " " not in a and len(a) >= 3}
# Words that mean the same for matching a question to a duty ("nộp" a report = "gửi" it).
SYNONYMS = {"nop": "gui", "chuyen": "gui", "giri": "gui", "nhiem": "nhiem", "xhh": "xa hoi hoc"}


_CONTRACT = sorted(((fold(e).lower(), fold(a).lower().replace(" ", "")) for a, e in ABBREVIATIONS.items()
                    if len(e.split()) >= 2 and len(a) >= 3), key=lambda p: -len(p[0]))


ABBREVIATION_TOKENS = {fold(a).lower().replace(" ", "") for a in ABBREVIATIONS}


def contract_folded(text: str) -> str:
    """Known phrases in a folded text replaced by their abbreviation ('cai cach hanh chinh' → 'cchc')."""
    text = f" {re.sub(r'[^a-z0-9/ ]+', ' ', text)} "
    for phrase, abbr in _CONTRACT:
        text = text.replace(f" {re.sub(r'[^a-z0-9 ]+', ' ', phrase).strip()} ", f" {abbr} ")
    return re.sub(r"\s+", " ", text).strip()


def expand_folded(text: str) -> str:
    """Abbreviations and synonyms in a folded text written out ('cchc' → 'cai cach hanh chinh', 'nop' → 'gui')."""
    return " ".join(SYNONYMS.get(w, _ABBR_FOLDED.get(w, w)) for w in text.split())


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
        first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return Window(first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), "tháng tới")
    if re.search(r"\bthang nay\b", folded):
        nxt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return Window(today, nxt - dt.timedelta(days=1), "tháng này")
    if re.search(r"\b(sap toi|sap den han|sap het han|gan day|toi day)\b", folded):
        return Window(today, today + dt.timedelta(days=30), "30 ngày tới")
    return None


OWNERSHIP_WORDS = {"tieu", "chi", "linh", "vuc", "so", "phu", "trach", "chu", "tri", "thuoc", "nhiem", "giao",
                    "viec", "don", "vi", "phong", "co", "quan", "lam", "quan", "ly", "dau", "moi", "nao"}


def classify(q: Question, criterion_words: set[str] | None = None) -> str:
    """The intent of a question from keyword rules (criterion_words: the words of the CCHC field or topic
    it names, when it names one)."""
    f = q.folded
    if not f or _HELP.match(f):
        return "help"
    if _PURPOSE.search(f) or _DOCUMENT_NUMBER.search(f):
        return "search"
    if _DEADLINE.search(f) or _DATE_OF_DUTY.search(f) or q.window or q.overdue:
        return "deadline"
    if criterion_words is not None and (_CRITERION_WORDS.search(f) or _OWNER.search(f) or q.who):
        action = [w for w in content_terms(f, OWNERSHIP_WORDS) if w not in criterion_words]
        if len(action) <= 1 and not q.units:
            return "criterion_owner"
    if q.units and (_UNIT_DUTY.search(f) or len(content_terms(q.rest, OWNERSHIP_WORDS)) >= 2):
        return "responsibility"
    if q.who and (_OWNER.search(f) or _UNIT_DUTY.search(f) or re.search(r"\b(phai|se|duoc giao)\b", f)):
        return "responsibility"
    if q.who:
        return "responsibility"
    return "search"


def parse_question(raw: str, *, today: dt.date, registry: UnitRegistry) -> Question:
    """Normalise a question and read its entities (the intent is set by the caller with classify)."""
    text = normalize_text(raw)
    folded = folded_words(text)
    q = Question(raw=raw, text=text, folded=folded, accented=has_diacritics(text))
    q.units = [m for m in registry.scan(text) if m.name != "Các cơ quan, đơn vị"]
    q.rest = folded_words(_cut(text, q.units))
    if not q.units:
        friendly = _unit_friendly(folded)
        q.units = [m for m in registry.scan(friendly) if m.name != "Các cơ quan, đơn vị"]
        q.rest = folded_words(_cut(friendly, q.units))
    if (y := _YEAR.search(folded)):
        q.year = int(y.group(1))
    if (qm := _QUARTER.search(folded)):
        v = qm.group(1)
        q.quarter = int(v) if v.isdigit() else _ROMAN[v]
    q.window = relative_window(folded, today)
    q.overdue = bool(re.search(r"\b(qua han|tre han|cham tien do)\b", folded))
    q.past = bool(_PAST.search(folded))
    return q


def _cut(text: str, mentions: list[Mention]) -> str:
    """The text with the mentioned unit names blanked out."""
    for m in sorted(mentions, key=lambda m: -m.start):
        text = text[:m.start] + " " + text[m.end:]
    return text


def _unit_friendly(folded: str) -> str:
    """A folded question rewritten so unit names can be scanned ('phong noi vu' → 'Phong noi vu')."""
    return re.sub(r"\b(phong|van phong|ubnd|thanh tra|trung tam|so|ban)\b", lambda m: m.group(0).title(), folded)


_ROMAN_AFTER = {"quy", "giai", "doan", "phan", "muc", "phu", "luc"}


def contracted_terms(folded: str, drop: set[str]) -> list[str]:
    """Content words with known phrases counted once ('cai cach hanh chinh' → 'cchc')."""
    kept = set(content_terms(folded, drop))
    return [w for w in contract_folded(folded).split()
            if w in kept or (w in ABBREVIATION_TOKENS and w not in drop)]


def content_terms(folded: str, drop: set[str]) -> list[str]:
    """The words of a question that carry its meaning (chat words, question words and `drop` removed)."""
    words = expand_folded(folded).split()
    out = []
    for i, w in enumerate(words):
        roman = w in {"i", "ii", "iii", "iv", "v"} and i > 0 and words[i - 1] in _ROMAN_AFTER
        if roman or (w not in FILLERS and w not in drop and len(w) > 1) or w.isdigit():
            out.append(w)
    return out

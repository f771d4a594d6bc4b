"""The one lexicon of the assistant: abbreviations, chat spellings, question words, fillers, synonyms and the
cue phrases of each kind of question — all on the folded form (no diacritics, lower case, đ→d).

Questions and passages are matched as folded syllables with abbreviations written out on both sides
("CSDL" and "cơ sở dữ liệu" are the same four syllables), so a question typed without diacritics, in chat
style or with the office's abbreviations ("bc", "trc", "STC", "VP UBND") finds the text.

>>> expand_tokens("han nop bc ve stc trc ngay nao".split())
['han', 'nop', 'bao', 'cao', 've', 'so', 'tai', 'chinh', 'truoc', 'ngay', 'nao']
>>> folded_tokens("Sở KH&CN gửi CSDL")
['so', 'khoa', 'hoc', 'va', 'cong', 'nghe', 'gui', 'co', 'so', 'du', 'lieu']
"""
from __future__ import annotations

import re
from functools import lru_cache

from corpus.abbreviations import ABBREVIATIONS
from corpus.text import fold, nfc, normalize_tones

# Abbreviations of the administrative language, beyond corpus.abbreviations (folded key → expansion).
_MORE = {
    "cd": "công điện", "nq": "nghị quyết", "ttg": "thủ tướng", "vpcp": "văn phòng chính phủ",
    "bnv": "bộ nội vụ", "btc": "bộ tài chính", "btp": "bộ tư pháp", "bca": "bộ công an",
    "stp": "sở tư pháp", "stc": "sở tài chính", "snv": "sở nội vụ", "skhcn": "sở khoa học và công nghệ",
    "sct": "sở công thương", "syt": "sở y tế", "sxd": "sở xây dựng", "sgddt": "sở giáo dục và đào tạo",
    "skhdt": "sở kế hoạch và đầu tư", "snnmt": "sở nông nghiệp và môi trường",
    "svhttdl": "sở văn hóa thể thao và du lịch", "khcn": "khoa học và công nghệ", "kh&cn": "khoa học và công nghệ",
    "nn&mt": "nông nghiệp và môi trường", "nnmt": "nông nghiệp và môi trường", "gd&dt": "giáo dục và đào tạo",
    "tt&tt": "thông tin và truyền thông", "vhttdl": "văn hóa thể thao và du lịch",
    "ldtbxh": "lao động thương binh và xã hội", "dlcn": "dữ liệu cá nhân", "qlvb&dh": "quản lý văn bản và điều hành",
    "qlvb": "quản lý văn bản", "dn": "doanh nghiệp", "dnnvv": "doanh nghiệp nhỏ và vừa", "htx": "hợp tác xã",
    "hkd": "hộ kinh doanh", "cds": "chuyển đổi số", "ttpvhcc": "trung tâm phục vụ hành chính công",
    "pvhcc": "phục vụ hành chính công", "vpdkdd": "văn phòng đăng ký đất đai", "gcn": "giấy chứng nhận",
    "bhxh": "bảo hiểm xã hội", "nhnn": "ngân hàng nhà nước", "kbnn": "kho bạc nhà nước",
    "ubmttq": "ủy ban mặt trận tổ quốc", "tp": "thành phố", "hcm": "hồ chí minh", "tphcm": "thành phố hồ chí minh",
    "hn": "hà nội", "ca": "công an", "bcd": "ban chỉ đạo", "vb": "văn bản", "ttdt": "thông tin điện tử",
    "dvcqg": "dịch vụ công quốc gia", "nd": "nghị định", "tt": "thông tư", "ct": "chỉ thị", "qd": "quyết định",
    "kh": "kế hoạch", "cv": "công văn", "tb": "thông báo", "bc": "báo cáo", "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân", "vp": "văn phòng", "ktxh": "kinh tế xã hội", "cbcc": "cán bộ công chức",
    "cbccvc": "cán bộ công chức viên chức", "ccvc": "công chức viên chức", "tthc": "thủ tục hành chính",
    "cchc": "cải cách hành chính", "csdl": "cơ sở dữ liệu", "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến", "cntt": "công nghệ thông tin", "vbqppl": "văn bản quy phạm pháp luật",
    "qppl": "quy phạm pháp luật", "dvsncl": "đơn vị sự nghiệp công lập", "mttq": "mặt trận tổ quốc",
    "pct": "phó chủ tịch", "ldubnd": "lãnh đạo ủy ban nhân dân", "chqs": "chỉ huy quân sự",
    "atvstp": "an toàn vệ sinh thực phẩm", "c/o": "c o", "qh": "quốc hội", "tw": "trung ương",
    "hd": "hướng dẫn", "cp": "chính phủ", "pttg": "phó thủ tướng", "bcdcp": "ban chỉ đạo chính phủ",
}
# Abbreviations a question may type in lower case ("kh 617", "stc"); the others only count in capitals
# ("CA tỉnh", not "ca" of "Cà Mau").
LOWER_OK = frozenset(
    "cd nq ttg vpcp bnv btc btp bca stp stc snv skhcn sct syt sxd sgddt skhdt snnmt svhttdl khcn kh&cn nn&mt "
    "gd&dt tt&tt vhttdl ldtbxh dlcn qlvb&dh qlvb dnnvv htx hkd cds ttpvhcc vpdkdd gcn bhxh nhnn kbnn "
    "ubmttq tphcm bcd dvcqg qd kh cv tb vb vp cbcc cbccvc tthc cchc csdl dvc dvctt cntt vbqppl dvsncl "
    "ubnd hdnd mttq chqs cp tp dn".split()
)
# Chat spellings (folded) and what they stand for.
CHAT = {
    "ko": "khong", "k": "khong", "hok": "khong", "kg": "khong", "hong": "khong", "trc": "truoc", "dc": "duoc",
    "j": "gi", "ntn": "nhu the nao", "bn": "bao nhieu", "bh": "bao gio", "vs": "voi", "ng": "nguoi",
    "sn": "sang kien", "bt": "biet", "mk": "minh", "tks": "cam on",
    "bc": "bao cao", "hcm": "ho chi minh", "sdt": "so dien thoai",
}
# Phrases that only ask (removed before the topic is read; matched on the folded question).
QUESTION_PHRASES = re.compile(
    r"\b(bao nhieu|bao gio|bao lau|khi nao|luc nao|ngay nao|ngay may|may gio|la gi|lam gi|"
    r"nhu the nao|the nao|ra sao|o dau|tai sao|vi sao|co phai|phai khong|hay khong|duoc khong|co khong|"
    r"la ngay nao|la bao nhieu|han chot|han cuoi|cho hoi|xin hoi|cho minh hoi|cho em hoi|vui long|lam on|"
    r"con bao lau|con may ngay|con bao nhieu ngay|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|tuan (?:toi|sau|nay)|"
    r"thang (?:toi|sau|nay)|sap toi|sap den han|sap het han|hom nay|ngay mai|co han (?:gi|nao)|han gi)\b"
)
# Words of conversation and of asking, dropped from the topic; aspect words ("xong", "rồi", "chưa")
# say how far an event has gone, not what it is. Typed with diacritics they are unambiguous;
# folded, only those that cannot also be a content word ("tai" may be "tài chính", "co" "cơ quan").
FILLERS_ACCENTED = frozenset(
    "ạ à ả nhé nhá nha nhỉ vậy thế hả ơi giúp mình em anh chị bạn tôi tui hỏi xin là có được của về thì mà "
    "cho với và các những để từ đến trong tại theo này đó nào gì ai đâu phải cần làm việc đã sẽ đang còn nữa "
    "không hay hoặc bị ra lên vào mấy sao nhiêu bao giờ lúc hạn chót ngày nay kia ấy nhỉ vẫn thôi rồi chưa "
    "cũng luôn nên do bởi khi nếu xong".split()
)
FILLERS = frozenset(
    "a ah ak u uh nhe nha nhi vay oi giup minh em toi tui hoi xin la duoc cua thi cac nhung voi va theo nay nao "
    "gi khong hay hoac may nhieu gio han chot ngay ok oke roi chua nua cung luon xong".split()
)
# Kept for callers that want the topic without the words of asking a deadline or a unit.
ASKING: frozenset[str] = frozenset()
# Words that mean the same for matching a question to a text (folded → folded).
SYNONYMS = {
    "nop": "gui", "chuyen": "gui", "hang": "hang", "hang nam": "hang nam", "phu trach": "chu tri",
    "deadline": "han", "het han": "han",
}


def _fold_key(text: str) -> str:
    return fold(nfc(text)).lower()


@lru_cache(maxsize=1)
def _expansions() -> dict[str, list[tuple[str, str]]]:
    """Folded abbreviation → (accented, folded) syllables of its expansion."""
    out: dict[str, list[tuple[str, str]]] = {}
    for abbr, expansion in list(ABBREVIATIONS.items()) + list(_MORE.items()):
        k = _fold_key(abbr).replace(" ", "")
        acc = re.findall(r"\w+", normalize_tones(nfc(expansion)).lower())
        out[k] = [(w, fold(w)) for w in acc]
    # An acronym of a long name (SIPAS, PAPI, PCI) stays one word: written out, its common syllables
    # ("chỉ số", "hành chính", "cấp tỉnh") would match any text.
    return {k: v for k, v in out.items() if len(v) <= MAX_EXPANSION}


@lru_cache(maxsize=1)
def long_forms() -> dict[str, tuple[str, ...]]:
    """Abbreviations of long names kept as one word ('QLVB&ĐH', 'SIPAS'): folded key → folded syllables of the
    name, for finding the name written out where the abbreviation is typed."""
    out: dict[str, tuple[str, ...]] = {}
    for abbr, expansion in list(ABBREVIATIONS.items()) + list(_MORE.items()):
        words = tuple(fold(w) for w in re.findall(r"\w+", normalize_tones(nfc(expansion)).lower()))
        if len(words) > MAX_EXPANSION:
            out[_fold_key(abbr).replace(" ", "")] = words
    return out


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, list[str]]:
    """Folded abbreviation → folded syllables of its expansion."""
    return {k: [f for _a, f in v] for k, v in _expansions().items()}


MAX_EXPANSION = 6


def _syllables(folded: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", folded)


def _abbreviation_allowed(t: str, typed: str | None) -> bool:
    """An abbreviation counts in capitals, or in lower case when it is one of LOWER_OK, and never when it
    carries tone marks ("cà" is not "CA")."""
    if typed is None:
        return True
    toned = fold(typed) != typed.replace("Đ", "D").replace("đ", "d")
    return not toned and (typed.isupper() or t in LOWER_OK or "&" in t)


def expand_pairs(tokens: list[tuple[str, str]], *, chat: bool = True,
                 raw: list[str] | None = None) -> list[tuple[str, str]]:
    """(accented, folded) tokens with chat spellings and abbreviations written out as syllables."""
    exp = _expansions()
    out: list[tuple[str, str]] = []
    for i, (acc, t) in enumerate(tokens):
        typed = raw[i] if raw is not None else None
        if chat and t in CHAT and (typed is None or not typed.isupper() or len(typed) < 2) and acc == t:
            out.extend((w, w) for w in CHAT[t].split())
        elif t in exp and not _abbreviation_allowed(t, typed):
            out.append((acc, t))
        elif t in exp and len(t) >= 2:
            out.extend(exp[t])
        elif "&" in t or "/" in t:
            out.extend(exp.get(t, [(w, w) for w in _syllables(t)]))
        else:
            out.append((acc, t))
    return out


def expand_tokens(tokens: list[str], *, chat: bool = True, raw: list[str] | None = None) -> list[str]:
    """Folded tokens with chat spellings and abbreviations written out as syllables."""
    return [f for _a, f in expand_pairs([(t, t) for t in tokens], chat=chat, raw=raw)]


def token_pairs(text: str, *, chat: bool = False) -> list[tuple[str, str]]:
    """The syllables of a text as (accented lower case, folded), abbreviations written out."""
    if not chat:
        return list(_pairs_cached(text))
    return _token_pairs(text, chat=True)


@lru_cache(maxsize=50000)
def _pairs_cached(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_token_pairs(text, chat=False))


def _token_pairs(text: str, *, chat: bool) -> list[tuple[str, str]]:
    norm = normalize_tones(nfc(text))
    low = norm.lower()
    folded = fold(low)  # one pass: the fold keeps every character in place
    folded_of = [fold(m.group(0)) for m in _RAW.finditer(low)] if len(folded) != len(low) else None
    spans = [(m.start(), m.end()) for m in _RAW.finditer(low)]
    pairs = [(low[a:b], folded_of[i] if folded_of is not None else folded[a:b]) for i, (a, b) in enumerate(spans)]
    return expand_pairs(pairs, chat=chat, raw=[norm[a:b] for a, b in spans])


def folded_tokens(text: str, *, chat: bool = False) -> list[str]:
    """The folded syllables of a text, abbreviations written out ('Sở KH&CN' → so khoa hoc va cong nghe)."""
    return [f for _a, f in token_pairs(text, chat=chat)]


def cached_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """token_pairs of a text seen often (passages, headings, table columns, titles)."""
    return _pairs_cached(text)


@lru_cache(maxsize=50000)
def cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(f for _a, f in cached_pairs(text))


@lru_cache(maxsize=50000)
def cached_forms(text: str) -> frozenset[str]:
    """Every syllable of a text seen often, folded and as written (lower case), abbreviations written out."""
    pairs = cached_pairs(text)
    return frozenset(f for _a, f in pairs) | frozenset(a for a, _f in pairs)


_RAW = re.compile(r"\w+(?:[&/]\w+)*")


def question_tokens(text: str) -> list[str]:
    """The folded syllables of a question: chat spellings and abbreviations written out."""
    return folded_tokens(text, chat=True)

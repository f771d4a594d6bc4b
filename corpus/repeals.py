"""Which earlier documents a directive replaces or repeals: "thay thế Quyết định số 12/QĐ-UBND", "bãi bỏ Kế
hoạch số 11/KH-UBND", "Công văn số 99/UBND-NV … hết hiệu lực". Pure: text in, numbers out.

A sentence that repeals only part of a document ("bãi bỏ khoản 2 Điều 3 Quyết định số …") supersedes nothing
as a whole and is not returned."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.references import NUMBER_RE

_CUE = re.compile(r"(?i)\b(thay\s+thế(?:\s+cho)?|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|hết\s+hiệu\s+lực)\b")
_PART = re.compile(r"(?i)\b(điều|khoản|điểm|mục|phụ\s+lục|phần|nội\s+dung|một\s+số)\b")
_KINDS = (r"(?:quyết\s+định|kế\s+hoạch|công\s+văn|chỉ\s+thị|thông\s+báo|hướng\s+dẫn|văn\s+bản|nghị\s+quyết|"
          r"thông\s+tư|nghị\s+định|quy\s+chế|quy\s+định|chương\s+trình)")
_NAMES_A_DOCUMENT = re.compile(r"(?i)^\s*(?:cho\s+|toàn\s+bộ\s+|các\s+)?" + _KINDS + r"\b")
_KIND_BEFORE = re.compile(r"(?i)" + _KINDS + r"\s+(?:số\s+)?$")
_BY = re.compile(r"(?i)\b(được|bị)\s*$")  # "được thay thế bởi": the sentence is about another replacement
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")


@dataclass(frozen=True)
class Repeal:
    """A document number this text replaces or repeals as a whole, with the sentence that says so."""

    number: str
    sentence: str


def find_repeals(text: str, *, own_number: str | None = None) -> list[Repeal]:
    """The numbers of the documents this text replaces or repeals, in order, each once."""
    out: dict[str, Repeal] = {}
    own = (own_number or "").lower()
    for sentence in _SENTENCE.split(text or ""):
        cue = _CUE.search(sentence)
        if cue is None:
            continue
        for number in _numbers(sentence, cue):
            if number.lower() != own and number.lower() not in out:
                out[number.lower()] = Repeal(number, " ".join(sentence.split())[:500])
    return list(out.values())


def _numbers(sentence: str, cue: re.Match[str]) -> list[str]:
    """The numbers a cue applies to: after 'thay thế'/'bãi bỏ', before 'hết hiệu lực'; not parts of them."""
    if _BY.search(sentence[:cue.start()]):
        return []
    expires = cue.group(1).lower().startswith("hết")
    if not expires and not _NAMES_A_DOCUMENT.match(sentence[cue.end():]):
        return []  # "thay thế hồ sơ giấy theo Kế hoạch số …": what is replaced is not a document
    found = []
    for match in NUMBER_RE.finditer(sentence):
        between = sentence[match.end():cue.start()] if expires else sentence[cue.end():match.start()]
        if (match.start() < cue.start()) != expires or _PART.search(between):
            continue
        if expires and not _KIND_BEFORE.search(sentence[:match.start()]):
            continue
        found.append(match.group(1))
    return found

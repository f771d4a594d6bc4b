"""Detection of Vietnamese text typed with the pre-Unicode fonts TCVN3 (ABC) and VNI.

Such text was written with 8-bit fonts (.VnTime, VNI-Times) that draw Vietnamese letters in
place of Latin-1 characters. Read as UTF-8, cp1252 or Latin-1 (and in a .docx or a PDF made
from one) it shows up as mojibake: "Céng hoµ x· héi" (TCVN3), "Coâng vaên" (VNI).

We detect it and refuse the file instead of converting it: TCVN3 keeps upper case in a
separate font (.VnTimeH), so the letter case cannot be restored from the text alone, and VNI
sequences such as "oâ" are ambiguous once mixed with real Latin-1 text. The user converts the
file with Unikey (Công cụ chuyển mã), which knows the font that was used.
"""
from __future__ import annotations

import re

TCVN3 = "TCVN3"
VNI = "VNI"
_FONTS = {TCVN3: ("TCVN3 (ABC, phông .VnTime)", "TCVN3 (ABC)"), VNI: ("VNI (phông VNI-Times)", "VNI Windows")}

# Latin-1 characters that TCVN3 uses for Vietnamese letters and that neither real Vietnamese
# nor VNI uses: ă â ê ô ơ ư đ (¨ © ª « ¬ SHY ®), à ả ã á ạ (µ ¶ · ¸ ¹), ằ ẳ ẵ ắ (» ¼ ½ ¾), the
# capitals Ă Â Ê Ô Ơ Ư Đ (¡ ¢ £ ¤ ¥ ¦ §), ầ ỗ (Ç ç), é ì ị ò ỵ (Ð × Þ ß þ). The quotes « » count
# only between two letters ("c«ng" công, "b»ng" bằng) and the soft hyphen (ư) not at all, since
# real text uses them too.
_MARKS = re.escape("¡¢£¤¥¦§¨©ª¬®µ¶·¸¹¼½¾ÇçÐ×Þßþ")
_NEAR = f"A-Za-z\u00c0-\u00ff{_MARKS}"
_TCVN3_SEQUENCE = re.compile(f"[{_NEAR}][{_MARKS}]|[{_MARKS}][{_NEAR}]|[A-Za-z][«»][A-Za-z]")

# VNI writes a base letter followed by a mark drawn as a Latin-1 letter: "aâ" â, "aê" ă,
# "oä" ộ, "uø" ù, "ö" ư, "ñ" đ. None of these sequences occurs in real Vietnamese text.
_VNI_SEQUENCE = re.compile(
    "[aeoAEO][âÂåÅäÄ]"  # circumflex, or circumflex with hook/dot: aâ eâ oå oä
    "|[aA][êÊéÉèÈúÚüÜëË]"  # breve, with or without a tone: aê aé aè aú aü aë
    "|[a-zA-Z][øØïÏûÛ]"  # grave, dot below, hook above after any letter: aø uï Uû
    "|[aeiouyAEIOUYôÔöÖ][ùÙõÕ]"  # acute or tilde after a vowel: aù oõ öù
    "|[öÖñÑæÆîÎ]"  # ư Ư đ Đ ỉ Ỉ ỵ Ỵ
)
_WORD = re.compile(r"\S+")

MIN_WORDS = 5  # fewer suspicious words than this is never enough (foreign names: "Müller", "naïve")
MIN_SHARE = 0.3  # share of the non-ASCII words that must look like legacy text
TCVN3_SHARE = 0.25  # share of those that must carry a TCVN3-only mark to say TCVN3


def detect_legacy_encoding(text: str) -> str | None:
    """Return "TCVN3" or "VNI" when the text is mojibake from such fonts, else None."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    candidates = [w for w in words if not _has_unicode_vietnamese(w)]
    tcvn3 = sum(1 for w in candidates if _TCVN3_SEQUENCE.search(w))
    legacy = sum(1 for w in candidates if _TCVN3_SEQUENCE.search(w) or _VNI_SEQUENCE.search(w))
    if legacy < MIN_WORDS or legacy < MIN_SHARE * len(words):
        return None
    # Many TCVN3 letters look like VNI marks (ñ ủ, Ö ệ); only TCVN3 uses the marks above.
    return TCVN3 if tcvn3 >= TCVN3_SHARE * legacy else VNI


def legacy_message(file_name: str, encoding: str) -> str:
    """What to tell an office worker whose file uses such a font: which one, and how to convert it."""
    font, source = _FONTS[encoding]
    return (
        f"Tệp «{file_name}» được gõ bằng bảng mã cũ {font} nên chữ đọc ra bị lỗi phông. "
        "Hãy chuyển sang Unicode bằng Unikey: chọn hết văn bản (Ctrl+A), sao chép (Ctrl+C), "
        f"mở Unikey → Công cụ chuyển mã (Ctrl+Shift+F6), chọn nguồn {source}, đích Unicode, "
        "bấm Chuyển mã, dán lại (Ctrl+V), đổi phông sang Times New Roman rồi lưu và gửi lại."
    )


def _has_unicode_vietnamese(word: str) -> bool:
    """Whether the word holds a letter beyond Latin-1 (ă đ ơ ư ạ ế …), which 8-bit fonts never give."""
    return any("\u0100" <= ch <= "\u024f" or "\u1ea0" <= ch <= "\u1eff" for ch in word)

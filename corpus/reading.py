"""Reading directive files (.txt .md .docx .pdf) into raw text, refusing what cannot be read."""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any, NamedTuple

import docx
import pdfplumber
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from pdfminer.pdfdocument import PDFPasswordIncorrect

from corpus.errors import UnreadableFile
from corpus.legacy import detect_legacy_encoding, legacy_message

SUPPORTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
UNPACKED_RATIO = 30  # a .docx may unpack to at most this many times max_bytes (zip bombs)
CONTROL_SHARE = 0.1  # a text with more control characters than this is binary

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_CONTAINERS = frozenset(
    _W + tag for tag in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "moveTo")
)
_LINE_BREAK = re.compile(r"\r\n?|\u2028|\u2029")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # control characters but \t \n \f \r
_OLD_WORD_FORMATS = frozenset({".doc", ".rtf", ".odt", ".wps"})


@dataclass(frozen=True)
class RawDocument:
    """The text of one file as read: NFC, but tone marks and markup not yet normalised."""

    file_name: str  # base name
    extension: str  # ".txt", ".md", ".docx" or ".pdf"
    text: str  # NFC, lines separated by "\n"; bold paragraphs and lines as **text**
    sha256: str  # of the file's bytes
    size: int  # bytes


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read a file from disk; raise UnreadableFile when it is refused."""
    path = Path(path)
    _check_extension(path.name)
    try:
        _check_size(path.name, path.stat().st_size, max_bytes)
        data = path.read_bytes()
    except OSError:
        raise UnreadableFile(f"Không mở được tệp «{path.name}» (không tồn tại hoặc không có quyền đọc).",
                             reason="missing") from None
    return read_bytes(data, path.name, max_bytes=max_bytes)


def read_bytes(data: bytes, file_name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read a file held in memory (an upload); raise UnreadableFile when it is refused."""
    name = PureWindowsPath(file_name).name  # accepts both "/" and "\\" separators
    extension = _check_extension(name)
    _check_size(name, len(data), max_bytes)
    if not data.strip():
        raise _refusal("empty", name)
    if extension == ".docx":
        text = _docx_text(data, name, max_bytes)
    elif extension == ".pdf":
        text = _pdf_text(data, name)
    else:
        text = decode_text(data, name)
    text = unicodedata.normalize("NFC", _LINE_BREAK.sub("\n", text))
    if not text.strip():
        raise _refusal("empty", name)
    legacy = detect_legacy_encoding(text)
    if legacy:
        raise _legacy_refusal(name, legacy)
    return RawDocument(name, extension, text, hashlib.sha256(data).hexdigest(), len(data))


# ---------------------------------------------------------------- refusals


def format_size(size: int) -> str:
    """A byte count as an office worker reads it: "850 byte", "1,5 KB", "12 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = f"{size / scale:.1f}".removesuffix(".0")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} byte"


_MESSAGES = {
    "empty": "Tệp «{name}» không có nội dung (tệp rỗng). Hãy kiểm tra lại và gửi đúng tệp văn bản.",
    "binary": "Tệp «{name}» không phải là văn bản đọc được (có vẻ là tệp nhị phân hoặc bị hỏng). "
    "Hãy gửi văn bản dạng .docx, .pdf hoặc .txt.",
    "not_utf8": "Tệp «{name}» không được lưu bằng mã Unicode (UTF-8) nên không đọc được. "
    "Hãy mở tệp bằng Notepad, chọn Lưu thành (Save As) với mã hóa UTF-8 rồi gửi lại.",
    "scanned": "Tệp «{name}» là bản scan (không có lớp chữ) nên không đọc được. "
    "Hãy gửi bản .docx hoặc PDF có chữ.",
    "docx_corrupt": "Tệp «{name}» bị hỏng hoặc không phải tệp Word .docx thật (có thể là tệp .doc đổi đuôi "
    "hoặc tệp có đặt mật khẩu) nên không mở được. Hãy mở bằng Word, chọn Lưu thành (Save As) "
    "dạng .docx rồi gửi lại.",
    "pdf_corrupt": "Tệp «{name}» bị hỏng hoặc không phải tệp PDF thật nên không mở được. "
    "Hãy xuất lại PDF từ văn bản gốc hoặc gửi bản .docx.",
    "pdf_password": "Tệp «{name}» có đặt mật khẩu nên không mở được. "
    "Hãy gửi bản PDF không đặt mật khẩu hoặc bản .docx.",
    "old_word": "Tệp «{name}» có định dạng {ext} cũ, chưa đọc được. "
    "Hãy mở bằng Word và lưu lại dưới dạng .docx (Lưu thành → Word Document) rồi gửi lại.",
    "unsupported": "Tệp «{name}» có định dạng {ext}, chưa được hỗ trợ. Hãy gửi văn bản dạng .docx, .pdf hoặc .txt.",
    "too_large": "Tệp «{name}» có dung lượng {size}, vượt giới hạn {limit}. "
    "Hãy gửi tệp nhỏ hơn (ví dụ tách phụ lục, bỏ ảnh) rồi gửi lại.",
    "unpacked_too_large": "Tệp «{name}» khi giải nén lớn hơn {limit} nên không đọc được. "
    "Hãy bỏ bớt ảnh hoặc tách văn bản rồi gửi lại.",
}
_REASONS = {"not_utf8": "binary", "docx_corrupt": "corrupt", "pdf_corrupt": "corrupt", "pdf_password": "corrupt",
            "old_word": "unsupported", "unpacked_too_large": "too_large"}


def _refusal(kind: str, name: str, **values: str) -> UnreadableFile:
    """The UnreadableFile for one kind of refusal, its message naming the file."""
    message = _MESSAGES[kind].format(name=name, **values)
    return UnreadableFile(message, reason=_REASONS.get(kind, kind))


def _legacy_refusal(name: str, encoding: str) -> UnreadableFile:
    """The refusal of a file typed with a pre-Unicode Vietnamese font."""
    return UnreadableFile(legacy_message(name, encoding), reason="legacy_encoding")


def _check_extension(name: str) -> str:
    """The lower-case extension of a supported file name, or a refusal."""
    extension = PureWindowsPath(name).suffix.lower()
    if extension in SUPPORTED_EXTENSIONS:
        return extension
    kind = "old_word" if extension in _OLD_WORD_FORMATS else "unsupported"
    raise _refusal(kind, name, ext=extension or "không có đuôi")


def _check_size(name: str, size: int, max_bytes: int) -> None:
    """Refuse a file larger than max_bytes."""
    if size > max_bytes:
        raise _refusal("too_large", name, size=format_size(size), limit=format_size(max_bytes))


# ---------------------------------------------------------------- .txt and .md


def decode_text(data: bytes, file_name: str) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", file_name)
    elif b"\x00" in data:
        raise _refusal("binary", file_name)
    else:
        text = _decode(data, "utf-8-sig", file_name)
    if _looks_binary(text):
        raise _refusal("binary", file_name)
    return text


def _decode(data: bytes, encoding: str, name: str) -> str:
    """Decode or refuse: a legacy Vietnamese font, another encoding, or bytes that are no text."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        legacy = detect_legacy_encoding(latin)
        if legacy:
            raise _legacy_refusal(name, legacy) from None
        raise _refusal("binary" if _looks_binary(latin) else "not_utf8", name) from None


def _looks_binary(text: str) -> bool:
    """Whether a decoded text holds NUL or is more than CONTROL_SHARE control characters."""
    return "\x00" in text or len(_CONTROL.findall(text)) > CONTROL_SHARE * len(text)


# ---------------------------------------------------------------- .docx


def _docx_text(data: bytes, name: str, max_bytes: int) -> str:
    """The body of a .docx: paragraphs and table rows in order, numbering and bold rendered."""
    document = _open_docx(data, name, max_bytes)
    reader = _DocxReader(document)
    lines: list[str] = []
    for element in _block_elements(document.element.body):
        lines.extend(reader.table_lines(element) if element.tag == _W + "tbl" else reader.paragraph_lines(element))
    return "\n".join(lines)


def _open_docx(data: bytes, name: str, max_bytes: int) -> DocxDocument:
    """Open a .docx, refusing a file that is no zip, too big once unpacked, or no Word document."""
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        raise _refusal("docx_corrupt", name)
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_RATIO * max_bytes:
            raise _refusal("unpacked_too_large", name, limit=format_size(UNPACKED_RATIO * max_bytes))
        return docx.Document(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as exc:  # python-docx and zipfile raise many kinds on broken files
        raise _refusal("docx_corrupt", name) from exc


def _block_elements(parent: Any) -> Iterator[Any]:
    """The w:p and w:tbl children of a body or cell in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_elements(content)


class _StyleFacts(NamedTuple):
    """What a style sets itself or inherits: bold (None: not set) and list numbering."""

    bold: bool | None
    num_id: str | None
    level: int | None


class _DocxReader:
    """Renders paragraphs and tables as text lines, keeping list counters and style facts."""

    def __init__(self, document: DocxDocument) -> None:
        self._part = document.part
        self._numbering = _Numbering(document)
        self._styles: dict[tuple[str | None, WD_STYLE_TYPE], _StyleFacts] = {}

    def table_lines(self, table: Any) -> list[str]:
        """One line per non-empty row, the cells joined by tabs; merged-down cells left blank."""
        lines = []
        for row in table.iterchildren(_W + "tr"):
            cells = [self._cell_text(tc) for tc in row.iterchildren(_W + "tc")]
            if any(cells):
                lines.append("\t".join(cells))
        return lines

    def paragraph_lines(self, element: Any) -> list[str]:
        """A paragraph as lines: its number first, each line wrapped in ** when every run is bold."""
        style = self._style(_val(element.find(f"{_W}pPr/{_W}pStyle")), WD_STYLE_TYPE.PARAGRAPH)
        label = self._numbering.label(element, style)
        runs = [run for run in _run_elements(element) if run.text]
        text = "".join(run.text for run in runs)
        if not text.strip():
            return [""]
        lines = (f"{label} {text.lstrip()}" if label else text).split("\n")
        if all(self._run_is_bold(run, style) for run in runs if run.text.strip()):
            lines = [f"**{line.strip()}**" if line.strip() else line for line in lines]
        return lines

    def _cell_text(self, tc: Any) -> str:
        """The text of one table cell on one line ("" for the continuation of a vertical merge)."""
        merge = tc.find(f"{_W}tcPr/{_W}vMerge")
        if merge is not None and merge.get(_W + "val", "continue") == "continue":
            return ""
        parts = [
            " ".join(self.table_lines(block)) if block.tag == _W + "tbl" else _paragraph_text(block)
            for block in _block_elements(tc)
        ]
        return " ".join(" ".join(part.split()) for part in parts if part.strip())

    def _run_is_bold(self, run: Any, paragraph: _StyleFacts) -> bool:
        """The run's own bold, else its character style's, else the paragraph style's (None inherits)."""
        bold = _bold_of(run.find(_W + "rPr"))
        if bold is None:
            bold = self._style(_val(run.find(f"{_W}rPr/{_W}rStyle")), WD_STYLE_TYPE.CHARACTER).bold
        return bool(paragraph.bold if bold is None else bold)

    def _style(self, style_id: str | None, kind: WD_STYLE_TYPE) -> _StyleFacts:
        """The facts of a style by id (the default style when absent), resolved once."""
        if (style_id, kind) not in self._styles:
            self._styles[style_id, kind] = _style_facts(self._part.get_style(style_id, kind))
        return self._styles[style_id, kind]


def _style_facts(style: Any) -> _StyleFacts:
    """Bold and numbering a style sets, completed by the styles it is based on."""
    bold, num_id, level, seen = None, None, None, set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        own_id, own_level = _num_pr_of(style.element.pPr)
        bold = _bold_of(style.element.rPr) if bold is None else bold
        num_id = own_id if num_id is None else num_id
        level = own_level if level is None else level
        style = style.base_style
    return _StyleFacts(bold, num_id, level)


def _run_elements(parent: Any) -> Iterator[Any]:
    """The w:r elements of a paragraph, including hyperlinks and tracked insertions."""
    for child in parent.iterchildren():
        if child.tag == _W + "r":
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _run_elements(child)


def _paragraph_text(element: Any) -> str:
    """The visible text of a w:p, without its list number."""
    return "".join(run.text for run in _run_elements(element))


def _bold_of(rpr: Any) -> bool | None:
    """The w:b setting of a w:rPr: True, False, or None when it does not set it."""
    b = rpr.find(_W + "b") if rpr is not None else None
    return None if b is None else b.get(_W + "val", "true") not in ("0", "false", "off")


class _Level(NamedTuple):
    """One level of a Word list: numFmt, lvlText ("%1.") and start value."""

    fmt: str
    text: str
    start: int


class _Numbering:
    """Word's automatic numbering, rendered as the text Word shows: "1.", "a)", "I.", "-"."""

    def __init__(self, document: DocxDocument) -> None:
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            root = []
        self._nums = {el.get(_W + "numId"): el for el in root if el.tag == _W + "num"}
        self._abstracts = {el.get(_W + "abstractNumId"): el for el in root if el.tag == _W + "abstractNum"}
        self._counters: dict[str, dict[int, int]] = {}
        self._cache: dict[str, dict[int, _Level]] = {}

    def label(self, element: Any, style: _StyleFacts) -> str | None:
        """The number of a w:p with this style, counting it; None when it is not numbered."""
        num_id, level = _num_pr_of(element.find(_W + "pPr"))
        num_id = style.num_id if num_id is None else num_id
        level = (style.level if level is None else level) or 0
        levels = self._levels(num_id) if num_id else {}  # numId 0 switches the style's list off
        if level not in levels:
            return None
        counts = self._counters.setdefault(num_id, {})
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if levels[level].fmt == "bullet":
            return "-"
        text = levels[level].text or ("%{})" if levels[level].fmt == "lowerLetter" else "%{}.").format(level + 1)
        return re.sub(r"%([1-9])", lambda m: _level_number(levels, counts, int(m.group(1)) - 1), text).strip() or None

    def _levels(self, num_id: str) -> dict[int, _Level]:
        """The levels of a w:num by ilvl, read once."""
        if num_id not in self._cache:
            self._cache[num_id] = self._read_levels(num_id)
        return self._cache[num_id]

    def _read_levels(self, num_id: str) -> dict[int, _Level]:
        """The levels of a w:num by ilvl, with its overrides applied."""
        num = self._nums.get(num_id)
        if num is None:
            return {}
        abstract = self._abstracts.get(_val(num.find(_W + "abstractNumId")))
        found = abstract.iterchildren(_W + "lvl") if abstract is not None else []
        lvls = {_int(lvl.get(_W + "ilvl"), 0): lvl for lvl in found}
        starts: dict[int, int] = {}
        for override in num.iterchildren(_W + "lvlOverride"):
            level = _int(override.get(_W + "ilvl"), 0)
            if override.find(_W + "lvl") is not None:
                lvls[level] = override.find(_W + "lvl")
            if override.find(_W + "startOverride") is not None:
                starts[level] = _int(_val(override.find(_W + "startOverride")), 1)
        return {
            level: _Level(
                _val(lvl.find(_W + "numFmt")) or "decimal",
                _val(lvl.find(_W + "lvlText")) or "",
                starts.get(level, _int(_val(lvl.find(_W + "start")), 1)),
            )
            for level, lvl in lvls.items()
        }


def _num_pr_of(ppr: Any) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a w:pPr, each None when absent."""
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None, None
    return _val(num_pr.find(_W + "numId")), _int(_val(num_pr.find(_W + "ilvl")), None)


def _level_number(levels: dict[int, _Level], counts: dict[int, int], level: int) -> str:
    """The current number of one level in its format ("3", "c", "III")."""
    fmt, _, start = levels.get(level, _Level("decimal", "", 1))
    return format_number(counts.get(level, start), fmt)


def format_number(value: int, fmt: str) -> str:
    """A list number in a Word numFmt: decimal, decimalZero, lower/upperLetter, lower/upperRoman."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = "".join(letters * count for letters, count in _roman_digits(value))
        return roman.lower() if fmt == "lowerRoman" else roman
    return f"{value:02d}" if fmt == "decimalZero" else str(value)


def _roman_digits(value: int) -> Iterator[tuple[str, int]]:
    """(Roman letters, how many times) from the largest down, for a positive number."""
    for number, letters in zip(_ROMAN_VALUES, _ROMAN_LETTERS):
        count, value = divmod(value, number)
        yield letters, count


_ROMAN_VALUES = (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1)
_ROMAN_LETTERS = ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I")


def _val(element: Any) -> str | None:
    """The w:val attribute of an element, or None."""
    return element.get(_W + "val") if element is not None else None


def _int(value: str | None, default: Any) -> Any:
    """An integer attribute, or default when it is absent or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------- .pdf


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page; lines set all in a bold font wrapped in **."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_text(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if _is_password_error(exc):
            raise _refusal("pdf_password", name) from exc
        raise _refusal("pdf_corrupt", name) from exc
    if not pages:
        raise _refusal("pdf_corrupt", name)
    text = "\n".join(pages)
    if not text.strip():
        raise _refusal("scanned", name)
    return text


def _page_text(page: Any) -> str:
    """One page's text (layout off), with its bold lines marked."""
    text = page.extract_text(layout=False)
    lines = text.split("\n")
    described = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    if len(described) != len(lines):
        return text
    return "\n".join(
        f"**{line.strip()}**" if _is_bold_line(info["chars"]) else line for line, info in zip(lines, described)
    )


def _is_bold_line(chars: list[dict[str, Any]]) -> bool:
    """Whether every visible character of a line is set in a bold font."""
    visible = [c for c in chars if c["text"].strip()]
    return bool(visible) and all("bold" in str(c.get("fontname", "")).lower() for c in visible)


def _is_password_error(exc: Exception) -> bool:
    """Whether a pdfplumber error is, or wraps (in its args), pdfminer's wrong-password error."""
    return any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args))

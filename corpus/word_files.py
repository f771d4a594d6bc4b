"""Word .docx files as text: paragraphs and tables in order, list numbering rendered, bold headings marked."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any, NamedTuple

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart

from corpus.errors import UnreadableFile
from corpus.refusals import format_size, refusal

UNPACKED_RATIO = 30  # a .docx may unpack to at most this many times max_bytes (zip bombs)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_CONTAINERS = frozenset(
    _W + tag for tag in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "moveTo")
)

def docx_text(data: bytes, name: str, max_bytes: int) -> str:
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
        raise refusal("docx_corrupt", name)
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_RATIO * max_bytes:
            raise refusal("unpacked_too_large", name, limit=format_size(UNPACKED_RATIO * max_bytes))
        return docx.Document(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as exc:  # python-docx and zipfile raise many kinds on broken files
        raise refusal("docx_corrupt", name) from exc


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
            part = document.part.part_related_by(RT.NUMBERING)
        except KeyError:
            part = None
        root = part.element if isinstance(part, XmlPart) else []
        self._nums = {el.get(_W + "numId"): el for el in root if el.tag == _W + "num"}
        self._abstracts = {el.get(_W + "abstractNumId"): el for el in root if el.tag == _W + "abstractNum"}
        self._counters: dict[str, dict[int, int]] = {}
        self._cache: dict[str, dict[int, _Level]] = {}

    def label(self, element: Any, style: _StyleFacts) -> str | None:
        """The number of a w:p with this style, counting it; None when it is not numbered."""
        num_id, level = _num_pr_of(element.find(_W + "pPr"))
        num_id = style.num_id if num_id is None else num_id
        level = (style.level if level is None else level) or 0
        if not num_id:
            return None
        levels = self._levels(num_id)  # numId 0 switches the style's list off: no levels
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
    for number, letters in zip(_ROMAN_VALUES, _ROMAN_LETTERS, strict=True):
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

"""Reading directive files (.txt .md .docx .pdf) into raw text, refusing what cannot be read."""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from corpus.errors import UnreadableFile
from corpus.legacy import detect_legacy_encoding
from corpus.refusals import format_size, legacy_refusal, refusal

# pdfplumber and python-docx are imported when a .pdf or .docx is read (0.1 s that a batch of .txt/.md
# files, the bot's start and every `cchc` command do not need).

SUPPORTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CONTROL_SHARE = 0.1  # a text with more control characters than this is binary

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
        raise refusal("empty", name)
    if extension == ".docx":
        from corpus.word_files import docx_text

        text = docx_text(data, name, max_bytes)
    elif extension == ".pdf":
        text = _pdf_text(data, name)
    else:
        text = decode_text(data, name)
    text = unicodedata.normalize("NFC", _LINE_BREAK.sub("\n", text))
    if not text.strip():
        raise refusal("empty", name)
    legacy = detect_legacy_encoding(text)
    if legacy:
        raise legacy_refusal(name, legacy)
    return RawDocument(name, extension, text, hashlib.sha256(data).hexdigest(), len(data))


# ---------------------------------------------------------------- refusals

def _check_extension(name: str) -> str:
    """The lower-case extension of a supported file name, or a refusal."""
    extension = PureWindowsPath(name).suffix.lower()
    if extension in SUPPORTED_EXTENSIONS:
        return extension
    kind = "old_word" if extension in _OLD_WORD_FORMATS else "unsupported"
    raise refusal(kind, name, ext=extension or "không có đuôi")


def _check_size(name: str, size: int, max_bytes: int) -> None:
    """Refuse a file larger than max_bytes."""
    if size > max_bytes:
        raise refusal("too_large", name, size=format_size(size), limit=format_size(max_bytes))


# ---------------------------------------------------------------- .txt and .md


def decode_text(data: bytes, file_name: str) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", file_name)
    elif b"\x00" in data:
        raise refusal("binary", file_name)
    else:
        text = _decode(data, "utf-8-sig", file_name)
    if _looks_binary(text):
        raise refusal("binary", file_name)
    return text


def _decode(data: bytes, encoding: str, name: str) -> str:
    """Decode or refuse: a legacy Vietnamese font, another encoding, or bytes that are no text."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        legacy = detect_legacy_encoding(latin)
        if legacy:
            raise legacy_refusal(name, legacy) from None
        raise refusal("binary" if _looks_binary(latin) else "not_utf8", name) from None


def _looks_binary(text: str) -> bool:
    """Whether a decoded text holds NUL or is more than CONTROL_SHARE control characters."""
    return "\x00" in text or len(_CONTROL.findall(text)) > CONTROL_SHARE * len(text)


# ---------------------------------------------------------------- .pdf


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page; lines set all in a bold font wrapped in **."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_text(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if _is_password_error(exc):
            raise refusal("pdf_password", name) from exc
        raise refusal("pdf_corrupt", name) from exc
    if not pages:
        raise refusal("pdf_corrupt", name)
    text = "\n".join(pages)
    if not text.strip():
        raise refusal("scanned", name)
    return text


def _page_text(page: Any) -> str:
    """One page's text (layout off), with its bold lines marked."""
    text = page.extract_text(layout=False)
    lines = text.split("\n")
    described = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    if len(described) != len(lines):
        return text
    return "\n".join(
        f"**{line.strip()}**" if _is_bold_line(info["chars"]) else line
        for line, info in zip(lines, described, strict=False)
    )


def _is_bold_line(chars: list[dict[str, Any]]) -> bool:
    """Whether every visible character of a line is set in a bold font."""
    visible = [c for c in chars if c["text"].strip()]
    return bool(visible) and all("bold" in str(c.get("fontname", "")).lower() for c in visible)


def _is_password_error(exc: Exception) -> bool:
    """Whether a pdfplumber error is, or wraps (in its args), pdfminer's wrong-password error."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    return any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args))

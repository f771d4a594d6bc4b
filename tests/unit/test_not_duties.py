"""Lines that name units but give none of them a duty are never stored as tasks, and a letter's addressees are
the doers of its "đề nghị / yêu cầu các cơ quan, đơn vị …" duty (held-out FAILURES kinds 3 and 9).

Checked as a property of every document of the held-out set, the own dev texts, the document forms, the
portal openings and the bundled samples: no task quotes a line in capitals (a title, an authority, an issuer
"ỦY BAN NHÂN DÂN"), a preamble clause ("Căn cứ …;", "Theo đề nghị …,") or an addressee of the Kính gửi block.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from corpus.layout import is_caps
from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
FILES = sorted([*(FIX / "heldout" / "docs").glob("*.md"), *(FIX / "dev" / "texts").glob("*.txt"),
                *(FIX / "headers").glob("*.md"), *(ROOT / "corpus" / "texts").glob("*.txt"),
                *(p for p in (FIX / "forms").iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))])
_PREAMBLE = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Kính gửi)\b")


@cache
def prepared(path: Path) -> PreparedDocument:
    return prepare(read_document(path), Knowledge())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_header_preamble_or_addressee_line_is_a_task(path: Path) -> None:
    doc = prepared(path)
    addressees = {r.text.strip(" ;.,").casefold() for r in doc.parsed.header.recipients}
    bad = [t.quote for t in doc.tasks if t.deadline is None and (
        is_caps(t.quote) or _PREAMBLE.match(t.quote) or t.quote.strip(" ;.,–-").casefold() in addressees)]
    assert not bad


def _doers_of(path: Path, words: str) -> list[str]:
    task = next(t for t in prepared(path).tasks if words in t.quote)
    return [u.name for u in task.units if not u.partner]


@pytest.mark.parametrize(("path", "words", "addressees"), [
    (next((FIX / "dev" / "texts").glob("03_*")), "nghiên cứu và tham gia ý kiến",
     ["Báo Sơn La", "Hội Nông dân tỉnh", "Sở Thông tin và Truyền thông"]),
    (next((FIX / "dev" / "texts").glob("03_*")), "Ý kiến tham gia bằng văn", ["Báo Sơn La", "Hội Nông dân tỉnh"]),
    (next((FIX / "dev" / "texts").glob("02_*")), "phối hợp thực hiện và gửi báo cáo số liệu",
     ["Thủ trưởng các sở, ban, ngành"]),
    (next((FIX / "heldout" / "docs").glob("01_*")), "tải văn bản dự thảo", ["Các sở, ban, ngành"]),
], ids=lambda v: getattr(v, "name", None) or v[:24])
def test_addressees_are_the_doers_of_the_letters_generic_duty(path: Path, words: str, addressees: list[str]) -> None:
    doers = _doers_of(path, words)
    assert all(a in doers for a in addressees), doers


@pytest.mark.parametrize("prefix", ["07", "08", "09", "13", "14", "15"])
def test_header_and_preamble_lines_left_in_the_body_are_no_tasks(prefix: str) -> None:
    """Whatever the header reader misses (a header it cannot end, as a hard-wrapped date did), the lines of the
    header and preamble of a real decision, read as body, give no task: titles and authorities in capitals,
    căn cứ of legal texts, 'Theo/Xét đề nghị của …'."""
    from corpus.layout import logical_lines
    from corpus.structure import ParsedDocument, parse_sections
    from corpus.tasks import extract_tasks
    from corpus.text import normalize_text

    path = next((FIX / "heldout" / "docs").glob(f"{prefix}_*"))
    lines = logical_lines(normalize_text(read_document(path).text))
    end = next(i for i, ln in enumerate(lines) if re.match(r"^QUYẾT ĐỊNH\s*:", ln))
    parsed = prepared(path).parsed
    body = ParsedDocument(parsed.header, parse_sections(lines[:end]), [], "\n".join(lines[:end]), "", [])
    tasks, _ = extract_tasks(body, Knowledge().registry)
    assert not [t.quote for t in tasks if t.deadline is None]

"""Reading real files: text encodings, .docx structure, .pdf text layers, and every refusal."""
from __future__ import annotations

import codecs
import hashlib
import io
import random
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from fpdf import FPDF

from corpus.errors import UnreadableFile
from corpus.legacy import detect_legacy_encoding
from corpus.reading import SUPPORTED_EXTENSIONS, RawDocument, read_bytes, read_document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "texts").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

SENTENCE = (  # lower-case wherever a tone mark sits: TCVN3 keeps such capitals in another font
    "Các cơ quan, đơn vị thực hiện công văn của ủy ban nhân dân huyện "
    "và gửi báo cáo về phòng nội vụ trước ngày 31 tháng 01 năm 2024."
)
PDF_LINES = [  # (bold, text) of the two pages of cong_van.pdf
    [(True, "ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH"), (False, "Số: 15/UBND-NV"),
     (False, "V/v triển khai Kế hoạch cải cách hành chính năm 2024"),
     (False, "1. Các cơ quan, đơn vị gửi báo cáo chậm nhất ngày 31/01/2024.")],
    [(True, "II. TỔ CHỨC THỰC HIỆN"), (False, "Phòng Nội vụ tổng hợp, báo cáo UBND huyện.")],
]
PDF_TEXT = "\n".join(f"**{t}**" if bold else t for page in PDF_LINES for bold, t in page)

# ---------------------------------------------------------------- legacy font encoders (test-only tables)

_TCVN3_LOWER = (
    "àảãáạ ăằẳẵắặ âầẩẫấậ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ ùủũúụ ưừửữứự ỳỷỹýỵ đ"
)
_TCVN3_BYTES = (
    "B5B6B7B8B9 A8BBBCBDBEC6 A9C7C8C9CACB CCCECFD0D1 AAD2D3D4D5D6 D7D8DCDDDE DFE1E2E3E4"
    " ABE5E6E7E8E9 ACEAEBECEDEE EFF1F2F3F4 ADF5F6F7F8F9 FAFBFCFDFE AE"
)
TCVN3_TABLE = dict(zip(_TCVN3_LOWER.replace(" ", ""), bytes.fromhex(_TCVN3_BYTES.replace(" ", "")), strict=True))

_VNI_TONES = {"plain": "ùøûõï", "circumflex": "áàåãä", "breve": "éèúüë"}  # sắc huyền hỏi ngã nặng
_VNI_BASES = {  # letter: (VNI without tone, VNI before a tone letter, which tone letters)
    "a": ("a", "a", "plain"), "ă": ("aê", "a", "breve"), "â": ("aâ", "a", "circumflex"),
    "e": ("e", "e", "plain"), "ê": ("eâ", "e", "circumflex"), "o": ("o", "o", "plain"),
    "ô": ("oâ", "o", "circumflex"), "ơ": ("ô", "ô", "plain"), "u": ("u", "u", "plain"),
    "ư": ("ö", "ö", "plain"), "y": ("y", "y", "plain"),
}
_TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"  # same order as the VNI tone letters


def _vni_table() -> dict[str, str]:
    """Unicode letter → VNI characters, for the lower-case letters."""
    table = {"đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}
    for base, (plain, prefix, kind) in _VNI_BASES.items():
        table.setdefault(base, plain)
        for mark, letter in zip(_TONE_MARKS, _VNI_TONES[kind], strict=True):
            table.setdefault(unicodedata.normalize("NFC", base + mark), prefix + letter)
    return table


VNI_TABLE = _vni_table()


def to_tcvn3(text: str) -> bytes:
    """Encode lower-case Vietnamese the way a .VnTime document stores it."""
    return b"".join(bytes([TCVN3_TABLE[c]]) if c in TCVN3_TABLE else c.encode("ascii") for c in text)


def to_vni(text: str) -> bytes:
    """Encode Vietnamese the way a VNI-Times document stores it (cp1252 bytes)."""
    return "".join(VNI_TABLE.get(c, c) for c in text).encode("cp1252")


# ---------------------------------------------------------------- builders of real files


def build_cong_van_pdf(path: Path) -> Path:
    """A two-page text PDF in DejaVu Sans with a bold heading on each page."""
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    for page in PDF_LINES:
        pdf.add_page()
        for bold, text in page:
            pdf.set_font("DejaVu", "B" if bold else "", 12)
            pdf.cell(text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def build_scan_pdf(path: Path) -> Path:
    """A PDF whose only page is an image, as a scanner makes it: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(_striped_png(120, 80)), x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def _striped_png(width: int, height: int) -> bytes:
    """A grey-scale PNG with dark stripes like lines of text, made by hand."""
    rows = b"".join(b"\x00" + bytes(40 if (y // 4) % 3 == 0 and 10 < x < width - 10 else 240 for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def cong_van_pdf(tmp_path: Path) -> Path:
    """A freshly generated text PDF when the DejaVu fonts exist, else the committed fixture."""
    if (FONTS / "DejaVuSans.ttf").exists() and (FONTS / "DejaVuSans-Bold.ttf").exists():
        return build_cong_van_pdf(tmp_path / "cong_van.pdf")
    return FIXTURES / "cong_van.pdf"


def _numbered(paragraph, num_id: int, level: int) -> None:
    """Give a python-docx paragraph a real numPr (numId, ilvl)."""
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _add_outline_numbering(document) -> int:
    """Add an abstractNum I. / 1. / a) and a num using it; return the numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate([("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")])
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def build_ke_hoach_docx(path: Path) -> Path:
    """A .docx with bold headings, Word auto-numbering (styles and numPr), a table and line breaks."""
    document = docx.Document()
    outline = _add_outline_numbering(document)
    document.add_paragraph().add_run("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024").bold = True
    document.add_paragraph("Căn cứ Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện.")
    for text, level, bold in [("MỤC TIÊU", 0, True), ("Nâng cao chỉ số CCHC", 1, False),
                              ("Rà soát thủ tục hành chính", 2, False), ("Số hóa hồ sơ", 2, False),
                              ("Cải thiện SIPAS", 1, False), ("NHIỆM VỤ", 0, True), ("Phòng Nội vụ", 1, False)]:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = bold
        _numbered(paragraph, outline, level)
    document.add_paragraph("")
    for text in ["Phòng Tư pháp rà soát văn bản", "Phòng Tài chính - Kế hoạch lập dự toán"]:
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Đoạn chen giữa danh sách.")
    document.add_paragraph("UBND các xã, thị trấn báo cáo", style="List Number")
    document.add_paragraph("Gửi báo cáo qua Phòng Nội vụ", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["STT", "Nhiệm vụ", "Thời hạn"], ["1", "Báo cáo quý I", "15/3/2024"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Tổ chức thực hiện", level=1)  # bold through the Heading 1 style
    mixed = document.add_paragraph("Hạn nộp: ")
    mixed.add_run("ngày 31/01/2024").bold = True
    not_bold = document.add_paragraph(style="Heading 1")
    not_bold.add_run("Tiêu đề có chữ ").bold = None
    not_bold.add_run("thường").bold = False
    signature = document.add_paragraph().add_run("TM. ỦY BAN NHÂN DÂN")
    signature.bold = True
    signature.add_break()
    signature.add_text("CHỦ TỊCH")
    document.add_paragraph(unicodedata.normalize("NFD", "Thái Văn Thành"))
    document.save(path)
    return path


DOCX_TEXT = """**KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024**
Căn cứ Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện.
**I. MỤC TIÊU**
1. Nâng cao chỉ số CCHC
a) Rà soát thủ tục hành chính
b) Số hóa hồ sơ
2. Cải thiện SIPAS
**II. NHIỆM VỤ**
1. Phòng Nội vụ

1. Phòng Tư pháp rà soát văn bản
2. Phòng Tài chính - Kế hoạch lập dự toán
Đoạn chen giữa danh sách.
3. UBND các xã, thị trấn báo cáo
- Gửi báo cáo qua Phòng Nội vụ
STT\tNhiệm vụ\tThời hạn
1\tBáo cáo quý I\t15/3/2024
**Tổ chức thực hiện**
Hạn nộp: ngày 31/01/2024
Tiêu đề có chữ thường
**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
Thái Văn Thành"""


# ---------------------------------------------------------------- helpers


def assert_refused(read: Callable[[], RawDocument], reason: str, file_name: str) -> str:
    """Run a read that must fail; check the reason and that the message is Vietnamese and names the file."""
    with pytest.raises(UnreadableFile) as refused:
        read()
    message = refused.value.message
    assert refused.value.reason == reason
    assert f"«{file_name}»" in message
    assert message.startswith("Tệp") and any("\u1ea0" <= ch <= "\u1ef9" for ch in message)
    assert "Hãy" in message  # always says what to do
    return message


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", SENTENCE.encode("utf-8")),
        ("bom.txt", codecs.BOM_UTF8 + SENTENCE.encode("utf-8")),
        ("utf16le.txt", SENTENCE.encode("utf-16")),  # with BOM, native order
        ("utf16be.txt", codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be")),
        ("ghi_chu.md", SENTENCE.encode("utf-8")),
    ],
)
def test_text_files_in_unicode_encodings_are_read(tmp_path: Path, name: str, data: bytes) -> None:
    document = read_document(write(tmp_path / name, data))
    assert document.text == SENTENCE
    assert document.file_name == name
    assert document.extension == Path(name).suffix
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_markdown_markup_is_kept_and_line_ends_unified(tmp_path: Path) -> None:
    source = "### **1. Đối với Kế hoạch**\r\n- Hạn chót **ngày 31/01/2024**\r\n<b>Nơi nhận:</b>\rX\tY\n"
    document = read_document(write(tmp_path / "kh.md", source.encode("utf-8")))
    assert document.text == "### **1. Đối với Kế hoạch**\n- Hạn chót **ngày 31/01/2024**\n<b>Nơi nhận:</b>\nX\tY\n"


def test_decomposed_text_is_composed(tmp_path: Path) -> None:
    path = write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", SENTENCE).encode("utf-8"))
    assert read_document(path).text == SENTENCE


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_directives_read_unchanged(seed: Path) -> None:
    document = read_document(seed)
    assert document.text == unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    assert "UBND" in document.text or "ỦY BAN" in document.text
    assert detect_legacy_encoding(document.text) is None


def test_there_are_five_seeds() -> None:
    assert len(SEEDS) == 5


def test_an_upload_in_memory_reads_like_the_file(tmp_path: Path) -> None:
    path = build_ke_hoach_docx(tmp_path / "Ke Hoach.DOCX")
    from_disk = read_document(path)
    uploaded = read_bytes(path.read_bytes(), "C:\\Users\\vanthu\\Desktop\\Ke Hoach.DOCX")
    assert uploaded == from_disk
    assert uploaded.file_name == "Ke Hoach.DOCX" and uploaded.extension == ".docx"


# ---------------------------------------------------------------- .docx


def test_docx_keeps_order_numbering_tables_and_bold(tmp_path: Path) -> None:
    document = read_document(build_ke_hoach_docx(tmp_path / "ke_hoach.docx"))
    assert document.text == DOCX_TEXT


def test_docx_shows_hyperlinks_and_tracked_changes_as_word_does(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Nộp hồ sơ qua ")
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {W_NS} w:anchor="cong"><w:r><w:t>Cổng dịch vụ công</w:t></w:r></w:hyperlink>'
    ))
    for change in ['<w:del w:id="1" w:author="A"><w:r><w:delText> tỉnh</w:delText></w:r></w:del>',
                   '<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve"> quốc gia</w:t></w:r></w:ins>']:
        paragraph._p.append(parse_xml(change.replace(" w:id=", f" {W_NS} w:id=", 1)))
    document.save(tmp_path / "sua.docx")
    assert read_document(tmp_path / "sua.docx").text == "Nộp hồ sơ qua Cổng dịch vụ công quốc gia"


def test_docx_paragraph_can_switch_off_its_style_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Mục có số", style="List Number")
    _numbered(document.add_paragraph("Mục bỏ số", style="List Number"), 0, 0)  # numId 0: no number
    document.add_paragraph("Mục tiếp theo", style="List Number")
    document.save(tmp_path / "so.docx")
    assert read_document(tmp_path / "so.docx").text == "1. Mục có số\nMục bỏ số\n2. Mục tiếp theo"


def test_docx_merged_table_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    rows = [["Đơn vị", "Nhiệm vụ", "Hạn"], ["Phòng Nội vụ", "Tổng hợp", "15/3"], ["", "Báo cáo", "30/3"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # one unit, two tasks
    title = table.cell(0, 1).merge(table.cell(0, 2))  # heading across two columns
    title.text = "Nhiệm vụ và hạn"
    document.save(tmp_path / "bang.docx")
    assert read_document(tmp_path / "bang.docx").text == (
        "Đơn vị\tNhiệm vụ và hạn\nPhòng Nội vụ\tTổng hợp\t15/3\n\tBáo cáo\t30/3"
    )


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "trong.docx"
    blank = docx.Document()
    blank.add_paragraph("   ")
    blank.save(path)
    assert_refused(lambda: read_document(path), "empty", "trong.docx")


@pytest.mark.parametrize(
    "data",
    [b"Day khong phai tep Word", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b"PK\x03\x04 broken zip"],
    ids=["text", "old-doc-renamed", "broken-zip"],
)
def test_corrupt_docx_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "hong.docx", data)
    assert "docx" in assert_refused(lambda: read_document(path), "corrupt", "hong.docx")


def test_zip_that_is_not_a_word_document_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "bang_tinh.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert_refused(lambda: read_document(path), "corrupt", "bang_tinh.docx")


def test_docx_typed_in_vntime_is_refused_as_tcvn3(tmp_path: Path) -> None:
    document = docx.Document()
    for _ in range(3):
        run = document.add_paragraph().add_run(to_tcvn3(SENTENCE).decode("cp1252"))
        run.font.name = ".VnTime"
    document.save(tmp_path / "vntime.docx")
    message = assert_refused(lambda: read_document(tmp_path / "vntime.docx"), "legacy_encoding", "vntime.docx")
    assert "TCVN3" in message and "Unikey" in message


# ---------------------------------------------------------------- .pdf


def test_text_pdf_is_read_page_by_page_with_bold_lines(cong_van_pdf: Path) -> None:
    document = read_document(cong_van_pdf)
    assert document.text == PDF_TEXT
    assert document.extension == ".pdf"


def test_committed_pdf_fixture_still_reads() -> None:
    assert read_document(FIXTURES / "cong_van.pdf").text == PDF_TEXT


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    path = build_scan_pdf(tmp_path / "scan.pdf")
    message = assert_refused(lambda: read_document(path), "scanned", "scan.pdf")
    assert "scan" in message


def test_committed_scan_fixture_is_refused() -> None:
    assert_refused(lambda: read_document(FIXTURES / "scan.pdf"), "scanned", "scan.pdf")


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Bao cao mat")
    pdf.output(str(tmp_path / "mat.pdf"))
    assert "mật khẩu" in assert_refused(lambda: read_document(tmp_path / "mat.pdf"), "corrupt", "mat.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj garbage", b"<html>not a pdf</html>"], ids=["garbage", "html"])
def test_corrupt_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "hong.pdf", data)
    assert_refused(lambda: read_document(path), "corrupt", "hong.pdf")


@pytest.mark.skipif(not (FONTS / "DejaVuSans.ttf").exists(), reason="needs the DejaVu font")
def test_pdf_made_from_a_vntime_document_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(w=0, text=to_tcvn3(SENTENCE).decode("cp1252"))
    pdf.output(str(tmp_path / "cu.pdf"))
    assert "TCVN3" in assert_refused(lambda: read_document(tmp_path / "cu.pdf"), "legacy_encoding", "cu.pdf")


# ---------------------------------------------------------------- refusals of any file


@pytest.mark.parametrize("name", ["rong.txt", "rong.docx", "rong.pdf", "rong.md"])
def test_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"")
    assert_refused(lambda: read_document(path), "empty", name)


@pytest.mark.parametrize("data", [b" \r\n\t\n", codecs.BOM_UTF8 + b"  \n", " \n".encode("utf-16")], ids=repr)
def test_whitespace_only_text_is_empty(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "trang.txt", data)
    assert_refused(lambda: read_document(path), "empty", "trang.txt")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    noise = random.Random(2024)
    data = noise.randbytes(2048) + b"\x00\x00" + noise.randbytes(64)
    path = write(tmp_path / "anh.txt", data)
    assert_refused(lambda: read_document(path), "binary", "anh.txt")


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "lon.txt", SENTENCE.encode("utf-8") * 20)
    message = assert_refused(lambda: read_document(path, max_bytes=1024), "too_large", "lon.txt")
    assert "1 KB" in message
    assert_refused(lambda: read_bytes(path.read_bytes(), "lon.txt", max_bytes=1024), "too_large", "lon.txt")


def test_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    path = write(tmp_path / "to.pdf", b"%PDF-1.4\n" + bytes(10 * 1024 * 1024))
    assert "10 MB" in assert_refused(lambda: read_document(path), "too_large", "to.pdf")


@pytest.mark.parametrize("name", ["cong_van.doc", "CONG_VAN.DOC"])
def test_old_word_file_is_refused_with_advice(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    message = assert_refused(lambda: read_document(path), "unsupported", name)
    assert "lưu lại dưới dạng .docx" in message


@pytest.mark.parametrize("name", ["bang_diem.xlsx", "anh.png", "khong_duoi"])
def test_unsupported_extension_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"PK\x03\x04 something")
    message = assert_refused(lambda: read_document(path), "unsupported", name)
    assert all(ext in message for ext in SUPPORTED_EXTENSIONS if ext != ".md")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese in Windows-1258: letters with ă â ê ô ơ ư đ, tone marks as combining bytes."""
    tones = set(_TONE_MARKS)
    letters = (unicodedata.normalize("NFD", c) for c in text)
    return "".join(
        unicodedata.normalize("NFC", "".join(m for m in d if m not in tones)) + "".join(m for m in d if m in tones)
        for d in letters
    ).encode("cp1258")


@pytest.mark.parametrize(
    "data",
    ["Café crème, Müller, Ångström, naïve, señor".encode("latin-1"), to_cp1258(SENTENCE)],
    ids=["latin-1", "windows-1258-vietnamese"],
)
def test_text_file_in_another_encoding_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "ansi.txt", data)
    assert "UTF-8" in assert_refused(lambda: read_document(path), "binary", "ansi.txt")


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [("tcvn3.txt", to_tcvn3, "TCVN3"), ("vni.txt", to_vni, "VNI")],
)
def test_legacy_font_text_files_are_refused(tmp_path: Path, name: str, encode, encoding: str) -> None:
    path = write(tmp_path / name, encode(SENTENCE) + b"\r\n" + encode(SENTENCE))
    message = assert_refused(lambda: read_document(path), "legacy_encoding", name)
    assert encoding in message and "Công cụ chuyển mã" in message and "Unicode" in message


def test_legacy_mojibake_saved_as_utf8_is_refused(tmp_path: Path) -> None:
    mojibake = to_vni(SENTENCE).decode("cp1252")
    path = write(tmp_path / "vni_utf8.txt", mojibake.encode("utf-8"))
    assert "VNI" in assert_refused(lambda: read_document(path), "legacy_encoding", "vni_utf8.txt")


def test_legacy_encoders_match_known_mojibake() -> None:
    assert to_tcvn3("cộng hoà xã hội chủ nghĩa") == "céng hoµ x· héi chñ nghÜa".encode("cp1252")
    assert to_vni("công văn thực hiện") == "coâng vaên thöïc hieän".encode("cp1252")

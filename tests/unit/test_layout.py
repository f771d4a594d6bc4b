"""Layout rules of `corpus.layout`: which line breaks the writer made and which the crawl or the wrap made."""
from __future__ import annotations

import pytest

from corpus.layout import joins, logical_lines, wrap_width

# A crawled page (the form of thuvienphapluat pages): each paragraph's first line is broken short after a few
# words, the lines inside a paragraph run to ~80 columns, paragraphs are separated by blank lines.
CRAWLED = """\
4. Rà soát văn bản quy phạm
pháp luật

- Nội dung: rà soát các văn
bản quy phạm pháp luật có liên quan đến Luật thuộc thẩm quyền quản lý nhà nước
được phân công; thực hiện theo thẩm quyền hoặc kiến nghị cấp có thẩm quyền kịp
thời sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới các văn bản quy phạm
pháp luật bảo đảm phù hợp với quy định của Luật và các văn bản quy phạm pháp luật
quy định chi tiết, hướng dẫn thi hành có liên quan.

- Cơ quan thực hiện: Bộ Công
an tiến hành rà soát các văn bản quy phạm pháp luật có liên quan đến Luật thuộc
thẩm quyền quản lý nhà nước; các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh,
thành phố trực thuộc trung ương rà soát văn bản quy phạm pháp luật có liên quan
đến Luật thuộc phạm vi, lĩnh vực, địa bàn quản lý nhà nước được phân công.

- Thời gian thực hiện:

+ Các bộ, cơ quan ngang bộ, Ủy
ban nhân dân các tỉnh, thành phố trực thuộc trung ương gửi kết quả rà soát về Bộ
Công an trước ngày 15 tháng 12 năm 2025.

+ Bộ Công an tổng hợp kết quả
rà soát, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025.

5. Xây dựng Nghị định của
Chính phủ

- Cơ quan chủ trì: Bộ Công
an.

- Thời gian thực hiện: năm
2025 và các năm tiếp theo.

6. Tổ chức tập huấn chuyên
sâu cho cán bộ

- Cơ quan chủ trì: Bộ Tư
pháp.

- Thời gian thực hiện: năm
2026.

7. Tổng kết thi hành
Luật

- Cơ quan chủ trì: Bộ Công
an.

- Thời gian thực hiện: quý IV
năm 2026.
"""


def test_wrap_width_is_judged_on_the_middle_lines_of_paragraphs() -> None:
    lines = CRAWLED.split("\n")
    filled = [ln for ln in lines if ln]
    near = sum(1 for ln in filled if len(ln) >= 0.8 * 81)
    assert near < 0.3 * len(filled)  # judged on all lines, this form looks unwrapped
    assert wrap_width(lines) == 79  # the 90th percentile of the line lengths


def test_a_wrapped_name_is_joined_on_a_crawled_page() -> None:
    out = logical_lines(CRAWLED)
    assert ("+ Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương gửi kết quả "
            "rà soát về Bộ Công an trước ngày 15 tháng 12 năm 2025.") in out
    assert "5. Xây dựng Nghị định của Chính phủ" in out


def test_one_line_paragraphs_have_no_wrap_width() -> None:
    lines = [f"{i}. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện "
             f"nhiệm vụ số {i} của Kế hoạch này, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2025."
             for i in range(1, 12)]
    assert wrap_width(lines) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Điều\n15. Trách nhiệm của Công an thành phố", ["Điều 15. Trách nhiệm của Công an thành phố"]),
    ("Chương\nI\n\nQUY ĐỊNH CHUNG", ["Chương I", "", "QUY ĐỊNH CHUNG"]),
    ("1.4.\nỦy ban nhân dân các phường, xã, đặc khu", ["1.4. Ủy ban nhân dân các phường, xã, đặc khu"]),
    ("1.\nXác nhận Hợp đồng tiếp cận nguồn gen và chia sẻ lợi ích.",
     ["1. Xác nhận Hợp đồng tiếp cận nguồn gen và chia sẻ lợi ích."]),
    ("Điều 3.\nQuyết định này có hiệu lực thi hành kể từ ngày ký.",
     ["Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký."]),
    ("a)\nXác định cụ thể các nội dung công việc.", ["a) Xác định cụ thể các nội dung công việc."]),
])
def test_a_lone_keyword_or_number_joins_the_next_line(text: str, expected: list[str]) -> None:
    assert logical_lines(text) == expected


def test_a_lone_number_without_its_dot_is_not_a_heading_number() -> None:
    assert logical_lines("2\nCăn cứ Luật Tổ chức chính quyền địa phương;") == [
        "2", "Căn cứ Luật Tổ chức chính quyền địa phương;"]


@pytest.mark.parametrize(("text", "expected"), [
    # across a blank line: the item is not the rest of the heading, though it starts in lower case
    ("1. Thủ trưởng các cơ quan, đơn\nvị\n\na) Chịu trách nhiệm trước pháp luật.",
     ["1. Thủ trưởng các cơ quan, đơn vị", "", "a) Chịu trách nhiệm trước pháp luật."]),
    ("2. Yêu cầu\n\na)\nXác định cụ thể các nội dung công việc.",
     ["2. Yêu cầu", "", "a) Xác định cụ thể các nội dung công việc."]),
    ("- Số lượng hồ sơ: 01 bộ\n\nd) Thời hạn giải quyết: Trong 15 (mười lăm) ngày.",
     ["- Số lượng hồ sơ: 01 bộ", "", "d) Thời hạn giải quyết: Trong 15 (mười lăm) ngày."]),
    # right after a line that ends on an open word
    ("Nhiệm vụ của\na) Sở Nội vụ", ["Nhiệm vụ của", "a) Sở Nội vụ"]),
    ("Các nội dung sau đây và\n+ Báo cáo định kỳ", ["Các nội dung sau đây và", "+ Báo cáo định kỳ"]),
])
def test_a_list_marker_never_continues_the_line_before(text: str, expected: list[str]) -> None:
    assert logical_lines(text) == expected


def test_a_broken_paragraph_in_lower_case_still_rejoins_across_a_blank() -> None:
    assert logical_lines("Ủy ban nhân dân Tỉnh ban\n\nhành Kế hoạch thực hiện.") == [
        "Ủy ban nhân dân Tỉnh ban hành Kế hoạch thực hiện."]


def test_a_range_dash_is_not_a_list_marker() -> None:
    assert logical_lines("4. Trong giai đoạn 2026\n- 2030 phấn đấu có ít nhất 10% cán bộ.") == [
        "4. Trong giai đoạn 2026 - 2030 phấn đấu có ít nhất 10% cán bộ."]


@pytest.mark.parametrize(("prev", "nxt", "joined"), [
    ("đ) Cơ quan thực hiện thủ tục hành chính: Vụ Tổ chức", "- Biên chế thuộc Bộ Nội vụ.", True),
    ("Theo đề nghị của Giám đốc Sở", "Khoa học và Công nghệ tại Tờ trình số 3874/TTr-SKHCN.", True),
    ("gửi kết quả rà soát về Bộ", "Công an trước ngày 15 tháng 12 năm 2025.", True),
    ("Cơ quan phối hợp: Sở Nội vụ", "- Sở Tư pháp", False),  # two names, two items
    ("1. Sở Tài chính", "Chủ trì, phối hợp với các cơ quan liên quan", False),  # a whole name, then a sentence
    ("Ủy ban nhân dân tỉnh", "Sở Nội vụ", False),
])
def test_a_unit_name_broken_across_lines_is_joined(prev: str, nxt: str, joined: bool) -> None:
    assert joins(prev, nxt, None) is joined


def test_an_open_parenthesis_runs_on_to_the_line_that_closes_it() -> None:
    assert logical_lines("(Có\nDanh mục và Quy trình nội bộ chi tiết kèm theo)") == [
        "(Có Danh mục và Quy trình nội bộ chi tiết kèm theo)"]


# ---------------------------------------------------------------- tables flowed by the crawl

def test_a_row_holding_two_records_is_split_into_records() -> None:
    text = ("STT | Nhiệm vụ | Văn bản giao nhiệm vụ | Cơ quan chủ trì thực hiện | Thời hạn hoàn thành | | 1. | "
            "Xây dựng kế hoạch | Thông báo số 07 | Bộ Nội vụ | 18/10/2025\n"
            "2. | Rà soát quy định | Nghị quyết số 71 | Các bộ, ngành | 30/06/2025 | | 3. | Xây dựng Luật | "
            "Nghị quyết số 71 | Bộ Tài chính | 31/05/2025\n"
            "4. | Ban hành cơ chế | Nghị quyết số 71 | Bộ Tài chính | 30/09/2025")
    assert logical_lines(text) == [
        "STT | Nhiệm vụ | Văn bản giao nhiệm vụ | Cơ quan chủ trì thực hiện | Thời hạn hoàn thành",
        "1. | Xây dựng kế hoạch | Thông báo số 07 | Bộ Nội vụ | 18/10/2025",
        "2. | Rà soát quy định | Nghị quyết số 71 | Các bộ, ngành | 30/06/2025",
        "3. | Xây dựng Luật | Nghị quyết số 71 | Bộ Tài chính | 31/05/2025",
        "4. | Ban hành cơ chế | Nghị quyết số 71 | Bộ Tài chính | 30/09/2025",
    ]


def test_a_row_running_on_into_the_next_caption_and_header_is_split() -> None:
    text = ("Số TT | Trình tự | Trách nhiệm thực hiện | Thời gian thực hiện\n"
            "B1 | Tiếp nhận hồ sơ | Công chức một cửa | 0,5 ngày\n"
            "Tổng thời gian giải quyết TTHC | 15 ngày | b) Trường hợp thành lập hội đồng tư vấn | Số TT | Trình tự | "
            "Trách nhiệm thực hiện | Thời gian thực hiện\n"
            "B1 | Tiếp nhận hồ sơ đầy đủ | Công chức một cửa | 0,5 ngày")
    assert logical_lines(text) == [
        "Số TT | Trình tự | Trách nhiệm thực hiện | Thời gian thực hiện",
        "B1 | Tiếp nhận hồ sơ | Công chức một cửa | 0,5 ngày",
        "Tổng thời gian giải quyết TTHC | 15 ngày",
        "b) Trường hợp thành lập hội đồng tư vấn",
        "Số TT | Trình tự | Trách nhiệm thực hiện | Thời gian thực hiện",
        "B1 | Tiếp nhận hồ sơ đầy đủ | Công chức một cửa | 0,5 ngày",
    ]


def test_a_caption_in_the_first_cell_of_a_header_row_is_a_line_of_its_own() -> None:
    text = ("Số TT | Tên TTHC | Thời hạn giải quyết\n01 | Thủ tục công nhận | 15 ngày\n\n"
            "II. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ | Số TT | Mã TTHC | Tên TTHC\n01 | 2.002709 | Thủ tục xác định")
    assert logical_lines(text) == [
        "Số TT | Tên TTHC | Thời hạn giải quyết", "01 | Thủ tục công nhận | 15 ngày", "",
        "II. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ", "Số TT | Mã TTHC | Tên TTHC", "01 | 2.002709 | Thủ tục xác định"]


def test_an_ordinary_wide_row_is_left_alone() -> None:
    text = "STT | Nội dung | Đơn vị | Thời gian\n1 | Rà soát | Sở Nội vụ | Quý IV | 2 lần | | 3 | ghi chú"
    assert logical_lines(text) == text.split("\n")  # no empty cell right before a record number at k+1


def test_a_footnote_line_never_continues_the_line_before() -> None:
    prev = "[2] Có 786 TTHC có thành phần hồ sơ thay thế bằng dữ liệu; 08 TTHC cắt giảm thành phần hồ sơ"
    assert not joins(prev, "[3] Cụ thể:", 80)  # even in a hard-wrapped text


def test_a_header_cell_broken_after_its_number_label_is_joined() -> None:
    # the crawl of a legal portal's header table: "Số:" / "11/2014/QĐ-UBND" (Hà Tĩnh, QĐ 11/2014)
    assert logical_lines("Số:\n11/2014/QĐ-UBND\n|\nHà Tĩnh, ngày 24\ntháng 03 năm 2014")[0] == "Số: 11/2014/QĐ-UBND"
    assert logical_lines("Số:\n42/2013/QĐ-UBND")[0] == "Số: 42/2013/QĐ-UBND"
    assert logical_lines("Số:\nKính gửi: Sở Nội vụ") == ["Số:", "Kính gửi: Sở Nội vụ"]  # not a number

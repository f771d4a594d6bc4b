"""How the body of a directive is cut into sections and passages, and the context each passage keeps (its
heading path, list lead, table caption and columns). Layout rules are tested on text in the forms real
directives take."""
from __future__ import annotations

from corpus.layout import logical_lines
from corpus.passages import Passage, split_passages
from corpus.structure import parse_sections


def passages_of(text: str) -> list[Passage]:
    return split_passages(parse_sections(logical_lines(text)))


def find(passages: list[Passage], words: str) -> Passage:
    return next(p for p in passages if words in p.text)


# ---------------------------------------------------------------- tables and their captions

TWO_TABLES = """\
1. Danh mục thủ tục hành chính được sửa đổi, bổ sung

Stt | Mã TTHC | Tên thủ tục hành chính | Thời hạn giải quyết | Căn cứ pháp lý

1 | 1.012507 | Cấp chứng chỉ nghiệp vụ chuyên môn về đấu thầu | 15 ngày làm việc | Luật Đấu thầu

2. Danh mục thủ tục hành chính bị bãi bỏ

Stt | Mã TTHC | Tên thủ tục hành chính | Căn cứ pháp lý

1 | 1.012508 | Cấp lại chứng chỉ nghiệp vụ chuyên môn về đấu thầu | Luật Đấu thầu
2 | 1.012509 | Gia hạn chứng chỉ nghiệp vụ chuyên môn về đấu thầu | Luật Đấu thầu
"""


def test_a_numbered_caption_between_two_tables_heads_the_second_table() -> None:
    ps = passages_of(TWO_TABLES)
    row = find(ps, "Gia hạn chứng chỉ")
    assert row.headings[-1] == "2. Danh mục thủ tục hành chính bị bãi bỏ"
    assert row.columns == ("Stt", "Mã TTHC", "Tên thủ tục hành chính", "Căn cứ pháp lý")
    assert not any("Stt | Mã TTHC" in p.text for p in ps)  # the second header is no data row


def test_a_numbered_line_between_rows_of_one_table_is_still_a_group_row() -> None:
    text = ("STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            "I. CẢI CÁCH THỂ CHẾ\n"
            "1 | Rà soát văn bản quy phạm pháp luật | Sở Tư pháp | Quý IV/2025\n"
            "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"
            "2 | Công bố thủ tục hành chính | Sở Nội vụ | Tháng 12/2025")
    row = find(passages_of(text), "Công bố thủ tục")
    assert row.group.endswith("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    assert row.columns[1] == "Nhiệm vụ"


def test_a_text_line_before_a_table_is_the_caption_of_its_rows() -> None:
    text = ("I. Khấu trừ kinh phí bồi thường, hỗ trợ, tái định cư\n"
            "Trường hợp thuộc thẩm quyền giải quyết của cấp xã\n\n"
            "Thứ tự công việc | Đơn vị/người thực hiện | Nội dung công việc | Thời gian thực hiện\n\n"
            "Bước 3 | Chuyên viên phòng Kinh tế | Thẩm định hồ sơ | 112 giờ")
    row = find(passages_of(text), "Thẩm định hồ sơ")
    assert row.group == "Trường hợp thuộc thẩm quyền giải quyết của cấp xã"
    assert "Trường hợp thuộc thẩm quyền" in row.near_context


def test_a_line_inside_a_header_does_not_end_the_table() -> None:
    text = ("Danh mục thủ tục hành chính\n"
            "STT | Tên TTHC | Thời hạn giải quyết | Căn cứ pháp lý\n\n"
            "Mã TTHC Thủ tục hành chính được công bố theo Quyết định số 3361/QĐ-BCT\n"
            "1 | Cấp Giấy chứng nhận xuất xứ hàng hóa | 6 giờ làm việc | Nghị định 31/2018/NĐ-CP")
    row = find(passages_of(text), "Cấp Giấy chứng nhận")
    assert row.columns == ("STT", "Tên TTHC", "Thời hạn giải quyết", "Căn cứ pháp lý")
    assert "3361" not in row.group


# ---------------------------------------------------------------- procedures (thủ tục hành chính)

PROCEDURE = """\
II. THỦ TỤC HÀNH CHÍNH CẤP TRUNG ƯƠNG
1. Thủ tục thẩm định việc chuyển giao đơn vị sự nghiệp công lập giữa các bộ, cơ quan ngang bộ, cơ quan thuộc \
Chính phủ (trừ các đơn vị sự nghiệp công lập thuộc cơ cấu tổ chức của bộ); giữa bộ với Ủy ban nhân dân cấp tỉnh
a) Trình tự thực hiện
- Bước 1: Cơ quan đề nghị chuyển giao gửi hồ sơ.
b) Cách thức thực hiện
Nộp trực tiếp hoặc qua dịch vụ bưu chính.
d) Thời hạn giải quyết: Trong 15 (mười lăm) ngày, kể từ ngày nhận đủ hồ sơ hợp lệ.
đ) Cơ quan thực hiện thủ tục hành chính: Vụ Tổ chức - Biên chế thuộc Bộ Nội vụ.
"""


def test_a_procedure_name_is_a_heading_however_long() -> None:
    sections = parse_sections(logical_lines(PROCEDURE))
    proc = next(s for s in sections if s.number == "1")
    assert proc.heading.startswith("Thủ tục thẩm định việc chuyển giao")
    due = find(split_passages(sections), "Trong 15 (mười lăm) ngày")
    assert any(h.startswith("1. Thủ tục thẩm định việc chuyển giao") for h in due.headings)


def test_a_long_numbered_duty_is_still_a_sentence() -> None:
    text = ("1. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức rà soát, thống kê toàn bộ các "
            "thủ tục hành chính nội bộ và gửi kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n"
            "a) Trình tự thực hiện rà soát theo hướng dẫn.")
    sections = parse_sections(logical_lines(text))
    assert sections[0].heading == ""  # a duty, not a name: it does not start with "Thủ tục"


def test_a_procedure_followed_by_its_step_table_is_a_heading() -> None:
    text = ("1. Thủ tục xác nhận cán bộ Quân đội nghỉ hưu mắc bệnh hiểm nghèo thuộc thẩm quyền giải quyết của Chủ "
            "tịch Ủy ban nhân dân tỉnh. - Thời gian giải quyết TTHC: 09 ngày làm việc.\n"
            "TT | Trình tự thực hiện | Trách nhiệm thực hiện | Thời gian thực hiện\n"
            "B1 | Tiếp nhận hồ sơ | Ban Chỉ huy Quân sự cấp xã | 01 ngày")
    row = find(passages_of(text), "Tiếp nhận hồ sơ")
    assert "Thủ tục xác nhận cán bộ Quân đội nghỉ hưu" in row.headings[-1]


def test_a_roman_number_closes_the_numbered_points_open_before_it() -> None:
    text = ("1. Thủ tục thẩm định việc chuyển giao\n"
            "a) Trình tự thực hiện\n- Bước 1: Nộp hồ sơ.\n"
            "l) Căn cứ pháp lý của thủ tục hành chính\nNghị định số 283/2025/NĐ-CP.\n"
            "II. THỦ TỤC HÀNH CHÍNH CẤP XÃ\n"
            "1. Thủ tục thẩm định thành lập đơn vị sự nghiệp công lập\n"
            "a) Trình tự thực hiện\n- Bước 1: Gửi hồ sơ đến cơ quan chuyên môn.")
    paths = [s.path for s in parse_sections(logical_lines(text))]
    assert paths == ["1", "1.a", "1.l", "II", "II.1", "II.1.a"]


# ---------------------------------------------------------------- lists under a lead sentence

LEAD_LIST = """\
Để phát huy hiệu quả của Cẩm nang, Bộ Tài chính đề nghị UBND các tỉnh, thành phố quan tâm chỉ đạo:
1. Phổ biến rộng rãi nội dung Cẩm nang đến Ủy ban nhân dân cấp xã.
2. Lồng ghép nội dung Cẩm nang vào chương trình tập huấn bồi dưỡng nghiệp vụ cho công chức cấp xã.
3. Chỉ đạo đầu mối phối hợp với Thuế tỉnh, thành phố để thường xuyên rà soát, phản hồi vướng mắc.
Bộ Tài chính gửi kèm bộ Cẩm nang gồm:
- Cẩm nang nghiệp vụ thuế dành cho công chức cấp xã;
- Infographic Cẩm nang.
"""


def test_numbered_points_after_a_lead_sentence_are_items_of_that_lead() -> None:
    sections = parse_sections(logical_lines(LEAD_LIST))
    assert [s.path for s in sections] == ["mở đầu"]  # no sections "1", "2", "3"
    item = find(split_passages(sections), "Lồng ghép nội dung Cẩm nang")
    assert item.kind == "item"
    assert item.lead.startswith("Để phát huy hiệu quả của Cẩm nang, Bộ Tài chính đề nghị")


def test_numbered_points_with_points_of_their_own_stay_sections() -> None:
    text = ("Kế hoạch gồm các nội dung sau:\n"
            "1. Mục đích\n"
            "2. Yêu cầu\n"
            "a) Bảo đảm tiến độ.\n"
            "b) Bảo đảm chất lượng.")
    paths = [s.path for s in parse_sections(logical_lines(text))]
    assert paths == ["mở đầu", "1", "2", "2.a", "2.b"]


def test_a_heading_ending_in_a_colon_keeps_its_points_as_sections() -> None:
    text = "II. NHIỆM VỤ CỤ THỂ:\n1. Rà soát thủ tục hành chính.\n2. Công bố thủ tục hành chính."
    paths = [s.path for s in parse_sections(logical_lines(text))]
    assert paths == ["II", "II.1", "II.2"]  # the lead is a heading, not a sentence of the body


# ---------------------------------------------------------------- headings sharing one block

CO_HEADINGS = """\
1. Nhóm 07 TTHC, gồm:
1.1 Thủ tục công nhận trung tâm đổi mới sáng tạo cấp tỉnh
1.2 Thủ tục công nhận trung tâm đổi mới sáng tạo
1.3. Thủ tục công nhận nhà đầu tư cá nhân khởi nghiệp sáng tạo
Tổng thời gian giải quyết: 15 ngày kể từ ngày nhận được hồ sơ hợp lệ
Số TT | Trình tự | Trách nhiệm thực hiện | Thời gian thực hiện
B1 | Tiếp nhận hồ sơ | Công chức một cửa | 0,5 ngày
2. Nhóm 02 TTHC, gồm:
2.1. Thủ tục cấp lại Giấy công nhận
Số TT | Trình tự | Trách nhiệm thực hiện | Thời gian thực hiện
B1 | Tiếp nhận hồ sơ cấp lại | Công chức một cửa | 0,5 ngày
"""


def test_headings_with_nothing_between_them_all_head_the_block_that_follows() -> None:
    row = find(passages_of(CO_HEADINGS), "Tiếp nhận hồ sơ |")
    assert "1.1 Thủ tục công nhận trung tâm đổi mới sáng tạo cấp tỉnh" in row.headings[-1]
    assert "1.3. Thủ tục công nhận nhà đầu tư cá nhân" in row.headings[-1]
    other = find(passages_of(CO_HEADINGS), "Tiếp nhận hồ sơ cấp lại")
    assert other.headings[-1] == "2.1. Thủ tục cấp lại Giấy công nhận"


def test_one_blank_heading_of_a_report_does_not_head_the_next() -> None:
    text = ("BÁO CÁO TÌNH HÌNH SỬ DỤNG THƯ ĐIỆN TỬ\n"
            "1. Kết quả đạt được\nĐã cấp 120 tài khoản thư điện tử công vụ.\n"
            "2. Tồn tại, vướng mắc\n"
            "3. Đề xuất, kiến nghị\nĐề nghị nâng cấp dung lượng hộp thư.")
    item = find(passages_of(text), "Đề nghị nâng cấp")
    assert item.headings[-1] == "3. Đề xuất, kiến nghị"


# ---------------------------------------------------------------- footnotes

def test_a_footnote_joins_the_passage_of_its_marker() -> None:
    text = ("1. Kết quả\n"
            "Tỷ lệ TTHC được thực hiện trực tuyến của một số bộ, cơ quan, địa phương thấp[8]. Việc tái cấu trúc "
            "quy trình còn chậm.\n"
            "PHỤ LỤC II KẾT QUẢ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN\n"
            "STT | Địa phương | Tỷ lệ\n1 | Lai Châu | 59,42\n"
            "[8] Như: Ngân hàng Nhà nước Việt Nam (28,05%); Bộ Ngoại giao (28,57%); Lai Châu (59,42%).")
    ps = passages_of(text)
    low = find(ps, "địa phương thấp[8]")
    assert low.text.endswith("[8] Như: Ngân hàng Nhà nước Việt Nam (28,05%); Bộ Ngoại giao (28,57%); "
                             "Lai Châu (59,42%).")
    assert not any(p.text.startswith("[8]") for p in ps)  # no longer a passage of its own under the appendix


def test_a_footnote_after_the_signature_joins_its_marker() -> None:
    text = ("BỘ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 10988/BNV-CQĐP\nHà Nội, ngày 21 tháng 11 năm 2025\n"
            "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n\n"
            "1. Bộ Nội vụ đang xây dựng dự thảo Nghị định về đơn vị hành chính [1]. Việc xây dựng văn bản "
            "bảo đảm đúng quy trình.\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n\n"
            "[1] Hồ sơ dự thảo gửi Bộ Tư pháp thẩm định không có phụ lục danh sách sắp xếp tỉnh.")
    from corpus.structure import parse_document
    from corpus.text import normalize_text

    ps = split_passages(parse_document(normalize_text(text)).sections)
    draft = find(ps, "dự thảo Nghị định về đơn vị hành chính [1]")
    assert "[1] Hồ sơ dự thảo gửi Bộ Tư pháp thẩm định" in draft.text


def test_a_bracketed_number_without_a_marker_is_left_where_it_is() -> None:
    text = "1. Kết quả\nĐã hoàn thành.\n[2] Số liệu tính đến ngày 07/11/2025."
    ps = passages_of(text)
    assert any(p.text.startswith("[2] Số liệu") for p in ps)


def test_the_sentence_that_opens_the_numbered_parts_heads_each_of_them() -> None:
    from pathlib import Path

    from corpus.reading import read_document
    from corpus.structure import parse_document
    from corpus.text import normalize_text

    doc = Path(__file__).resolve().parent.parent / "fixtures" / "heldout2" / "docs"
    notice = parse_document(normalize_text(read_document(doc / "14_nganson-hdnd-tb-lich-tiep-cong-dan-2021.md").text))
    day = find(split_passages(notice.sections), "Tiếp công dân định kỳ vào ngày 20")
    assert day.headings[0].endswith("thông báo lịch tiếp công dân như sau:") and day.headings[-1] == "1. Thời gian:"
    # an opening that ends with a sentence, not a colon, heads nothing
    plain = passages_of("Kính gửi các phòng.\nUBND huyện thông báo kết quả.\n1. Kết quả\nĐạt 90% chỉ tiêu.")
    assert find(plain, "Đạt 90%").headings == ("1. Kết quả",)
    colon = passages_of("UBND huyện thông báo kết quả như sau:\n1. Kết quả\nĐạt 90% chỉ tiêu.")
    assert find(colon, "Đạt 90%").headings == ("UBND huyện thông báo kết quả như sau:", "1. Kết quả")

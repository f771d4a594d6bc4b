"""Pure ranking rules of answering (bot/answering/retrieval.py, readers.py): phrases, events of relative rules."""
from __future__ import annotations

from bot.answering.retrieval import _phrase_share


def test_words_that_stand_together_count_as_a_phrase() -> None:
    seq = "thuc hien kiem ke tai san don vi".split()
    idf = {t: 1.0 for t in seq}
    together = " thuc hien kiem ke tai san thuoc pham vi "
    scattered = " tai san kiem ke va thuc hien o don vi "
    assert _phrase_share(seq, together, idf, len(seq)) == 6 / 8
    assert _phrase_share(seq, scattered, idf, len(seq)) == 0.0  # pairs only: below a phrase
    # a left-out word (a named unit's) breaks a run
    assert _phrase_share(["\0" if t == "kiem" else t for t in seq], together, idf, len(seq)) == 3 / 8


def _q(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.readers import Question

    f = read_question(text, dt.date(2025, 11, 20))
    return f, Question(f.today, f.anchor, f.anchor_time, "start" in f.asks, None, f.words)


def test_the_question_day_resolves_only_a_rule_counted_from_its_event() -> None:
    import datetime as dt

    from bot.answering.readers import read_deadlines
    from corpus.dates import PartialDate

    issued = PartialDate(2025, 11, 1)
    for text in ("sở nhận kiến nghị cử tri ngày 01/12/2025 thì hạn trả lời là ngày nào",
                 "so nhan kien nghi cu tri ngay 01/12/2025 thi han tra loi la ngay nao"):
        _f, q = _q(text)
        own = read_deadlines("Chậm nhất trong 20 ngày làm việc, kể từ ngày nhận được kiến nghị, các cơ quan phải "
                             "trả lời cử tri.", issued, q)
        other = read_deadlines("Chậm nhất là 30 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh, các sở "
                               "có báo cáo tổng hợp.", issued, q)
        assert own[0].anchored and own[0].date == dt.date(2025, 12, 29)
        assert not other[0].anchored and other[0].date != dt.date(2025, 11, 1)


def test_both_ends_asked_is_a_range_whose_end_is_the_deadline() -> None:
    f, _q_ = _q("thời gian kiểm kê từ ngày nào đến ngày nào?")
    assert "range" in f.asks and "start" not in f.asks
    assert "start" in _q("tạm dừng từ ngày nào?")[0].asks


def test_a_special_case_the_question_does_not_state_is_lowered() -> None:
    from bot.answering.service import _special_case_not_asked

    case = "Đối với kiến nghị có nội dung phức tạp, liên quan nhiều lĩnh vực thì thời hạn không quá 30 ngày."
    assert _special_case_not_asked(case, _q("hạn trả lời kiến nghị cử tri là ngày nào")[0])
    assert not _special_case_not_asked(case, _q("kiến nghị có nội dung phức tạp thì hạn trả lời là bao lâu")[0])
    assert not _special_case_not_asked("Chậm nhất 20 ngày làm việc.", _q("hạn trả lời kiến nghị")[0])


def test_a_who_question_is_answered_by_a_unit_it_does_not_name() -> None:
    from bot.answering.service import HAS_DOER, key, who_fit

    named = [key("Sở Tài chính")]
    assert who_fit(named, ["Thống kê tỉnh Bắc Ninh"]) == HAS_DOER
    assert who_fit(named, ["Sở Tài chính"]) < 0 < who_fit(named, ["Sở Tài chính", "Thống kê tỉnh Bắc Ninh"])
    assert who_fit(named, []) == 0.0


def test_only_the_directive_s_own_signing_is_counted_from_its_date() -> None:
    import datetime as dt

    from bot.answering.readers import Question, read_deadlines
    from corpus.dates import PartialDate

    issued, q = PartialDate(2025, 11, 25), Question(dt.date(2025, 12, 1))
    own = read_deadlines("Trong thời hạn 10 ngày kể từ ngày ký, các sở gửi kế hoạch.", issued, q)
    other = read_deadlines("Trong thời hạn 15 ngày làm việc kể từ ngày ban hành quyết định cấp chứng chỉ.", issued, q)
    assert own[0].date == dt.date(2025, 12, 5)
    assert other[0].date is None  # the certificate's decision has a date of its own, not the directive's


def _block(lines: list[str], pick: str, intent: str = "search") -> list[str]:
    """What the reply shows under the passage holding `pick` (AnswerService._siblings on a made-up section)."""
    import datetime as dt
    from types import SimpleNamespace

    from bot.answering.frame import read_question
    from bot.answering.service import AnswerService
    from corpus.passages import split_passages
    from corpus.structure import Section

    passages = split_passages([Section("II", "II", "TẠM DỪNG HỆ THỐNG", 1, 0, ["II. TẠM DỪNG HỆ THỐNG", *lines])])
    me = next(p for p in passages if pick in p.text)
    ctx = SimpleNamespace(passages=lambda _doc: passages)
    c = SimpleNamespace(extra=me.extra(), doc=SimpleNamespace(id=1))
    frame = read_question("hỏi gì đó", dt.date(2025, 11, 20))
    frame.intent = intent
    return AnswerService._siblings(None, c, frame, ctx)  # type: ignore[arg-type]


def test_a_list_item_is_shown_with_the_other_items_of_its_list_for_any_question() -> None:
    lines = ["Trong thời gian nâng cấp, tạm dừng các chức năng sau:", "- Dừng ứng dụng TMS;",
             "- Dừng chức năng cấp mã số thuế;", "- Dừng chức năng trả thông báo bước 2."]
    shown = _block(lines, "cấp mã số thuế")
    assert "Dừng ứng dụng TMS;" in shown and "Dừng chức năng trả thông báo bước 2." in shown


def test_a_short_sentence_that_goes_on_is_part_of_the_answer() -> None:
    lines = ["Các địa phương gửi báo cáo về Bộ Nội vụ trước ngày 26/11/2025. Sau thời hạn nêu trên, địa phương "
             "chưa có báo cáo thì tự chịu trách nhiệm.", "Bộ Nội vụ tổng hợp, báo cáo Chính phủ theo quy định "
             "về công tác tổ chức cán bộ và biên chế của các bộ, ngành, địa phương trong cả nước năm 2026 tới."]
    assert _block(lines, "trước ngày 26/11/2025") == ["Sau thời hạn nêu trên, địa phương chưa có báo cáo thì tự "
                                                      "chịu trách nhiệm."]


def test_a_caption_is_shown_with_the_rows_of_its_table() -> None:
    lines = ["DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ", "LĨNH VỰC: CHỨNG THỰC (01 TTHC)",
             "| STT | Tên thủ tục | Căn cứ |", "| 1 | Chứng thực văn bản khai nhận di sản | Nghị định 280 |"]
    assert any("Chứng thực văn bản khai nhận di sản" in t for t in _block(lines, "BỊ BÃI BỎ"))


def test_the_unit_s_own_section_opens_with_its_name() -> None:
    from bot.answering.retrieval import _own_section

    unit = (("trung", "tam", "chuyen", "doi", "so", "thanh", "pho"),)
    assert _own_section({"headings": ["IV. TỔ CHỨC", "4. Trung tâm Chuyển đổi số Thành phố"]}, unit)
    assert _own_section({"headings": ["Điều 22. Trách nhiệm của Trung tâm Chuyển đổi số Thành phố"]}, unit)
    assert not _own_section({"headings": ["Phụ lục nhiệm vụ do Trung tâm Chuyển đổi số Thành phố chủ trì"]}, unit)


class _Phrases:
    """A stand-in index that holds only the given phrases (folded syllables)."""

    def __init__(self, *phrases: str) -> None:
        self.held = {tuple(p.split()) for p in phrases}

    def has_phrase(self, syllables: list[str]) -> bool:
        return tuple(syllables) in self.held


def test_a_taxonomy_label_no_text_holds_covers_nothing() -> None:
    from bot.answering.criteria import CriterionView

    cv = CriterionView("Cải cách tài chính công", "k", frozenset("cai cach tai chinh cong ngan sach".split()), None,
                       1, phrases=("Cải cách tài chính công", "ngân sách"))
    assert cv.text_words(_Phrases("ngan sach")) == {"ngan", "sach"}


def test_the_words_of_a_compound_no_text_holds_are_lost() -> None:
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.retrieval import absent_phrases

    f = read_question("hạn thi tuyển công chức năm 2026 là khi nào", dt.date(2025, 12, 1))
    assert {"thi", "tuyen"} <= absent_phrases(_Phrases("cong chuc"), f, f.terms)
    assert "chuc" not in absent_phrases(_Phrases("cong chuc"), f, f.terms)
    assert absent_phrases(_Phrases("cong chuc", "thi tuyen"), f, f.terms) == frozenset()


def test_a_title_that_writes_out_a_long_name_answers_to_its_abbreviation() -> None:
    from bot.answering.retrieval import _title_words

    words = _title_words("Quy chế quản lý, vận hành Hệ thống quản lý văn bản và điều hành tỉnh Ninh Bình")
    assert {"qlvb", "dh", "ninh", "binh"} <= words
    assert "qlvb" not in _title_words("Quy chế thư điện tử công vụ tỉnh Nghệ An")


def test_the_issuer_the_question_names_speaks_in_its_directive() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from bot.answering.frame import read_question
    from bot.answering.retrieval import Candidate, DocInfo, _score
    from corpus.dates import PartialDate
    from corpus.lexicon import cached_tokens

    text = "Hiện nay không có chủ trương tiếp tục sắp xếp, sáp nhập các đơn vị hành chính."
    doc = DocInfo(1, "f", "Công văn", "Công văn", None, None, None, "", "Bộ Nội vụ", PartialDate(2025), None,
                  frozenset(), None, frozenset(), frozenset({"bo", "noi", "vu"}))
    frame = read_question("có chủ trương sáp nhập tỉnh không? BNV nói gì", dt.date(2025, 12, 1))
    terms = list(dict.fromkeys(frame.terms))
    idf = {t: 1.0 for t in terms}
    unit = frozenset({"bo", "noi", "vu"})
    covered = []
    for issuer in ({"bo", "noi", "vu"}, {"bo", "tai", "chinh"}):
        c = Candidate(SimpleNamespace(text=text, extra={}), doc.__class__(**{**doc.__dict__, "issuer_words":
                                                                              frozenset(issuer)}), cached_tokens(text))
        _score(c, frame, terms, idf, [], [], unit, [""] * len(terms))
        covered.append(c.coverage)
    assert covered[0] > covered[1]


def test_a_row_that_repeats_column_names_is_a_header_not_an_answer() -> None:
    from bot.answering.retrieval import _repeats_header

    cols = ["Số TT", "Tên TTHC", "Mã TTHC", "Cơ quan thực hiện"]
    assert _repeats_header({"columns": cols, "cells": ["II. DANH MỤC BỊ BÃI BỎ", "Số TT", "Mã TTHC", "Tên TTHC"]})
    assert not _repeats_header({"columns": cols, "cells": ["1", "Cấp lại chứng chỉ", "1.012509", "Sở Tài chính"]})


def _candidate(text: str, headings: list[str], places: frozenset[str],  # type: ignore[no-untyped-def]
               title: str = "Kế hoạch CCHC năm 2025"):
    from types import SimpleNamespace

    from bot.answering.retrieval import Candidate, DocInfo
    from corpus.dates import PartialDate
    from corpus.lexicon import folded_tokens

    doc = DocInfo(1, "a.md", title, "Kế hoạch", None, None, None, "", "UBND tỉnh", PartialDate(2025, 1, 1), None,
                  places, None, frozenset(folded_tokens(title)))
    return Candidate(SimpleNamespace(text=text, extra={"headings": headings}, document_id=1), doc, folded_tokens(text))


def test_a_place_counts_where_it_stands_whole() -> None:
    from bot.answering.retrieval import _place_held, joined_tokens

    place = ("tay", "ninh")
    own = _candidate("Sở Nội vụ tổ chức thi tuyển công chức.", [], frozenset({"tay ninh"}))
    named = _candidate("Tổ chức thi tuyển.", ["Kế hoạch của UBND tỉnh Tây Ninh"], frozenset())
    other = _candidate("Sở Nội vụ tỉnh Bắc Ninh tổ chức thi tuyển công chức ở miền tây.", [], frozenset({"bac ninh"}))
    assert _place_held(place, own, joined_tokens(own.text)) == "text"  # the directive's own locality
    assert _place_held(place, named, joined_tokens(named.text)) == "near"  # the heading over the passage
    assert _place_held(place, other, joined_tokens(other.text)) is None  # 'ninh' of Bắc Ninh, 'tây' of miền tây


def test_a_word_of_a_compound_counts_only_inside_it() -> None:
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.retrieval import _score, compound_pairs

    class Index:  # the pairs the stored texts hold
        def has_phrase(self, syll: list[str]) -> bool:
            return " ".join(syll) in {"tre hen", "ho so", "cong chuc", "muc phat"}

    f = read_question("mức phạt công chức trễ hẹn hồ sơ", dt.date(2025, 12, 1))
    terms = list(dict.fromkeys(f.terms))
    joins = compound_pairs(Index(), f, terms)
    assert joins["tre"] == [" tre hen "] and joins["ho"] == [" ho so "]
    idf = {t: 1.0 for t in terms}
    meant = _candidate("Công chức xin lỗi khi hồ sơ trễ hẹn; mức phạt theo quy định.", [], frozenset())
    scattered = _candidate("Mức độ hài lòng; phạt chậm; trễ hạn trả hồ sơ; hẹn ngày; công chức.", [], frozenset())
    for c in (meant, scattered):
        _score(c, f, terms, idf, [], [], joins=joins)
    assert meant.strict == meant.coverage == 1.0
    assert scattered.coverage == 1.0 and scattered.strict is not None and scattered.strict < 0.7


def test_a_directive_the_question_names_is_recognised_where_it_is_cited() -> None:
    from bot.answering.frame import DocRef
    from bot.answering.retrieval import cites, cites_another

    ref = DocRef("Chỉ thị", 22, None, "")
    for text in ("kiểm tra việc thực hiện Chỉ thị số 22 của UBND tỉnh", "theo Chỉ thị 22/CT-UBND", "22/CT-UBND"):
        assert cites(ref, text), text
    for text in ("tại 22 xã", "Chỉ thị 221", "Quyết định 22", "22/QĐ-UBND"):
        assert not cites(ref, text), text
    assert cites_another([ref], "qua các đợt kiểm tra việc thực hiện Chỉ thị 17 trong toàn tỉnh")
    assert not cites_another([ref], "Chỉ thị 17 và Chỉ thị 22 của UBND tỉnh")
    assert not cites_another([DocRef(None, 22, None, "")], "Chỉ thị 17")  # no kind: any number may be it


def test_a_directive_of_the_named_kind_under_another_number_is_not_it() -> None:
    import dataclasses

    from bot.answering.frame import DocRef
    from bot.answering.retrieval import another_number

    ct12 = dataclasses.replace(_candidate("x", [], frozenset()).doc, kind="Chỉ thị", number_main=12)
    assert another_number([DocRef("Chỉ thị", 22, None, "")], ct12)
    assert not another_number([DocRef("Chỉ thị", 12, None, "")], ct12)
    assert not another_number([DocRef("Kế hoạch", 22, None, "")], ct12)


def test_the_formal_passages_answer_only_what_they_are_about() -> None:
    from bot.answering.retrieval import BASIS_PENALTY, ENACTING_PENALTY, formal_penalty

    basis = "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 2167/TTr-SNV ngày 29/7/2014,"
    enacting = "Ban hành kèm theo Quyết định này Quy chế khảo sát mức độ hài lòng của tổ chức, cá nhân."
    duty = "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện Quyết định này."
    assert formal_penalty(basis, _q("quy chế khảo sát mức độ hài lòng áp dụng cho cơ quan nào")[0]) == BASIS_PENALTY
    assert formal_penalty(basis, _q("ai đề nghị ban hành quy chế khảo sát")[0]) == 0.0  # the basis asked for
    assert formal_penalty(enacting, _q("ai chủ trì triển khai quy chế khảo sát")[0]) == ENACTING_PENALTY
    assert formal_penalty(enacting, _q("quyết định 2072 ban hành quy chế gì")[0]) == 0.0
    assert formal_penalty(duty, _q("ai chủ trì triển khai quy chế khảo sát")[0]) == 0.0


def test_a_passage_that_points_at_its_directive_speaks_of_its_subject() -> None:
    import dataclasses
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.retrieval import _score
    from corpus.lexicon import folded_tokens

    f = read_question("phần mềm một cửa điện tử giao sở nào chủ trì triển khai", dt.date(2025, 12, 1))
    terms = list(dict.fromkeys(f.terms))
    idf = {t: 1.0 for t in terms}
    subject = "Quy định quản lý, vận hành và sử dụng hệ thống phần mềm một cửa điện tử"
    pointing = _candidate("Giao Sở Thông tin và Truyền thông chủ trì triển khai thực hiện Quyết định này.", [],
                          frozenset())
    pointing = dataclasses.replace(pointing, doc=dataclasses.replace(
        pointing.doc, title_words=frozenset(folded_tokens(subject))))
    plain = dataclasses.replace(pointing, hit=type(pointing.hit)(
        text="Giao Sở Thông tin và Truyền thông chủ trì triển khai.", extra={}, document_id=1))
    for c in (pointing, plain):
        _score(c, f, terms, idf, [], [])
    assert pointing.coverage == 1.0 and plain.coverage < 0.7  # the title as far context only


def test_a_place_read_from_words_without_marks_that_make_a_common_phrase_is_doubtful() -> None:
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.retrieval import _place_doubtful

    class Index:
        def has_phrase(self, syll: list[str]) -> bool:
            return " ".join(syll) in {"don vi", "noi vu"}

    f = read_question("phu luc I cua cv 972 ap dung cho don vi nao", dt.date(2025, 12, 1))
    assert _place_doubtful(Index(), f, ["cho", "don"])  # "cho đơn vị", not Chợ Đồn
    f = read_question("han nop bao cao cua so noi vu tay ninh", dt.date(2025, 12, 1))
    assert not _place_doubtful(Index(), f, ["tay", "ninh"])
    f = read_question("chợ đồn đơn vị nào", dt.date(2025, 12, 1))
    assert not _place_doubtful(Index(), f, ["cho", "don"])  # typed with its marks: the place


def test_a_province_wins_over_a_district_its_first_word_would_make() -> None:
    from corpus.localities import default_gazetteer

    g = default_gazetteer()
    assert [p.name for p in g.places_in("phan mem mot cua dien tu son la")] == ["Sơn La"]
    assert [p.name for p in g.places_in("khao sat muc do hai long khanh hoa")] == ["Khánh Hòa"]
    assert [p.name for p in g.places_in("thị xã Từ Sơn")] == ["Từ Sơn"]
    assert [p.name for p in g.places_in("phong noi vu me linh phai lam gi")] == ["Mê Linh"]


def test_a_group_of_units_the_texts_write_with_commas_is_not_absent() -> None:
    from bot.answering.retrieval import _a_group

    assert _a_group("phòng ban") and _a_group("sở ban ngành") and _a_group("Các sở ban ngành tỉnh Sơn La")
    assert not _a_group("Phòng Tư pháp") and not _a_group("Phòng Tư pháp huyện Mê Linh")


def test_a_sentence_carrying_out_other_directives_says_what_this_one_does_after_them() -> None:
    from bot.answering.retrieval import BASIS_PENALTY, formal_penalty, main_clause

    opening = ("Thực hiện Quyết định số 3490/QĐ-BNV ngày 10/10/2016 của Bộ Nội vụ về việc phê duyệt Đề án “Tăng "
               "cường công tác thông tin, tuyên truyền”; Quyết định số 3069/QĐ-UBND ngày 26/12/2016 của UBND tỉnh, "
               "Sở Nội vụ xây dựng dự thảo Kế hoạch tuyên truyền năm 2017 để tổ chức triển khai.")
    cite_only = "Thực hiện 263/KH-UBND ngày 31/12/2024 của Chủ tịch UBND huyện Yên Định về Ban hành Kế hoạch CCHC."
    assert main_clause(opening) == "Sở Nội vụ xây dựng dự thảo Kế hoạch tuyên truyền năm 2017 để tổ chức triển khai."
    assert main_clause(cite_only) == ""
    assert main_clause("Thực hiện tốt việc tổ chức điều tra xã hội học.") is None  # a duty, not a citation
    assert formal_penalty(cite_only, _q("hạn báo cáo kết quả CCHC năm 2025 của xã")[0]) == BASIS_PENALTY
    assert formal_penalty(opening, _q("ai xây dựng dự thảo kế hoạch tuyên truyền")[0]) == 0.0
    assert formal_penalty(cite_only, _q("kế hoạch CCHC của xã thực hiện văn bản nào")[0]) == 0.0


def test_a_passage_about_another_period_does_not_answer() -> None:
    import dataclasses

    from bot.answering.retrieval import other_period
    from corpus.dates import PartialDate

    def cand(text: str, title: str, year: int):  # type: ignore[no-untyped-def]
        c = _candidate(text, [], frozenset())
        return dataclasses.replace(c, doc=dataclasses.replace(c.doc, title=title, issued=PartialDate(year, 12, 27)))

    q4 = _q("hạn nộp BC CCHC quý IV/2015 là khi nào")[0]
    assert other_period(q4, cand("báo cáo công tác CCHC quý III năm 2015 trước ngày 10/9/2015", "", 2015))
    assert not other_period(q4, cand("báo cáo CCHC quý IV năm 2015 trước ngày 10/12/2015", "", 2015))
    y2018 = _q("hạn góp ý dự thảo kế hoạch tuyên truyền năm 2018")[0]
    plan_2017 = "Công văn V/v xin ý kiến vào dự thảo Kế hoạch tuyên truyền năm 2017"
    assert other_period(y2018, cand("Các cơ quan tham gia ý kiến vào Dự thảo.", plan_2017, 2016))
    # a plan of 2025 recalls the results of 2024 'so với năm 2023': written the year after, not another period
    y2024 = _q("chỉ số SIPAS 2024 đạt bao nhiêu")[0]
    assert not other_period(y2024, cand("SIPAS đạt 86,50%, tăng 10 bậc so với năm 2023", "Kế hoạch năm 2025", 2025))
    assert not other_period(_q("hạn góp ý dự thảo kế hoạch tuyên truyền")[0], cand("x", plan_2017, 2016))


def test_the_kind_of_answer_a_question_asks_for_weighs_little() -> None:
    from bot.answering.frame import SLOT_WEIGHT

    f = _q("phụ lục I của cv 972 áp dụng cho đơn vị nào")[0]
    assert f.weights["don"] == f.weights["vi"] == SLOT_WEIGHT  # the answer is a unit, not the words "đơn vị"
    assert f.weights.get("phu", 1.0) == 1.0
    g = _q("đơn vị sự nghiệp công lập phải báo cáo gì")[0]
    assert g.weights.get("don", 1.0) == 1.0  # here "đơn vị" is the topic


def test_a_place_no_text_holds_does_not_count_against_a_directive_stored_without_its_place() -> None:
    import dataclasses
    import datetime as dt

    from bot.answering.frame import read_question
    from bot.answering.retrieval import ABSENT_PLACE, _score

    news = _candidate("UBND tỉnh yêu cầu các sở tăng cường kỷ luật, kỷ cương hành chính.", [], frozenset())
    news = dataclasses.replace(news, doc=dataclasses.replace(news.doc, issuer="UBND tỉnh", locality=None))
    placed = dataclasses.replace(news, doc=dataclasses.replace(news.doc, issuer="UBND tỉnh Bắc Ninh",
                                                               locality="tỉnh Bắc Ninh"))
    assert news.doc.unplaced and not placed.doc.unplaced
    f = read_question("quảng nam yêu cầu tăng cường kỷ luật kỷ cương hành chính", dt.date(2025, 12, 1))
    terms = [*dict.fromkeys(f.terms), ABSENT_PLACE]
    idf = {t: 1.0 for t in terms}
    idf[ABSENT_PLACE] = float(len(terms))
    for c in (news, placed):
        _score(c, f, terms, idf, [], [])
    assert news.coverage > 0.8 > 0.5 > placed.coverage  # Quảng Nam may be the news item's own province


def test_a_procedure_row_names_the_person_who_does_the_step() -> None:
    from corpus.passage_units import person_doers

    row = {"columns": ["Thứ tự công việc", "Đơn vị/người thực hiện", "Nội dung công việc", "Thời gian"],
           "cells": ["Bước 3", "Chuyên viên phòng Phòng Kinh tế", "Thẩm định hồ sơ", "5 ngày"]}
    assert person_doers(row) == ["Chuyên viên phòng Phòng Kinh tế"]
    unit_row = dict(row, cells=["Bước 1", "Bộ phận Một cửa", "Tiếp nhận hồ sơ", "0,5 ngày"])
    assert person_doers(unit_row) == []  # a unit, read as a unit
    assert person_doers({"columns": ["Nhiệm vụ", "Thời gian"], "cells": ["Lãnh đạo phòng ký", "Quý I"]}) == []


def test_a_question_offering_units_to_choose_from_is_answered_by_one_of_them() -> None:
    from bot.answering.service import _CHOICE

    assert _CHOICE.search(_q("ai thẩm định: lãnh đạo phòng hay chuyên viên?")[0].folded)
    assert _CHOICE.search(_q("sở nội vụ hoặc sở tư pháp chủ trì việc này")[0].folded) is None  # not at the end
    assert _CHOICE.search(_q("phòng nào chủ trì kế hoạch CCHC")[0].folded) is None


def test_a_sentence_without_its_own_subject_reads_with_the_paragraph_before_it() -> None:
    from types import SimpleNamespace

    from bot.answering.retrieval import Candidate

    before = ["Theo đó, yêu cầu Chủ tịch UBND các huyện kịp thời khắc phục tình trạng hồ sơ quá hạn.",
              "Đồng thời, làm rõ nguyên nhân quá hạn."]
    doc = _candidate("x", [], frozenset()).doc
    goes_on = Candidate(SimpleNamespace(text="Báo cáo kết quả cho UBND tỉnh trước ngày 17/8/2019.",
                                        extra={"kind": "sentence", "before": before}, document_id=1), doc, [])
    own = Candidate(SimpleNamespace(text="Sở Nội vụ tổng hợp báo cáo trước ngày 20/8/2019.",
                                    extra={"kind": "sentence", "before": before}, document_id=1), doc, [])
    assert "khắc phục tình trạng hồ sơ quá hạn" in goes_on.near_context
    assert "khắc phục" not in own.near_context  # a sentence with its own subject stands alone


def test_a_duty_whose_subject_is_a_person_by_office_names_that_person() -> None:
    from corpus.passage_units import role_subject

    assert role_subject("Mỗi thành viên Ủy ban nhân dân xã chịu trách nhiệm cá nhân về lĩnh vực được phân công.") \
        == "Mỗi thành viên Ủy ban nhân dân xã"
    assert role_subject("Người đứng đầu cơ quan, đơn vị phải chịu trách nhiệm trước Chủ tịch UBND tỉnh.") \
        == "Người đứng đầu cơ quan, đơn vị"
    assert role_subject("Chủ tịch UBND tỉnh yêu cầu các sở thực hiện.") is None  # the requester is not the doer
    assert role_subject("Sở Nội vụ chủ trì tổng hợp.") is None

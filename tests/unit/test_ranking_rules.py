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

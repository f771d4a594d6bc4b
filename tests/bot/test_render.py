"""Pure rendering and bookkeeping of the bot: splitting, escaping, keyboards, limits, pending uploads."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.answering.model import Answer, AnswerItem
from bot.progress import period_of
from bot.services import Services
from bot.telegram.access import QuestionLimiter
from bot.telegram.application import file_url
from bot.telegram.render import (
    MAX_MESSAGE,
    answer_keyboard,
    deadline_vn,
    esc,
    preview_html,
    split_html,
    too_long_html,
)
from bot.telegram.uploads import PENDING_MAX, PENDING_TTL, drop_pending, keep_pending, take_pending
from corpus.dates import format_date
from corpus.reading import read_bytes
from corpus.store import Knowledge, prepare

TAG = re.compile(r"<(/?)(\w+)[^>]*>")


def balanced(html: str) -> bool:
    """Every tag closed in order."""
    stack: list[str] = []
    for closing, name in TAG.findall(html):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def test_escape_keeps_vietnamese_and_escapes_markup() -> None:
    assert esc("Phòng <Tư pháp> & UBND") == "Phòng &lt;Tư pháp&gt; &amp; UBND"
    assert esc('"trích"') == '"trích"'


def test_short_message_is_one_part() -> None:
    assert split_html("Hạn: <b>31/01/2024</b>") == ["Hạn: <b>31/01/2024</b>"]


def test_long_message_split_at_line_boundaries_under_limit() -> None:
    lines = [f"{i}. Phòng Tư pháp gửi báo cáo trước ngày {i % 28 + 1:02d}/03/2024." for i in range(400)]
    text = "\n".join(lines)
    assert len(text) > 3 * MAX_MESSAGE
    parts = split_html(text)
    assert len(parts) >= 4
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    assert [line for p in parts for line in p.split("\n")] == lines  # nothing lost, no line cut


def test_tags_spanning_a_split_are_closed_and_reopened() -> None:
    body = "\n".join(f"dòng {i} trích dẫn nguyên văn" for i in range(60))
    text = f"<b>Trả lời</b>\n<blockquote>{body}</blockquote>\nHết."
    parts = split_html(text, limit=300)
    assert len(parts) > 3
    assert all(len(p) <= 300 and balanced(p) for p in parts)
    assert parts[1].startswith("<blockquote>") and parts[0].endswith("</blockquote>")
    assert re.sub(r"</?blockquote>", "", "".join(parts)).replace("\n", "") == \
        re.sub(r"</?blockquote>", "", text).replace("\n", "")


def test_one_huge_line_is_cut_at_spaces_never_inside_an_entity() -> None:
    text = " ".join(["Ủy&amp;ban"] * 2000)
    parts = split_html(text, limit=500)
    assert all(len(p) <= 500 for p in parts)
    assert all(not re.search(r"&[a-z]*$", p) and not re.match(r"^[a-z]*;", p) for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def _answer(*items: AnswerItem) -> Answer:
    return Answer("q", "deadline", "t", list(items), "<b>t</b>")


def _item(task_id: int, section_id: int | None, owners: list[int]) -> AnswerItem:
    return AnswerItem("task", "s", "q", {}, task_id=task_id, section_id=section_id, owning_unit_ids=owners)


def test_answer_keyboard_done_only_for_the_owning_unit() -> None:
    answer = _answer(_item(10, 3, [7]), _item(11, 3, [8]), _item(12, None, [7, 8]))
    assert answer_keyboard(answer, 7) == [
        [("Xem nguyên văn (1)", "src:3"), ("Đã hoàn thành (1)", "done:10:7")],
        [("Đã hoàn thành (3)", "done:12:7")],
    ]
    assert answer_keyboard(answer, None) == [[("Xem nguyên văn (1)", "src:3")]]
    assert answer_keyboard(_answer(_item(10, 5, [7])), 9) == [[("Xem nguyên văn", "src:5")]]


def test_dates_are_dd_mm_yyyy() -> None:
    assert format_date(dt.date(2024, 1, 31)) == "31/01/2024"
    assert deadline_vn(dt.date(2024, 3, 19), dt.time(10, 0)) == "thứ Ba, 19/03/2024, 10:00"
    assert deadline_vn(dt.date(2024, 4, 30), precision="month") == "trong tháng 04/2024 (đến 30/04/2024)"


def test_too_long_message_names_both_lengths() -> None:
    assert "10.000 ký tự" in too_long_html(10_000, 2000) and "2.000 ký tự" in too_long_html(10_000, 2000)


def test_preview_shows_header_units_and_deadlines() -> None:
    text = ("ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH\nSố: 99/UBND-NV\nVĩnh Linh, ngày 02 tháng 11 năm 2026\n"
            "V/v báo cáo số hóa hồ sơ & dữ liệu\n\n"
            "UBND huyện yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:\n\n"
            "1. Phòng Tư pháp chủ trì xây dựng báo cáo kết quả số hóa hồ sơ hộ tịch, gửi về UBND huyện "
            "(qua Phòng Nội vụ) chậm nhất ngày 15/12/2026.\n")
    html = preview_html(prepare(read_bytes(text.encode(), "cv99.txt"), Knowledge()), replaces="Công văn cũ")
    assert "99/UBND-NV" in html and "02/11/2026" in html and "huyện Vĩnh Linh" in html
    assert "Phòng Tư pháp (chủ trì)" in html and "chậm nhất 15/12/2026" in html
    assert "hồ sơ &amp; dữ liệu" in html and "Công văn cũ" in html and balanced(html)


def test_preview_without_tasks_warns() -> None:
    html = preview_html(prepare(read_bytes("Biên bản họp tổ dân phố.\nMọi người đều có mặt.".encode(), "bb.txt"),
                                Knowledge()))
    assert "Tìm thấy 0 nhiệm vụ" in html and "Không tìm thấy nhiệm vụ nào" in html


def test_question_limiter_window_per_user() -> None:
    now = [0.0]
    limiter = QuestionLimiter(2, clock=lambda: now[0])
    assert limiter.allow(1) and limiter.allow(1) and not limiter.allow(1)
    assert limiter.allow(2)
    now[0] = 60.0
    assert limiter.allow(1)


def test_pending_uploads_expire_are_taken_once_and_are_bounded(services: Services) -> None:
    start = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    a = keep_pending(services, "a.txt", b"A", 1, now=start)
    assert take_pending(services, a, now=start + PENDING_TTL + dt.timedelta(seconds=1)) is None, "expired"
    b = keep_pending(services, "b.txt", b"B", 1, now=start)
    assert take_pending(services, b, now=start) == ("b.txt", b"B")
    assert take_pending(services, b, now=start) is None, "a second press stores nothing"
    tokens = [keep_pending(services, f"{i}.txt", b"x", 1, now=start + dt.timedelta(seconds=i))
              for i in range(PENDING_MAX + 3)]
    assert [take_pending(services, t, now=start + dt.timedelta(minutes=1)) is not None for t in tokens] == \
        [False] * 3 + [True] * PENDING_MAX, "the oldest go first"
    c = keep_pending(services, "c.txt", b"C", 1, now=start)
    drop_pending(services, c)
    assert take_pending(services, c, now=start) is None


def test_file_url_of_a_local_bot_api_server() -> None:
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_url("https://api.example.vn/bot/") == "https://api.example.vn/file/bot"


@pytest.mark.parametrize(("text", "span"), [
    ("quý I 2024", ("2024-01-01", "2024-03-31")),
    ("quy 4 nam 2025", ("2025-10-01", "2025-12-31")),
    ("tháng 2/2024", ("2024-02-01", "2024-02-29")),
    ("tháng này", ("2026-11-01", "2026-11-30")),
    ("năm 2024", ("2024-01-01", "2024-12-31")),
    ("năm nay", ("2026-01-01", "2026-12-31")),
    ("quý này", ("2026-10-01", "2026-12-31")),
])
def test_progress_periods(text: str, span: tuple[str, str]) -> None:
    start, end = period_of(text, dt.date(2026, 11, 21))  # type: ignore[misc]
    assert (start.isoformat(), end.isoformat()) == span


def test_unknown_period_is_none() -> None:
    assert period_of("hôm qua", dt.date(2026, 11, 21)) is None

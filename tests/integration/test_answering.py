"""Answering over the five seeds: each intent, with and without diacritics, scope, the JSON contract."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.chat import console_chat
from bot.services import Services
from corpus.errors import UserError
from corpus.text import fold
from tests.conftest import CCHC_COMMAND, ROOT
from tests.gold import unit_in

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "eval"
SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "texts"
TODAY = dt.date(2026, 11, 21)


def ask(svc: Services, text: str, **kw):  # type: ignore[no-untyped-def]
    return svc.answers.ask(text, today=kw.pop("today", TODAY), **kw)


@pytest.mark.parametrize("text", ["hạn nộp kế hoạch CCHC năm 2025 của các xã?",
                                  "han nop ke hoach cchc nam 2025 cua cac xa"])
def test_deadline_with_and_without_diacritics(seeded: Services, text: str) -> None:
    a = ask(seeded, text)
    assert a.intent == "deadline"
    top = a.answers[0]
    assert top.deadline["date"] == "2025-02-15"
    assert "thứ Bảy, 15/02/2025" in a.text and "đã qua hạn" in a.text
    assert "Trích: «" in a.text and "Nguồn:" in a.text


def test_deadline_with_time_and_unit(seeded: Services) -> None:
    a = ask(seeded, "Phòng Tư pháp Bạch Thông nộp kế hoạch duy trì tiêu chí trước mấy giờ?")
    assert (a.answers[0].deadline["date"], a.answers[0].deadline["time"]) == ("2024-03-19", "10:00")
    assert "10:00" in a.text


def test_an_old_deadline_is_found_only_when_asked_for(seeded: Services) -> None:
    now = ask(seeded, "hạn đề xuất sáng kiến CCHC năm 2024?")
    before = ask(seeded, "trước đây hạn đề xuất sáng kiến CCHC là ngày nào?")
    assert now.answers[0].deadline["date"] == "2024-10-22"
    assert before.answers[0].deadline["date"] == "2024-08-31"


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2025, 1, 5), "2025-01-10"),   # a Sunday: next week is 6–12 January
    (dt.date(2025, 1, 10), "2025-02-15"),  # a Friday: next week 13–19 January holds nothing
])
def test_relative_deadlines(seeded: Services, today: dt.date, expected: str) -> None:
    a = ask(seeded, "tuần tới có hạn gì?", today=today)
    if expected == "2025-01-10":
        assert a.answers and a.answers[0].deadline["date"] == expected
    else:
        assert a.answers == [] and "Không có hạn nào" in a.text
    upcoming = ask(seeded, "sắp tới có hạn nộp gì không?", today=dt.date(2025, 1, 31))
    assert upcoming.answers[0].deadline["date"] == "2025-01-31"


@pytest.mark.parametrize("text", ["Phòng Nội vụ Mê Linh phải làm gì?", "phong noi vu me linh phai lam gi"])
def test_unit_duties_are_listed_with_quotes(seeded: Services, text: str) -> None:
    a = ask(seeded, text)
    assert a.intent == "responsibility"
    assert all("Phòng Nội vụ" in it.units for it in a.answers[:3])
    for phrase in ("điều tra XHH", "24-CT/TU", "cơ sở dữ liệu quốc gia"):
        assert phrase in a.text


def test_unit_in_several_localities_is_grouped_by_directive(seeded: Services) -> None:
    a = ask(seeded, "P. TC-KH phải làm gì để nâng chỉ số CCHC?")
    assert "huyện Mê Linh" in a.text and "huyện Bạch Thông" in a.text
    assert a.text.index("Mê Linh") < a.text.index("Bạch Thông")


def test_who_must_do_a_thing(seeded: Services) -> None:
    a = ask(seeded, "đơn vị nào phải báo cáo kết quả áp dụng 05 sáng kiến nhân rộng?")
    units = [u for it in a.answers[:3] for u in it.units]
    assert unit_in("Văn phòng HĐND và UBND huyện", units) and unit_in("UBND các xã, thị trấn", units)


def test_a_unit_the_who_question_names_is_not_its_answer(seeded: Services) -> None:
    # Phòng Nội vụ is where the plans go: the answer is who sends them, not the recipient
    a = ask(seeded, "đơn vị nào gửi kế hoạch CCHC năm 2024 về Phòng Nội vụ?")
    assert a.intent == "criterion_owner" and a.answers
    assert not unit_in("Phòng Nội vụ", a.answers[0].units)


@pytest.mark.parametrize(("text", "owner"), [
    ("tiêu chí cải cách tài chính công do phòng nào phụ trách?", "Phòng Tài chính - Kế hoạch"),
    ("linh vuc xay dung van ban quy pham phap luat thuoc phong nao", "Phòng Tư pháp"),
    ("ISO 9001 thuộc trách nhiệm phòng nào", "Phòng Kinh tế"),
])
def test_criterion_owner(seeded: Services, text: str, owner: str) -> None:
    a = ask(seeded, text)
    assert a.intent == "criterion_owner"
    assert unit_in(owner, a.answers[0].units)
    assert "Căn cứ: «" in a.text


def test_search_quotes_the_sentence(seeded: Services) -> None:
    a = ask(seeded, "Chỉ số CCHC cấp huyện của Hà Nội có bao nhiêu tiêu chí?")
    assert "42 tiêu chí" in a.text and "81 tiêu chí thành phần" in a.text


# Known refusal misses: the words are all in the texts, only their meaning together is not (a deadline
# "năm 2030" read from a passage that mentions 2030 and PCI for other reasons). strict: fixed means edit here.
_MISSED = pytest.mark.xfail(strict=True, reason="known refusal miss of the coverage rule (see NOTES.md)")


@pytest.mark.parametrize("text", [
    pytest.param("hạn nộp báo cáo PCI năm 2030?", marks=_MISSED),
    "Phòng Y tế phải làm gì?",
    "ai phụ trách phòng cháy chữa cháy?",
    pytest.param("Vĩnh Linh xếp thứ mấy về PAPI?", marks=_MISSED),
    pytest.param("hạn nộp báo cáo tổng kết công tác thi đua khen thưởng", marks=_MISSED),
    "hạn nộp kế hoạch CCHC năm 2025 của huyện Gio Linh?",
    "Phòng Nội vụ tỉnh Nghệ An phải làm gì",
    "mức phạt công chức trễ hẹn hồ sơ là bao nhiêu tiền?",  # "trễ hạn … hồ sơ", "đúng hẹn": not "trễ hẹn"
])
def test_unanswerable_questions_get_no_answer(seeded: Services, text: str) -> None:
    a = ask(seeded, text)
    assert a.answers == []
    assert "Không" in a.text


def test_asker_unit_narrows_the_answer(seeded: Services) -> None:
    from sqlalchemy import select

    from corpus import models as m

    with seeded.sessions() as s:
        xa = s.scalar(select(m.Unit).join(m.Locality).where(m.Unit.name == "UBND các xã, thị trấn",
                                                          m.Locality.district == "Bạch Thông"))
    plain = ask(seeded, "hạn gửi kế hoạch khắc phục chỉ số CCHC ở Bạch Thông?")
    mine = ask(seeded, "hạn gửi kế hoạch khắc phục chỉ số CCHC?", unit_id=xa.id)
    assert plain.answers[0].deadline["date"] == "2024-03-19"
    assert mine.answers[0].deadline["date"] == "2024-04-30"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000])
def test_empty_or_huge_question_is_refused(seeded: Services, bad: str) -> None:
    with pytest.raises(UserError) as err:
        ask(seeded, bad)
    assert "Câu hỏi" in err.value.message


def test_json_contract(seeded: Services) -> None:
    out = ask(seeded, "hạn nộp kế hoạch CCHC năm 2024?").to_json("q1")
    assert set(out) == {"id", "question", "intent", "text", "answers"}
    assert out["intent"] in {"deadline", "responsibility", "criterion_owner", "search", "unknown"}
    a = out["answers"][0]
    assert set(a) == {"kind", "summary", "deadline", "units", "submit_to", "criterion", "quote", "source"}
    assert a["kind"] == "task" and isinstance(a["units"], list) and isinstance(a["quote"], str)
    assert set(a["deadline"]) >= {"date", "time", "qualifier", "precision"}
    assert set(a["source"]) >= {"file", "title", "issuer", "locality", "section"}
    dt.date.fromisoformat(a["deadline"]["date"])


def test_console_chat_gives_the_bot_replies(seeded: Services) -> None:
    out = io.StringIO()
    console_chat(seeded, stdin=io.StringIO("Phòng Kinh tế làm gì trong CCHC?\n\n"), stdout=out)
    assert seeded.answers.ask("Phòng Kinh tế làm gì trong CCHC?").text in out.getvalue()
    assert "ISO 9001" in out.getvalue()


def test_one_word_no_text_holds_weighs_as_a_middling_word(seeded: Services) -> None:
    from bot.answering.frame import read_question
    from bot.answering.retrieval import retrieve

    ctx = seeded.answers.context()
    # "chạy" (a paraphrase) is in no seed: alone it weighs as the question's median word, not as the rarest
    _c, idf = retrieve(ctx.index, ctx.docs, read_question("kế hoạch CCHC năm 2025 chạy tới hạn nào?", TODAY))
    known = sorted(v for t, v in idf.items() if t != "chay")
    assert idf["chay"] <= known[len(known) // 2]
    # several such words together name a topic no text holds: they keep their weight
    _c, idf = retrieve(ctx.index, ctx.docs, read_question("ai phụ trách phòng cháy chữa cháy?", TODAY))
    assert idf["chay"] == max(idf.values())


@pytest.mark.parametrize("text", ["kế hoạch nâng cao chỉ số cải cách hành chính huyện Mê Linh năm 2024 giao gì cho xã?",
                                  "ke hoach nang cao chi so cai cach hanh chinh huyen me linh 2024 giao gi cho xa"])
def test_a_directive_is_named_by_its_subject(seeded: Services, text: str) -> None:
    from bot.answering.frame import read_question
    from bot.answering.retrieval import retrieve, titled_docs

    ctx = seeded.answers.context()
    frame = read_question(text, TODAY)
    _c, idf = retrieve(ctx.index, ctx.docs, frame)
    titled = titled_docs(ctx.docs, list(dict.fromkeys(frame.terms)), idf)
    assert [ctx.docs[d].locality for d in titled] == ["huyện Mê Linh, thành phố Hà Nội"]
    assert "Nâng cao Chỉ số" in ctx.docs[titled[0]].title
    other = read_question("ai phụ trách điều tra xã hội học?", TODAY)
    _c, idf = retrieve(ctx.index, ctx.docs, other)
    assert titled_docs(ctx.docs, list(dict.fromkeys(other.terms)), idf) == []


FORMS = Path(__file__).resolve().parent.parent / "fixtures" / "forms"
HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "heldout" / "docs"


@pytest.fixture(scope="module")
def with_decisions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The seeds and two decisions that say when they take effect, in words the questions below do not use."""
    from bot.settings import load_settings

    svc = Services.start(load_settings(data_dir=tmp_path_factory.mktemp("decisions"), _env_file=None))
    svc.ingest([SEEDS, FORMS / "qd_ubnd_tinh_lang_son_quy_che.docx", FORMS / "qd_cong_bo_tthc_tuyen_quang.docx"])
    yield svc
    svc.close()


@pytest.mark.parametrize(("form", "text"), [
    ("qd_ubnd_tinh_lang_son_quy_che.yaml",
     "Quy chế khảo sát mức độ hài lòng của người dân ở Lạng Sơn áp dụng từ ngày nào?"),
    ("qd_cong_bo_tthc_tuyen_quang.yaml",
     "danh muc thu tuc chung thuc cap xa Tuyen Quang co hieu luc tu ngay nao"),
])
def test_a_directive_named_by_its_subject_answers_with_its_own_effect_clause(
        with_decisions: Services, form: str, text: str) -> None:
    import yaml

    from bot.answering.readers import Question, read_deadlines
    from corpus.dates import PartialDate

    gold = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    clause = next(t for t in gold["not_duties"] if "hiệu lực" in t)
    issued = dt.date.fromisoformat(str(gold["issued"]))
    expected = read_deadlines(clause, PartialDate(issued.year, issued.month, issued.day), Question(TODAY))[0].date
    a = ask(with_decisions, text)
    assert a.intent == "deadline" and a.answers
    assert a.answers[0].deadline["date"] == expected.isoformat()
    assert "này có hiệu lực" in a.answers[0].quote


def test_the_effect_clause_is_read_however_low_it_ranks(with_decisions: Services,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.answering.service as service

    monkeypatch.setattr(service, "TOP_READ", 0)  # no ranked candidate is read: only the facts
    a = ask(with_decisions, "danh muc thu tuc chung thuc cap xa Tuyen Quang co hieu luc tu ngay nao")
    assert a.answers and "này có hiệu lực" in a.answers[0].quote

def _score(tmp_path: Path, seeded_dir: Path, questions: Path) -> float:
    answers = tmp_path / "answers.jsonl"
    env = {"CCHC_DATA_DIR": str(seeded_dir), "PATH": str(Path(sys.executable).parent)}
    with answers.open("w") as fh:
        subprocess.run([*CCHC_COMMAND, "ask", "--json", "--batch", str(questions)],
                       stdout=fh, check=True, env=env, cwd=ROOT)
    res = subprocess.run([sys.executable, FIXTURES / "score.py", questions, answers], capture_output=True,
                         text=True, check=True)
    return float(res.stdout.strip().splitlines()[-1].split()[1])


@pytest.mark.slow
def test_sample_questions_score(tmp_path: Path, seeded_dir: Path) -> None:
    assert _score(tmp_path, seeded_dir, FIXTURES / "seed_questions.jsonl") >= 0.95
    plain = tmp_path / "plain.jsonl"
    with plain.open("w") as fh:
        for line in (FIXTURES / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            q["question"] = fold(q["question"])
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    assert _score(tmp_path, seeded_dir, plain) >= 0.85



def test_a_decision_kept_without_its_title_is_named_by_what_it_issues(tmp_path: Path) -> None:
    """A portal page kept the decision from its number line to its articles, without the trích yếu: what Điều 1
    issues names it, and the article that says who carries out 'Quyết định này' answers for that subject."""
    from bot.answering.retrieval import load_docs
    from bot.settings import load_settings

    svc = Services.start(load_settings(data_dir=tmp_path / "d", _env_file=None))
    try:
        [outcome] = svc.ingest([HELDOUT / "08_sonla-qd-2167-2017-mot-cua-dien-tu.md"], confirm=True)
        assert outcome.error is None
        with svc.sessions() as s:
            [doc] = load_docs(s).values()
        assert {"phan", "mem", "mot", "cua", "dien", "tu"} <= doc.title_words
        a = svc.answers.ask("Ai triển khai hệ thống phần mềm một cửa điện tử của tỉnh?")
        assert a.answers and unit_in("Sở Thông tin và Truyền thông", a.answers[0].units)
    finally:
        svc.close()


def test_portal_news_items_answer_for_their_own_directive_and_place(tmp_path: Path) -> None:
    """Portal news items, each about one letter, none naming its province in its text: a question naming the
    province and the letter's number is answered from the item that cites it, and a duty only another letter
    has is not lent to it."""
    from bot.settings import load_settings

    heldout2 = Path(__file__).resolve().parent.parent / "fixtures" / "heldout2" / "docs"
    svc = Services.start(load_settings(data_dir=tmp_path / "d", _env_file=None))
    try:
        svc.ingest([heldout2], confirm=True)
        signed = svc.answers.ask("Quảng Nam: CV 2577 ban hành ngày nào?")
        assert signed.answers and "27/4/2023" in signed.text
        lent = svc.answers.ask("CV 2577 Quảng Nam yêu cầu các đơn vị báo cáo kết quả trước ngày nào?")
        assert lent.answers == []  # the report due 17/8/2019 is Công văn 3789's (Đắk Nông)
    finally:
        svc.close()

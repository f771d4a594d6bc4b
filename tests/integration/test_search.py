"""Searching the five bundled directives the way officers type: with and without diacritics, abbreviations,
document numbers, typos; and building the index without ever leaving a half index in use."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from bot.services import Services
from bot.settings import load_settings
from corpus.text import fold, key
from index.searching import Hit, SearchIndex
from index.storage import POINTER

TEXTS = Path(__file__).resolve().parents[2] / "corpus" / "texts"
ROOT = Path(__file__).resolve().parents[2]


def start(data_dir: Path, *, index_updates: bool = False) -> Services:
    services = Services.start(load_settings(data_dir=data_dir))
    if index_updates:
        _ = services.index  # built (empty) before the ingest, then updated by it
    outcomes = services.ingest([TEXTS], update_index=index_updates)
    assert all(o.error is None for o in outcomes)
    return services


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, SearchIndex]]:
    services = start(tmp_path_factory.mktemp("search"))
    index = SearchIndex(services.settings.index_dir)
    with services.sessions() as session:
        index.ensure(session)
    yield services, index
    index.close()
    services.close()


@pytest.fixture
def index(seeded: tuple[Services, SearchIndex]) -> SearchIndex:
    return seeded[1]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Services, SearchIndex]]:
    """A data directory of its own, for the tests that rebuild or change the index."""
    services = start(tmp_path / "data")
    index = SearchIndex(services.settings.index_dir)
    with services.sessions() as session:
        index.rebuild(session)
    yield services, index
    index.close()
    services.close()


def ids(hits: list[Hit]) -> list[tuple[str, int]]:
    return [(h.kind, h.id) for h in hits]


def says(hit: Hit, phrase: str) -> bool:
    """The passage, or the heading it stands under, holds the phrase."""
    return key(phrase) in key(f"{hit.text} {hit.context}")


# ---------------------------------------------------------------- diacritics and tone placement


def test_a_query_with_or_without_diacritics_finds_the_same_section(index: SearchIndex) -> None:
    accented = index.search("hạn nộp kế hoạch CCHC năm 2025", kind="section", limit=10)
    plain = index.search("han nop ke hoach cchc nam 2025", kind="section", limit=10)
    assert accented and ids(accented)[0] == ids(plain)[0]
    for hits in (accented, plain):
        assert any(says(h, "Kế hoạch CCHC của các cơ quan, đơn vị, UBND các xã") for h in hits)
        assert all("Vĩnh Linh" in h.locality for h in hits[:3])


def test_old_and_new_tone_placement_find_the_same_hits(index: SearchIndex) -> None:
    old = index.search("Tỉnh uỷ Quảng Trị")
    new = index.search("Tỉnh ủy Quảng Trị")
    assert old and [(h.kind, h.id, round(h.score, 6)) for h in old] == [(h.kind, h.id, round(h.score, 6)) for h in new]
    assert any("Tỉnh ủy" in h.text for h in new)


@pytest.mark.parametrize("word", ["chấm", "chậm"])
def test_a_query_with_diacritics_ranks_its_exact_form_first(index: SearchIndex, word: str) -> None:
    hits = index.search(word, limit=4)
    assert hits and all(word in h.text.lower() for h in hits)


def test_a_query_without_diacritics_finds_every_accented_form(index: SearchIndex) -> None:
    hits = index.search("cham", limit=20)
    assert any("chấm" in h.text for h in hits) and any("chậm" in h.text for h in hits)


# ---------------------------------------------------------------- abbreviations, numbers, typos


def test_an_abbreviated_unit_finds_the_unit_written_out(index: SearchIndex) -> None:
    hits = index.search("VP HĐND-UBND", limit=3)
    assert hits and all("Văn phòng HĐND" in h.text for h in hits)


def test_the_words_written_out_find_a_text_that_only_says_cchc(index: SearchIndex) -> None:
    hits = index.search("cải cách hành chính", kind="section", limit=100)
    only_abbreviated = [h for h in hits if not {"cai", "cach", "hanh", "chinh"} & set(key(h.text).split())]
    assert only_abbreviated and all("CCHC" in h.text for h in only_abbreviated)
    best = index.search("đề xuất sáng kiến nâng cao cải cách hành chính", kind="section", limit=1)[0]
    assert best.text.startswith("Tiếp tục đề xuất sáng kiến nâng cao CCHC")


@pytest.mark.parametrize("query", ["P. TC-KH có trách nhiệm gì?", "p tc-kh lam gi"])
def test_p_dot_and_a_hyphenated_abbreviation_find_the_unit(index: SearchIndex, query: str) -> None:
    hit = index.search(query, kind="section", limit=1)[0]
    assert says(hit, "Tài chính - Kế hoạch")
    assert "<b>Tài</b> <b>chính</b> - <b>Kế</b> <b>hoạch</b>" in hit.snippet


@pytest.mark.parametrize("query, number", [
    ("kh 11/KH-UBND", "11/KH-UBND"),
    ("4190/QĐ-UBND", "4190/QĐ-UBND"),
    ("quyet dinh 4190/qd-ubnd", "4190/QĐ-UBND"),
    ("chỉ thị 24-CT/TU", "24-CT/TU"),
])
def test_a_document_number_finds_the_text_that_cites_it(index: SearchIndex, query: str, number: str) -> None:
    hits = index.search(query, limit=3)
    assert hits and number in hits[0].text
    assert sum(number in h.text for h in hits) >= 2 or number == "4190/QĐ-UBND"


def test_a_date_finds_the_deadline_written_that_day(index: SearchIndex) -> None:
    hits = index.search("hạn 15/02/2025", kind="task", limit=1)
    assert hits and "15/02/2025" in hits[0].text


@pytest.mark.parametrize("query, phrase", [
    ("ngay thu ba xanhh", "ngày thứ ba xanh"),
    ("tư phap", "Tư pháp"),
    ("thanh tra huyenn", "Thanh tra huyện"),
])
def test_typos_still_find_the_passage(index: SearchIndex, query: str, phrase: str) -> None:
    hits = index.search(query, kind="section", limit=3)
    assert hits and any(says(h, phrase) for h in hits)


# ---------------------------------------------------------------- filters, snippets, no match


@pytest.mark.parametrize("locality, place", [("Vĩnh Linh", "Vĩnh Linh"), ("bach thong", "Bạch Thông"),
                                             ("Hà Nội", "Hà Nội")])
def test_the_locality_filter_keeps_one_district_or_province(index: SearchIndex, locality: str, place: str) -> None:
    hits = index.search("phòng nội vụ", locality=locality, limit=20)
    assert hits and all(place in h.locality for h in hits)


def test_the_kind_filter_keeps_tasks_only(index: SearchIndex) -> None:
    hits = index.search("phòng tư pháp", kind="task", limit=20)
    assert hits and {h.kind for h in hits} == {"task"} and all(h.task_id == h.id for h in hits)


def test_the_snippet_quotes_the_original_accented_text(index: SearchIndex) -> None:
    hit = index.search("han nop ke hoach khac phuc bach thong", limit=1)[0]
    assert "<b>" in hit.snippet and fold(hit.snippet) != hit.snippet
    for fragment in hit.plain_snippet.split(" … "):
        assert fragment.strip() in hit.text
    assert "hạn" in hit.snippet.lower() or "Hạn" in hit.snippet


def test_the_hit_says_where_the_passage_comes_from(index: SearchIndex) -> None:
    hit = index.search("Thanh tra huyện có trách nhiệm", kind="section", limit=1)[0]
    assert (hit.path, hit.locality) == ("III.8", "huyện Mê Linh, thành phố Hà Nội")
    assert hit.title.startswith("Kế hoạch Nâng cao Chỉ số Cải cách hành chính huyện Mê Linh")
    assert hit.section_id == hit.id and hit.task_id is None


@pytest.mark.parametrize("query", ["zzqxw", "ạ nhé", "", "   ?"])
def test_a_query_that_matches_nothing_returns_no_hits(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


# ---------------------------------------------------------------- building


QUERIES = ["hạn nộp kế hoạch CCHC năm 2025", "phong noi vu me linh phai lam gi", "VP HĐND-UBND",
           "kh 11/KH-UBND", "ngay thu ba xanh", "sáng kiến CCHC"]


def test_a_rebuild_gives_the_same_results_as_incremental_updates(
        seeded: tuple[Services, SearchIndex], tmp_path: Path) -> None:
    incremental = start(tmp_path / "data", index_updates=True)
    try:
        for q in QUERIES:
            assert ids(incremental.index.search(q)) == ids(seeded[1].search(q)), q
    finally:
        incremental.index.close()
        incremental.close()


def test_a_search_on_an_empty_index_sees_the_first_documents_added_to_it(tmp_path: Path) -> None:
    """The bot started on an empty corpus answers, then the first directive arrives (an upload, a first start
    that was interrupted): the reader opened on an index with no segment is reopened, not refreshed."""
    services = Services.start(load_settings(data_dir=tmp_path / "empty"))
    try:
        assert services.index.search("kế hoạch CCHC") == []
        outcomes = services.ingest([TEXTS / "002_a8a4547ec791e729.txt"], update_index=True)
        assert all(o.error is None for o in outcomes)
        hits = services.index.search("sáng kiến CCHC", limit=3)
        assert hits and "sáng kiến" in hits[0].text
    finally:
        services.close()


def test_a_changed_directive_replaces_its_old_sections(fresh: tuple[Services, SearchIndex], tmp_path: Path) -> None:
    services, index = fresh
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "002_a8a4547ec791e729.txt"
    text = (TEXTS / target.name).read_text(encoding="utf-8")
    target.write_text(text.replace("báo cáo kết quả áp dụng 05 sáng kiến",
                                   "báo cáo kết quả áp dụng 07 sáng kiến nhân rộng về chuyển đổi số"), encoding="utf-8")
    [outcome] = services.ingest([target], update_index=False)
    assert outcome.result and outcome.result.status == "replaced"
    with services.sessions() as session:
        counts = index.update_documents(session, [outcome.result.document_id])
    assert counts.documents == 1 and counts.sections > 0
    updated = index.search("07 sáng kiến chuyển đổi số", limit=3)
    assert updated and "07 sáng kiến" in updated[0].text
    assert not any("áp dụng 05 sáng kiến" in h.text for h in index.search("áp dụng 05 sáng kiến", limit=50))
    with services.sessions() as session:
        index.rebuild(session)
    assert ids(index.search("07 sáng kiến chuyển đổi số", limit=3)) == ids(updated)


def test_an_interrupted_rebuild_leaves_the_old_index_in_use(
        fresh: tuple[Services, SearchIndex], monkeypatch: pytest.MonkeyPatch) -> None:
    services, index = fresh
    before = ids(index.search("ngay thu ba xanh"))
    pointer = (index.index_dir / POINTER).read_text()

    def fail(self: SegmentWriter, *args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SegmentWriter, "commit", fail)
    with pytest.raises(RuntimeError, match="disk full"), services.sessions() as session:
        index.rebuild(session)
    monkeypatch.undo()
    assert (index.index_dir / POINTER).read_text() == pointer
    assert not list(index.index_dir.glob(".build-*"))
    assert ids(index.search("ngay thu ba xanh")) == before
    other = SearchIndex(index.index_dir)  # as another process would open it
    assert ids(other.search("ngay thu ba xanh")) == before
    other.close()


def test_a_missing_or_outdated_index_is_built_by_ensure(fresh: tuple[Services, SearchIndex]) -> None:
    services, index = fresh
    with services.sessions() as session:
        assert index.ensure(session) is False
        index.close()
        (index.index_dir / POINTER).write_text("gen-0-0\n")  # e.g. a generation of an older schema version
        assert index.ensure(session) is True
    assert index.search("ngay thu ba xanh")


CHILD = """
import sys
from pathlib import Path
from index.searching import SearchIndex
index, stop = SearchIndex(Path(sys.argv[1])), Path(sys.argv[2])
while not stop.exists():
    hits = index.search("ngay thu ba xanh", limit=3)
    good = bool(hits) and "xanh" in hits[0].text.lower()
    print(("ok " if good else "bad ") + str(index.generation), flush=True)
"""


@pytest.mark.slow
def test_another_process_keeps_searching_while_the_index_is_rebuilt(
        fresh: tuple[Services, SearchIndex], tmp_path: Path) -> None:
    services, index = fresh
    stop = tmp_path / "stop"
    lines: list[str] = []
    seen = threading.Condition()
    with subprocess.Popen([sys.executable, "-c", CHILD, str(index.index_dir), str(stop)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:

        def read() -> None:
            for line in child.stdout:  # type: ignore[union-attr]
                with seen:
                    lines.append(line.strip())
                    seen.notify_all()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        generations: list[str] = []
        try:
            with seen:
                assert seen.wait_for(lambda: lines or child.poll() is not None, timeout=120)
            for _ in range(3):
                with services.sessions() as session:
                    generations.append(index.rebuild(session).generation)
                with seen:  # the child has searched the new generation before the next rebuild starts
                    assert seen.wait_for(lambda: any(line.endswith(generations[-1]) for line in lines)
                                         or child.poll() is not None, timeout=120)
        finally:
            stop.touch()
            child.wait(timeout=120)
            reader.join(timeout=10)
        errors = child.stderr.read()  # type: ignore[union-attr]
    assert child.returncode == 0, errors
    assert lines and all(line.startswith("ok ") for line in lines)
    assert {line.split()[1] for line in lines} >= set(generations)


def test_importing_the_index_loads_neither_pyvi_nor_an_index() -> None:
    code = "import sys, index.searching, index.query, index.schema; print('pyvi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_directory_without_an_index_searches_nothing(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "nothing")
    assert index.search("ngay thu ba xanh") == []
    assert len(index.vocabulary()) == 0
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)

"""bench.eval: its table counts a tiny set right (unanswerable questions in their own row), and without the
shared folder it says so in one line and exits 0."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench import eval as bench_eval
from bench._shared import load_scorer, shared_dir
from bot.services import Services
from tests.conftest import SEEDS

SEED = SEEDS / "000_e729732cc6e22462.txt"
QUESTION = "hạn nộp kế hoạch CCHC năm 2024?"
# The same question twice: once with its real deadline, once marked unanswerable. Whatever the bot answers,
# they cannot both be right; answered as the contract's example, the first is right and the second wrong.
TINY = [
    {"id": "t1", "doc": SEED.name, "kind": "deadline", "question": QUESTION,
     "expect": {"date": "2024-01-31", "time": None, "submit_to": "Phòng Nội vụ", "units": []}},
    {"id": "t2", "doc": None, "kind": "deadline", "question": QUESTION, "expect": {"none": True}},
]


def test_the_table_counts_a_tiny_set(services: Services, tmp_path: Path) -> None:
    shared = shared_dir()
    if not (shared / "eval" / "score.py").exists():
        pytest.skip(f"no shared scorer at {shared / 'eval' / 'score.py'} (set CCHC_SHARED_DIR)")
    judge = load_scorer(shared).judge
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert [o.error for o in services.ingest([folder])] == [None]

    result = bench_eval.evaluate(services, TINY, judge, tmp_path)

    assert [o.ok for o in result.outcomes] == [True, False], [o.why for o in result.outcomes]
    assert result.json_mismatches == []
    assert all(o.ms is not None and o.ms > 0 for o in result.outcomes)
    counts = bench_eval.tally(result.outcomes)
    assert counts["deadline"] == [1, 1]
    assert counts["unanswerable"] == [0, 1]
    assert counts["overall"] == [1, 2]
    assert counts["search"] == counts["responsibility"] == counts["criterion_owner"] == [0, 0]
    table = bench_eval.render_table({"tiny": counts}).splitlines()
    rows = {line.split()[0]: line.split(None, 1)[1].strip() for line in table[2:] if not line.startswith("-")}
    assert rows == {"deadline": "1/1 (1.000)", "unanswerable": "0/1 (0.000)", "overall": "1/2 (0.500)"}


def test_without_the_shared_folder_it_says_so_and_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CCHC_SHARED_DIR", str(tmp_path / "absent"))
    assert bench_eval.main([]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "absent" in out[0]

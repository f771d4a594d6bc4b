"""Ingest into a real database (SQLite, and PostgreSQL when configured): whole or not at all."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus import store as store_module
from tests.conftest import SEEDS


@pytest.fixture
def svc(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Services.start(load_settings(data_dir=tmp_path / "data", database_url=db_url, _env_file=None))
    yield s
    s.close()


def counts(s: Services) -> dict[str, int]:
    with s.sessions() as session:
        return {t.__name__: session.scalar(select(func.count()).select_from(t)) or 0
                for t in (m.Document, m.Section, m.Reference, m.Task, m.TaskUnit, m.Unit, m.Criterion)}


def test_ingest_seeds_then_again_changes_nothing(svc: Services) -> None:
    first = svc.ingest([SEEDS], update_index=False)
    assert [o.result.status for o in first] == ["added"] * 5
    before = counts(svc)
    assert before["Document"] == 5 and before["Task"] >= 9
    second = svc.ingest([SEEDS], update_index=False)
    assert [o.result.status for o in second] == ["unchanged"] * 5
    assert counts(svc) == before


def test_changed_file_replaces_old_version_and_keeps_task_ids(svc: Services, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / "cv.txt"
    shutil.copy(SEEDS / "004_cf6e948d9e8e915c.txt", target)
    svc.ingest([target], update_index=False)
    with svc.sessions() as s:
        old = {t.quote: t.id for t in s.scalars(select(m.Task))}
    text = target.read_text(encoding="utf-8").replace("**trước ngày 15/02/2025**", "**trước ngày 20/02/2025**")
    target.write_text(text, encoding="utf-8")
    out = svc.ingest([target], update_index=False)
    assert out[0].result.status == "replaced"
    with svc.sessions() as s:
        docs = s.scalars(select(m.Document)).all()
        assert len(docs) == 1 and docs[0].version == 2
        tasks = s.scalars(select(m.Task)).all()
        dates = {t.deadline_date.isoformat() for t in tasks if t.deadline_date}
        assert "2025-02-20" in dates and "2025-02-15" not in dates
        kept = [t for t in tasks if t.quote in old]
        assert kept and all(old[t.quote] == t.id for t in kept)


def test_failure_in_the_middle_leaves_no_partial_rows(svc: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "_store_tasks", boom)
    with pytest.raises(RuntimeError):
        svc.ingest([SEEDS / "003_54a8849ad7dd6938.txt"], update_index=False)
    assert counts(svc)["Document"] == 0 and counts(svc)["Section"] == 0


@pytest.mark.parametrize(("name", "data", "reason_word"), [
    ("trong.txt", b"   \n ", "rỗng"),
    ("nhi_phan.txt", bytes(range(256)) * 4, ""),
    ("cu.doc", b"\xd0\xcf\x11\xe0" + b"x" * 100, ".docx"),
    ("hong.docx", b"not a zip", ""),
])
def test_bad_files_are_refused_and_nothing_is_stored(svc: Services, tmp_path: Path, name: str, data: bytes,
                                                      reason_word: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "tot.txt"
    shutil.copy(SEEDS / "000_e729732cc6e22462.txt", good)
    out = svc.ingest([bad, good], update_index=False)
    assert out[0].error and name in out[0].error and reason_word in out[0].error
    assert out[1].result and out[1].result.status == "added"
    assert counts(svc)["Document"] == 1


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    s = Services.start(load_settings(data_dir=tmp_path / "d", max_file_mb=0.001, _env_file=None))
    out = s.ingest([SEEDS / "003_54a8849ad7dd6938.txt"], update_index=False)
    assert out[0].error and "vượt giới hạn" in out[0].error
    assert counts(s)["Document"] == 0
    s.close()


def test_units_are_per_locality(svc: Services) -> None:
    svc.ingest([SEEDS], update_index=False)
    with svc.sessions() as s:
        noi_vu = s.scalars(select(m.Unit).where(m.Unit.name == "Phòng Nội vụ")).all()
        places = sorted(u.locality.district for u in noi_vu)
    assert places == ["Bạch Thông", "Mê Linh", "Vĩnh Linh"]


def test_criteria_owners_of_melinh_match_gold(svc: Services) -> None:
    from tests.gold import gold_docs, unit_in

    svc.ingest([SEEDS], update_index=False)
    melinh = next(d for d in gold_docs() if d["file"].startswith("003"))
    with svc.sessions() as s:
        loc = s.scalar(select(m.Locality).where(m.Locality.district == "Mê Linh"))
        crits = s.scalars(select(m.Criterion).where(m.Criterion.locality_id == loc.id)).all()
        fields = {c.code: [o.unit.name for o in c.owners] for c in crits if c.kind == "field"}
        topics = [(c.name, [o.unit.name for o in c.owners]) for c in crits if c.kind == "topic"]
    for g in melinh["criteria"]:
        owners = fields[g["code"]]
        assert all(unit_in(u, owners) for u in g["owners"]), (g["name"], owners)
        if not g["owners"]:
            assert owners == []
    from corpus.criteria import match_criterion

    for g in melinh["topic_owners"]:
        crit, _ = match_criterion(g["topic"], kinds=("topic",))
        owners = dict(topics)[crit.name]
        assert all(unit_in(u, owners) for u in g["owners"]), (g["topic"], owners)


# ------------------------------------------------------------------ the index catches up with what was stored

LETTER = """Số: {n}/UBND-NV
Gio Linh, ngày 01 tháng 12 năm 2026

V/v {subject}

Kính gửi: Phòng Nội vụ.

1. Phòng Nội vụ {duty} trước ngày 10/12/2026.
"""
KILLER = """
import os, signal, sys
from pathlib import Path
from bot.services import Services
from bot.settings import load_settings

services = Services.start(load_settings(data_dir=sys.argv[1], database_url=sys.argv[2], _env_file=None))
services.index  # the index is open, as in a running ingest

def die(outcome):
    if outcome.result is not None:  # the first file is stored (committed): SIGKILL before anything else
        os.kill(os.getpid(), signal.SIGKILL)

services.ingest([Path(p) for p in sys.argv[3:]], on_file=die)
"""


def _letter(folder: Path, name: str, n: int, subject: str, duty: str) -> Path:
    path = folder / name
    path.write_text(LETTER.format(n=n, subject=subject, duty=duty), encoding="utf-8")
    return path


def test_an_ingest_killed_after_storing_leaves_nothing_unindexed(db_url: str, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    first = _letter(folder, "a.txt", 1, "báo cáo công tác văn thư", "tổng hợp báo cáo công tác văn thư lưu trữ")
    stored = _letter(folder, "b.txt", 2, "số hóa sổ địa bạ", "hoàn thành số hóa sổ địa bạ của các xã")
    later = _letter(folder, "c.txt", 3, "kiểm kê thiết bị phòng họp trực tuyến",
                    "kiểm kê thiết bị phòng họp trực tuyến")
    settings = load_settings(data_dir=tmp_path / "data", database_url=db_url, _env_file=None)
    services = Services.start(settings)
    services.ingest([first])  # an indexed data directory
    assert services.index.search("văn thư lưu trữ")
    services.close()

    killed = subprocess.run([sys.executable, "-c", KILLER, str(settings.data_dir), db_url, str(stored), str(later)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    restarted = Services.start(settings)  # the next start, in another process
    try:
        with restarted.sessions() as s:
            assert s.scalar(select(func.count(m.Document.id))) == 2, "b.txt was stored before the kill"
        hits = restarted.index.search("số hóa sổ địa bạ")
        assert hits and hits[0].title.endswith("số hóa sổ địa bạ"), "found and indexed on the next start"
        again = restarted.ingest([stored, later])
        assert [o.result.status for o in again] == ["unchanged", "added"]
        assert restarted.index.search("kiểm kê thiết bị phòng họp trực tuyến")
        answer = restarted.answers.ask("Hạn hoàn thành số hóa sổ địa bạ?")
        assert "10/12/2026" in answer.text
    finally:
        restarted.close()


FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


def _stored(s: Services) -> list[tuple]:
    with s.sessions() as session:
        rows = session.scalars(select(m.Task).order_by(m.Task.id)).all()
        return sorted((t.document.file_name, t.ord, t.quote, t.deadline_date, t.submit_to,
                       tuple(sorted(tu.unit.name for tu in t.units))) for t in rows)


@pytest.mark.slow
def test_a_batch_prepared_in_worker_processes_stores_what_one_process_stores(db_url: str, tmp_path: Path) -> None:
    """Twenty real files (.txt/.md/.docx/.pdf, a bad one among them): the parallel path (worker processes
    prepare, two writer processes build the index) gives the same tasks, refusals and answers as one process."""
    folder = tmp_path / "in"
    folder.mkdir()
    for f in [*SEEDS.iterdir(), *FORMS.iterdir()]:
        if f.suffix in {".txt", ".md", ".docx", ".pdf"}:
            shutil.copy(f, folder / f.name)
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 not really")
    results = {}
    for workers in (1, 2):
        settings = load_settings(data_dir=tmp_path / f"data{workers}", database_url=db_url if workers == 2 else None,
                                 ingest_workers=workers, _env_file=None)
        s = Services.start(settings)
        try:
            outcomes = s.ingest([folder], confirm=True)
            hits = [h.path for h in s.index.search("báo cáo kết quả thực hiện trước ngày", limit=20)]
            results[workers] = ([(o.path.name, o.error is None) for o in outcomes], _stored(s), sorted(hits))
        finally:
            s.close()
    assert len(results[1][0]) >= 20 and ("hong.pdf", False) in results[1][0]
    assert results[1] == results[2]


def test_an_upload_and_a_batch_share_one_unchanged_check(svc: Services) -> None:
    """The Telegram upload (preview, then save) and `cchc ingest` store through bot.ingest: a file the batch
    stored is unchanged when uploaded, and the corpus version (what every index and cache follows) stays."""
    from bot import ingest
    from corpus.tracking import corpus_version

    seed = SEEDS / "004_cf6e948d9e8e915c.txt"
    [batch] = ingest.ingest(svc, [seed], update_index=False, confirm=True)
    assert batch.result is not None and batch.result.status == "added"
    with svc.sessions() as s:
        version = corpus_version(s)
    seen = ingest.preview(svc, seed.read_bytes(), seed.name)
    assert seen.replaces is None  # the same content: nothing to replace
    again = ingest.save(svc, seen.prepared)
    assert (again.status, again.document_id) == ("unchanged", batch.result.document_id)
    with svc.sessions() as s:
        assert corpus_version(s) == version
    changed = seed.read_text(encoding="utf-8").replace("15/02/2025", "20/02/2025").encode()
    seen = ingest.preview(svc, changed, seed.name)
    assert seen.replaces  # the stored version's title
    assert ingest.save(svc, seen.prepared).status == "replaced"
    with svc.sessions() as s:
        assert corpus_version(s) == version + 1

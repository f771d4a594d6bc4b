"""The schema: migrations match the models, and instances started together migrate one at a time."""
from __future__ import annotations

import multiprocessing as mp
import traceback

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import corpus.tracking  # noqa: F401  (its tables belong to the schema)
from corpus.db import make_engine, migrate
from corpus.models import Base

STARTERS = 4


def _start(url: str, barrier, errors) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """One instance starting: wait for the others, then bring the schema up to date."""
    engine = make_engine(url)
    try:
        barrier.wait(60)
        migrate(engine)
    except Exception:  # noqa: BLE001 - reported to the parent
        errors.put(traceback.format_exc(limit=3))
    finally:
        engine.dispose()


@pytest.mark.slow
def test_instances_started_together_on_an_empty_database_all_start(db_url: str) -> None:
    ctx = mp.get_context("spawn")
    barrier, errors = ctx.Barrier(STARTERS), ctx.Queue()
    procs = [ctx.Process(target=_start, args=(db_url, barrier, errors)) for _ in range(STARTERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == [] and [p.exitcode for p in procs] == [0] * STARTERS, "\n".join(failures)
    engine = make_engine(db_url)
    try:
        assert {"document", "task", "reminder", "corpus_state"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_upgrading_a_database_with_data_keeps_every_row(db_url: str) -> None:
    """0006 → head on a database holding a directive, its task, status and reminder: nothing is lost (a rebuilt
    table on SQLite would cascade its drop to the rows that refer to it)."""
    from alembic import command
    from sqlalchemy import text

    from corpus.db import _alembic_config

    engine = make_engine(db_url)
    try:
        cfg = _alembic_config(engine)
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006")
            conn.commit()
            conn.execute(text("INSERT INTO document (id, file_name, sha256, version, text, recipients, cc, "
                              "ingested_at) VALUES (1, 'a.txt', 'x', 1, 'Số: 1/KH-UBND', '[]', '[]', "
                              "CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO unit (id, key, name, kind, is_group, member_kinds, aliases) "
                              "VALUES (1, 'tu phap', 'Phòng Tư pháp', 'phòng', false, '[]', '[]')"))
            conn.execute(text("INSERT INTO task (id, document_id, ord, fingerprint, what, quote, section_path) "
                              "VALUES (1, 1, 0, 'f', 'Báo cáo', 'Báo cáo.', '1')"))
            conn.execute(text("INSERT INTO task_unit (id, task_id, unit_id, role, as_written, ord, partner) "
                              "VALUES (1, 1, 1, 'thực hiện', 'Phòng Tư pháp', 0, false)"))
            conn.execute(text("INSERT INTO task_status (id, task_id, unit_id, state) VALUES (1, 1, 1, 'done')"))
            conn.execute(text("INSERT INTO reminder (id, dedupe_key, kind, task_id, unit_id, chat_id, due_at, text, "
                              "state, attempts, created_at, active) VALUES (1, 'k', 'before', 1, 1, 5, "
                              "CURRENT_TIMESTAMP, '', 'sent', 1, CURRENT_TIMESTAMP, true)"))
            conn.commit()
        migrate(engine)
        with engine.connect() as conn:
            counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in ("document", "task", "task_unit", "task_status", "reminder")]
            review = conn.execute(text("SELECT review FROM task")).scalar()
    finally:
        engine.dispose()
    assert counts == [1, 1, 1, 1, 1] and review == "confirmed"

"""The schema: migrations match the models, and instances started together migrate one at a time."""
from __future__ import annotations

import multiprocessing as mp
import traceback

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from corpus.db import make_engine, migrate
from corpus.models import Base
import corpus.tracking  # noqa: F401  (its tables belong to the schema)

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

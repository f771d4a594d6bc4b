"""Shared fixtures: database URLs (SQLite always, PostgreSQL when configured), settings, ingested services."""
from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.services import Services
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "texts"
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("CCHC_TEST_DATABASE_URL")
REQUIRE_PG = os.environ.get("CCHC_REQUIRE_POSTGRES") == "1"
# The `cchc` console script of the code under test (run from ROOT): the venv's own `cchc` may be an editable
# install of another checkout (a git worktree beside the main one), whose migrations are not these.
CCHC_COMMAND = [sys.executable, "-m", "bot.cli"]


def _pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("CCHC_REQUIRE_POSTGRES=1 but CCHC_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set CCHC_TEST_DATABASE_URL)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        admin.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        yield from _pg_schema_url()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL database only (tests that exist for PostgreSQL behaviour)."""
    yield from _pg_schema_url()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a temporary data directory (SQLite), ignoring any .env of the developer."""
    return load_settings(data_dir=tmp_path / "data", _env_file=None)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = Services.start(settings)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the five seeds ingested and indexed once for the whole session."""
    data = tmp_path_factory.mktemp("seeded")
    svc = Services.start(load_settings(data_dir=data, _env_file=None))
    svc.ingest([SEEDS], confirm=True)  # as the first start reads the bundled samples
    svc.close()
    return data


@pytest.fixture
def seeded(seeded_dir: Path) -> Iterator[Services]:
    """Services over the shared seeded data directory (read-only use)."""
    svc = Services.start(load_settings(data_dir=seeded_dir, _env_file=None))
    yield svc
    svc.close()


_KNOWN_GAPS = Path(__file__).parent / "fixtures" / "forms" / "KNOWN_GAPS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Known gaps of the document-form checks run as strict xfails (listed in fixtures/forms/KNOWN_GAPS)."""
    if not _KNOWN_GAPS.exists():
        return
    gaps = {ln.strip() for ln in _KNOWN_GAPS.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}
    mark = pytest.mark.xfail(strict=True, reason="known gap of the reader (tests/fixtures/forms/KNOWN_GAPS)")
    for item in items:
        if item.nodeid in gaps:
            item.add_marker(mark)

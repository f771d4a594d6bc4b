"""Engines and sessions: SQLite (WAL) by default, PostgreSQL by URL, the schema kept by Alembic."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, CursorResult, Engine, Executable, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config


def make_engine(url: str, *, timeout: float = 30.0) -> Engine:
    """An engine for the URL; on SQLite: WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE.

    timeout: seconds a statement waits for a lock held by another process (SQLite) or for a connection
    to the server (PostgreSQL)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1].split("?", 1)[0]
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": timeout})
        _sqlite_hooks(engine, timeout)
        return engine
    connect_args = {"connect_timeout": max(1, round(timeout))} if url.startswith("postgresql+psycopg") else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_hooks(engine: Engine, timeout: float = 30.0) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: object) -> None:  # a DB-API connection: untyped by nature
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to the engine; the caller owns commit and close."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("corpus") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


MIGRATION_LOCK = 0x43434843_0001  # a PostgreSQL advisory lock key of this project ("CCHC", 1)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on an empty database).

    Several instances may start at once: on PostgreSQL they take turns under an advisory lock (the second
    finds the schema up to date); on SQLite one BEGIN IMMEDIATE
    transaction around the whole upgrade serialises them."""
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.connect() as conn:
        locked = conn.dialect.name == "postgresql"
        if locked:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()
        try:
            if not locked:
                conn.begin()  # BEGIN IMMEDIATE: the whole upgrade is one write transaction (Alembic sees it as
                # external and does not split it per migration, which let a second instance interleave)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if locked:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                conn.commit()


def rows_changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE in the session and say how many rows it changed."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult), "a DML statement returns a cursor result"
    return result.rowcount

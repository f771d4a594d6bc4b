"""The composition of the application's services: one object built once from the settings."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from corpus import models as m
from corpus.db import make_engine, migrate, session_factory
from corpus.errors import UserError
from corpus.reading import SUPPORTED_EXTENSIONS
from corpus.store import IngestResult, Knowledge, ingest_file
from corpus.units import load_registry

log = logging.getLogger(__name__)


@dataclass
class IngestOutcome:
    """What happened to one file: a result, or the Vietnamese reason it was refused."""

    path: Path
    result: IngestResult | None = None
    error: str | None = None


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    knowledge: Knowledge
    _index: object | None = field(default=None, repr=False)
    _answers: object | None = field(default=None, repr=False)
    _index_built_now: bool = field(default=False, repr=False)

    @classmethod
    def start(cls, settings: Settings) -> Services:
        """Open the database (creating or upgrading its schema) and load the unit registry."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.db_url)
        migrate(engine)
        knowledge = Knowledge(registry=load_registry(settings.data_dir / "units.yaml"))
        return cls(settings, engine, session_factory(engine), knowledge)

    @property
    def index(self):  # type: ignore[no-untyped-def]
        """The search index (opened on first use; built from the database when missing)."""
        if self._index is None:
            from index.searching import SearchIndex

            self._index = SearchIndex(self.settings.index_dir)
            with self.sessions() as session:
                self._index_built_now = self._index.ensure(session)
        return self._index

    @property
    def answers(self):  # type: ignore[no-untyped-def]
        """The answer service (its task catalogue is loaded on first question)."""
        if self._answers is None:
            from bot.answering.service import AnswerService

            self._answers = AnswerService(self)
        return self._answers

    def document_count(self) -> int:
        with self.sessions() as s:
            return s.scalar(select(func.count(m.Document.id))) or 0

    def ingest(self, paths: Iterable[Path], *, on_file: Callable[[IngestOutcome], None] | None = None,
               update_index: bool = True) -> list[IngestOutcome]:
        """Ingest files and folders; each file in its own transaction; a bad file does not stop the batch."""
        outcomes = []
        changed: list[int] = []
        for path in expand_paths(paths):
            outcome = self._ingest_one(path)
            if outcome.result and outcome.result.status != "unchanged":
                changed.append(outcome.result.document_id)
            outcomes.append(outcome)
            if on_file:
                on_file(outcome)
        if changed and update_index:
            opened_now = self._index is None
            index = self.index  # opening builds it from the database (changes included) when it is missing
            if not (opened_now and self._index_built_now):
                with self.sessions() as session:
                    index.update_documents(session, changed)
        if changed and self._answers is not None:
            self._answers.refresh()
        return outcomes

    def _ingest_one(self, path: Path) -> IngestOutcome:
        try:
            with self.sessions() as session, session.begin():
                result = ingest_file(session, path, self.knowledge, max_bytes=self.settings.max_file_bytes)
            return IngestOutcome(path, result=result)
        except UserError as exc:
            return IngestOutcome(path, error=exc.message)

    def close(self) -> None:
        self.engine.dispose()


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files of folders (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_EXTENSIONS))
        else:
            out.append(p)
    return out

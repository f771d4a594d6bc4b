"""The composition of the application's services: one object built once from the settings."""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from corpus import models as m
from corpus.db import make_engine, migrate, session_factory
from corpus.errors import UserError
from corpus.store import Knowledge
from corpus.tracking import bump_corpus_version, corpus_version
from corpus.units import load_registry

if TYPE_CHECKING:
    import datetime as dt

    from bot.ingest import IngestOutcome
    from bot.review import Actor
    from bot.superseded import NotedAnswers
    from bot.withdrawal import Withdrawn
    from index.searching import BuildReport, SearchIndex

log = logging.getLogger(__name__)


class ServiceUnavailable(UserError):
    """Something outside the program failed (database, Telegram, the network): a Vietnamese sentence, exit 3."""

    exit_code = 3


@dataclass
class Services:
    """The database, the unit registry, the search index and the answer service of one process.

    The database is the one truth: the corpus version in it (corpus.tracking.CorpusState) tells whether the
    index of this data directory and the caches of this process are behind; `sync` brings them up to date
    (incrementally: only the documents whose version changed), so an upload on another instance, or a
    document stored by an ingest killed before it could index it, is found before the next answer."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    knowledge: Knowledge
    _index: SearchIndex | None = field(default=None, repr=False)
    _answers: NotedAnswers | None = field(default=None, repr=False)
    _answers_version: int | None = field(default=None, repr=False)
    _index_version: int | None = field(default=None, repr=False)
    _sync_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def start(cls, settings: Settings) -> Services:
        """Open the database (creating or upgrading its schema) and load the unit registry.

        A data directory that cannot be used, or a database that cannot be reached, read or written, is a
        UserError (one Vietnamese sentence), not a traceback."""
        prepare_data_dir(settings.data_dir)
        engine = None
        try:
            engine = make_engine(settings.db_url, timeout=settings.db_timeout)
            migrate(engine)
        except (SQLAlchemyError, ArgumentError) as exc:
            if engine is not None:
                engine.dispose()
            raise database_failure(exc, settings.db_url) from None
        knowledge = Knowledge(registry=load_registry(settings.data_dir / "units.yaml"))
        return cls(settings, engine, session_factory(engine), knowledge)

    @property
    def index(self) -> SearchIndex:
        """The search index, up to date with the database (built from it when missing or broken)."""
        self.sync_index()
        assert self._index is not None
        return self._index

    @property
    def answers(self) -> NotedAnswers:
        """The answer service, its caches up to date with the database (loaded on first question)."""
        version = self.sync_index()
        if self._answers is None:
            from bot.answering.service import AnswerService
            from bot.superseded import NotedAnswers

            self._answers = NotedAnswers(AnswerService(self), self.sessions)  # notes on superseded sources
        elif self._answers_version != version:
            self._answers.refresh()  # another instance (or process) changed the corpus
        self._answers_version = version
        return self._answers

    def document_count(self) -> int:
        with self.sessions() as s:
            return s.scalar(select(func.count(m.Document.id))) or 0

    # -------------------------------------------------------------- the index follows the database

    def _open_index(self) -> SearchIndex:
        """The index of this data directory, opened once; built from the database when missing or broken."""
        if self._index is None:
            from index.searching import SearchIndex

            index = SearchIndex(self.settings.index_dir)
            with self.sessions() as session:
                snapshot = corpus_snapshot(session)
                built = index.ensure(session)
            if built:
                self._record(index, snapshot)
                self._index_version = snapshot[0]
                if getattr(index, "damaged", None):
                    log.warning("the search index was damaged (%s) and has been rebuilt", index.damaged)
                    note(f"Chỉ mục tìm kiếm trong {self.settings.index_dir} bị hỏng nên đã được dựng lại từ CSDL; "
                         "kết quả tìm kiếm vẫn đầy đủ.")
            self._index = index
        return self._index

    def sync_index(self) -> int:
        """Bring the index up to date with the corpus version in the database; return that version."""
        with self.sessions() as session:
            version = corpus_version(session)
        if self._index is not None and version == self._index_version:
            return version
        with self._sync_lock:
            index = self._open_index()
            if version == self._index_version:
                return version
            state = index_state(index)
            if state is None or state.get("version") != version:
                with self.sessions() as session:
                    version, documents = corpus_snapshot(session)
                known = (state or {}).get("documents", {})
                changed = sorted({int(d) for d in known} ^ {int(d) for d in documents}
                                 | {int(d) for d, tag in documents.items() if known.get(d) != tag})
                if changed:
                    log.info("index: bringing %d document(s) up to corpus version %d", len(changed), version)
                    with self.sessions() as session:
                        index.update_documents(session, changed)
                self._record(index, (version, documents))
            self._index_version = version
            return version

    def rebuild_index(self) -> BuildReport:
        """Rebuild the index from the database, from scratch (`cchc reindex`); returns the build report."""
        from index.searching import SearchIndex

        with self._sync_lock:
            if self._index is None:
                self._index = SearchIndex(self.settings.index_dir)
            index = self._index
            with self.sessions() as session:
                snapshot = corpus_snapshot(session)
                report = index.rebuild(session)
            self._record(index, snapshot)
            self._index_version = snapshot[0]
            return report

    @staticmethod
    def _record(index: SearchIndex, snapshot: tuple[int, dict[str, str]]) -> None:
        """Write down which corpus version the index's current generation holds."""
        from index.storage import Generations

        generations = Generations(index.index_dir)
        name = generations.current_name()
        if name:
            generations.write_state(name, {"version": snapshot[0], "documents": snapshot[1]})

    def ingest(self, paths: Iterable[Path], *, on_file: Callable[[IngestOutcome], None] | None = None,
               update_index: bool = True, confirm: bool | None = None) -> list[IngestOutcome]:
        """Ingest files and folders with these services: bot.ingest.ingest, the one way files get in."""
        from bot.ingest import ingest

        return ingest(self, paths, on_file=on_file, update_index=update_index, confirm=confirm)

    def withdraw(self, ref: str, actor: Actor, now: dt.datetime | None = None) -> Withdrawn:
        """Withdraw a stored directive by id, file name or number (bot.withdrawal), then update the index."""
        import datetime as dt

        from bot.documents import find_document
        from bot.withdrawal import withdraw

        with self.sessions() as session, session.begin():
            done = withdraw(session, find_document(session, ref), actor, now or dt.datetime.now(dt.UTC))
            bump_corpus_version(session)
        self.sync_index()
        return done

    def close(self) -> None:
        self.engine.dispose()


def corpus_snapshot(session: Session) -> tuple[int, dict[str, str]]:
    """The corpus version and, per document id, a tag that changes whenever the document is replaced."""
    version = corpus_version(session)
    rows = session.execute(select(m.Document.id, m.Document.version, m.Document.sha256))
    return version, {str(i): f"{v}:{sha[:16]}" for i, v, sha in rows}


def index_state(index: SearchIndex) -> dict[str, Any] | None:
    """What the index's current generation holds (None when unknown: an index older than this record)."""
    from index.storage import Generations

    generations = Generations(index.index_dir)
    return generations.read_state(generations.current_name())


def note(text: str) -> None:
    """A Vietnamese note for the operator on standard error (and in the log)."""
    log.info("%s", text)
    print(text, file=sys.stderr, flush=True)


def prepare_data_dir(path: Path) -> None:
    """Create the data directory; a Vietnamese error when it is a file or cannot be created."""
    if path.exists() and not path.is_dir():
        raise UserError(f"CCHC_DATA_DIR ({path}) là một tệp, không phải thư mục; hãy đặt CCHC_DATA_DIR là một "
                        "thư mục (ví dụ ./data).")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (NotADirectoryError, FileExistsError):
        raise UserError(f"Không tạo được thư mục dữ liệu {path}: một phần của đường dẫn là tệp chứ không phải "
                        "thư mục; hãy sửa CCHC_DATA_DIR.") from None
    except OSError as exc:
        raise ServiceUnavailable(f"Không tạo được thư mục dữ liệu {path} ({exc.strerror or exc}); hãy kiểm tra "
                                 "quyền ghi hoặc đặt CCHC_DATA_DIR sang thư mục khác.") from None


def where(url: str | None) -> str:
    """The database as an operator knows it: the SQLite file, or PostgreSQL's host, port and name (no password)."""
    if not url:
        return "CSDL"
    try:
        u = make_url(url)
    except ArgumentError:
        return "CSDL"
    if u.get_backend_name() == "sqlite":
        return f"SQLite {u.database}"
    return f"PostgreSQL {u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


_DB_FAILURES = (
    (("readonly database", "read-only", "read only"),
     "{db} chỉ cho phép đọc: hãy cấp quyền ghi cho tệp CSDL và thư mục chứa nó (trợ lý cần ghi để lưu văn bản "
     "và nhắc việc)."),
    (("database is locked", "database table is locked"),
     "{db} đang bị một tiến trình khác khóa quá lâu; hãy đợi tiến trình đó xong (hoặc dừng nó) rồi chạy lại."),
    (("unable to open database file",),
     "Không mở được {db}: hãy kiểm tra đường dẫn và quyền truy cập của tệp và thư mục."),
    (("file is not a database", "database disk image is malformed"),
     "{db} bị hỏng hoặc không phải tệp CSDL SQLite; hãy khôi phục từ bản sao lưu."),
    (("password authentication failed", "authentication failed", "no password supplied"),
     "{db} từ chối đăng nhập: hãy kiểm tra tên người dùng và mật khẩu trong CCHC_DATABASE_URL."),
    (("does not exist",),
     "{db}: cơ sở dữ liệu hoặc người dùng trong CCHC_DATABASE_URL không tồn tại; hãy tạo trước hoặc sửa URL."),
    (("connection refused", "could not connect", "connection failed", "timeout expired", "name or service not known",
      "could not translate host name", "server closed the connection", "no route to host", "network is unreachable",
      "connection timed out", "temporary failure in name resolution"),
     "Không kết nối được tới {db}: máy chủ CSDL chưa chạy hoặc không tới được; hãy kiểm tra máy chủ và "
     "CCHC_DATABASE_URL."),
    (("can't load plugin", "could not parse", "invalid url", "no module named"),
     "CCHC_DATABASE_URL không hợp lệ: hãy dùng dạng postgresql+psycopg://người_dùng@máy:5432/tên_csdl."),
)


def database_failure(exc: BaseException, url: str | None = None) -> ServiceUnavailable:
    """A database failure as one Vietnamese sentence (the details go to the log)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    log.info("database failure: %s", exc)
    for needles, message in _DB_FAILURES:
        if any(n in text for n in needles):
            return ServiceUnavailable(message.format(db=where(url)))
    return ServiceUnavailable(f"Lỗi cơ sở dữ liệu ({type(getattr(exc, 'orig', None) or exc).__name__}) với "
                              f"{where(url)}; xem nhật ký để biết chi tiết.")



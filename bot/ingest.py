"""The one way a directive file gets in: preview, save, ingest.

Every path — `cchc ingest`, the first start reading the bundled samples, a coordinator's upload on Telegram —
goes through the same steps, so none can forget one:

    read → prepare (parse + extract, no database) → in one transaction: unchanged? → store → corpus version
    → the index and the answers' caches brought up to date (Services.sync_index)

The corpus version raised in the storing transaction is what tells every process (this one, another instance,
a restart after a crash before indexing) that its index and caches are behind; `Services.sync_index` and
`Services.answers` catch up from it.

- `preview` reads and prepares bytes without storing them (the Telegram upload shows this before «Lưu»);
- `save` stores one prepared document, then updates the index;
- `ingest` reads a batch of files and folders (in worker processes when it is big), one transaction a file.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import Services
from corpus import models as m
from corpus.errors import UserError
from corpus.reading import SUPPORTED_EXTENSIONS, read_bytes, read_document
from corpus.store import IngestResult, Knowledge, PreparedDocument, learn_localities, prepare, store, unchanged
from corpus.tracking import bump_corpus_version

# A batch of this many files or more is prepared in worker processes (starting them costs ~0.1 s).
PARALLEL_FROM = 8
# What preparing one file gave: the prepared document, the stored result of an unchanged file, or the refusal.
PreparedStep = PreparedDocument | IngestResult | str


@dataclass
class IngestOutcome:
    """What happened to one file: a result, or the Vietnamese reason it was refused."""

    path: Path
    result: IngestResult | None = None
    error: str | None = None


@dataclass
class Preview:
    """A file read and understood but not stored; `replaces` is the title of a stored file of the same name."""

    prepared: PreparedDocument
    replaces: str | None


def review_state(services: Services, confirm: bool | None = None) -> str:
    """The review state of newly read tasks: confirmed when asked to or when CCHC_AUTO_CONFIRM is on."""
    return "confirmed" if (services.settings.auto_confirm if confirm is None else confirm) else "pending"


def store_prepared(session: Session, prepared: PreparedDocument, review: str) -> IngestResult:
    """In the caller's transaction: nothing when the same file is stored already, else store it and raise the
    corpus version (which tells every process that its index and caches are behind)."""
    result = unchanged(session, prepared.raw) or store(session, prepared, review=review)
    if result.status != "unchanged":
        bump_corpus_version(session)
    return result


# ------------------------------------------------------------------ one file (the Telegram upload)


def preview(services: Services, data: bytes, file_name: str) -> Preview:
    """Read and understand a file's bytes without storing anything."""
    raw = read_bytes(data, file_name, max_bytes=services.settings.max_file_bytes)
    with services.sessions() as session:
        learn_localities(session, services.knowledge.gazetteer)
        existing = session.scalar(select(m.Document).where(m.Document.file_name == raw.file_name))
        replaces = existing.title() if existing is not None and existing.sha256 != raw.sha256 else None
    return Preview(prepare(raw, services.knowledge), replaces)


def save(services: Services, prepared: PreparedDocument, *, confirm: bool | None = None) -> IngestResult:
    """Store a previewed document (one transaction), then bring the index and the caches up to date."""
    with services.sessions() as session, session.begin():
        result = store_prepared(session, prepared, review_state(services, confirm))
    services.sync_index()
    return result


def save_bytes(services: Services, data: bytes, file_name: str) -> IngestResult:
    """Read a kept file again (a preview is not kept: any instance may be asked to save it) and save it."""
    return save(services, preview(services, data, file_name).prepared)


# ------------------------------------------------------------------ a batch (the CLI, the first start)


def ingest(services: Services, paths: Iterable[Path], *, on_file: Callable[[IngestOutcome], None] | None = None,
           update_index: bool = True, confirm: bool | None = None) -> list[IngestOutcome]:
    """Ingest files and folders; each file in its own transaction; a bad file does not stop the batch.

    confirm: whether the new tasks are confirmed at once (None: CCHC_AUTO_CONFIRM decides); pending ones
    are reminded only once the coordinator confirms them (bot.review).

    Each stored file raises the corpus version in its own transaction, so the index catches up with it
    even if this process is killed before it gets to the index (the next start finds it)."""
    outcomes = []
    files = expand_paths(paths)
    review = review_state(services, confirm)
    steps = _prepared_in_parallel(services, files) if _workers(services, len(files)) > 1 else None
    for path in files:
        step = _prepare_here(services, path) if steps is None else next(steps)
        outcome = _store_step(services, path, step, review)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    if update_index:
        services.sync_index()
    return outcomes


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files of folders (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_EXTENSIONS))
        else:
            out.append(p)
    return out


def _prepare_here(services: Services, path: Path) -> PreparedStep:
    """Read, check against the database and prepare one file in this process."""
    try:
        raw = read_document(path, max_bytes=services.settings.max_file_bytes)
    except UserError as exc:
        return exc.message
    with services.sessions() as session:
        same = unchanged(session, raw)
        if same is not None:
            return same
        learn_localities(session, services.knowledge.gazetteer)
    try:
        return prepare(raw, services.knowledge)
    except UserError as exc:
        return exc.message


def _store_step(services: Services, path: Path, step: PreparedStep, review: str) -> IngestOutcome:
    if isinstance(step, str):
        return IngestOutcome(path, error=step)
    if isinstance(step, IngestResult):
        return IngestOutcome(path, result=step)
    try:
        with services.sessions() as session, session.begin():
            return IngestOutcome(path, result=store_prepared(session, step, review))
    except UserError as exc:
        return IngestOutcome(path, error=exc.message)


def _workers(services: Services, files: int) -> int:
    """Processes that read and prepare files beside this one: CCHC_INGEST_WORKERS (0: one per CPU, at most
    4), and only for a batch big enough to pay for starting them."""
    if files < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    wanted = services.settings.ingest_workers or min(4, os.cpu_count() or 1)
    return max(1, min(wanted, files))


def _prepared_in_parallel(services: Services, files: list[Path]) -> Iterator[PreparedStep]:
    """Each file read, checked against the database and prepared (parse + extract) in worker processes,
    in the order given; storing stays in this process, one transaction a file."""
    import multiprocessing

    with services.sessions() as session:
        learn_localities(session, services.knowledge.gazetteer)
        todo: list[Path] = []
        known: dict[Path, PreparedStep] = {}
        for path in files:
            try:
                raw = read_document(path, max_bytes=services.settings.max_file_bytes)
            except UserError as exc:
                known[path] = exc.message
                continue
            same = unchanged(session, raw)
            if same is not None:
                known[path] = same
            else:
                todo.append(path)
    global _WORKER_KNOWLEDGE, _WORKER_MAX_BYTES
    _WORKER_KNOWLEDGE, _WORKER_MAX_BYTES = services.knowledge, services.settings.max_file_bytes
    _warm_up_for_workers()
    ctx = multiprocessing.get_context("fork")  # workers inherit the loaded registry, gazetteer and pyvi
    with ctx.Pool(_workers(services, len(todo))) as pool:
        prepared = pool.imap(_prepare_worker, todo, chunksize=1)
        for path in files:
            yield known[path] if path in known else next(prepared)


_WORKER_KNOWLEDGE: Knowledge | None = None
_WORKER_MAX_BYTES = 0


def _warm_up_for_workers() -> None:
    """Load what every worker needs once, before forking (pyvi's model, the organisation vocabulary)."""
    from corpus.orgs import find_orgs
    from index.analysis import word_analyzer

    find_orgs("Sở Nội vụ")
    list(word_analyzer()("khởi động"))


def _prepare_worker(path: Path) -> PreparedStep:
    """In a worker process: read and prepare one file (errors come back as their Vietnamese message)."""
    try:
        raw = read_document(path, max_bytes=_WORKER_MAX_BYTES)
        assert _WORKER_KNOWLEDGE is not None
        return prepare(raw, _WORKER_KNOWLEDGE)
    except UserError as exc:
        return exc.message

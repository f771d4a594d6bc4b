"""The search index of sections and tasks: build, update and search; only the project's own types come out."""
from __future__ import annotations

import gc
import heapq
import html
import logging
import re
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from whoosh import collectors, highlight, scoring
from whoosh import query as wq
from whoosh.index import Index, LockError
from whoosh.searching import Searcher

from corpus.errors import CchcError
from index.analysis import folded_analyzer
from index.building import IndexCounts, replace_documents, write_all
from index.query import SearchPlan, Vocabulary, build_query, locality_filter, parse_query
from index.storage import Generations

log = logging.getLogger(__name__)
SNIPPET_CHARS = 240
SNIPPET_SURROUND = 60
SNIPPET_FRAGMENTS = 2
KINDS = ("section", "task")
RERANK_DEPTH = 100  # candidates scored by the whole query
CANDIDATE_CONTEXT_BOOST = 0.75  # as the re-ranker weighs a word of the nearest headings (CONTEXT_WEIGHT)
RERANK_FACTOR = 5
POSTINGS_CACHE = 50_000  # (field, term) postings kept per index generation
# BM25F; the exact fields hold a few keys per document, so their length must not weigh.
WEIGHTING = scoring.BM25F(B=0.75, K1=1.2, numbers_B=0.0, dates_B=0.0, context_B=0.0)


class IndexBusy(CchcError):
    """Another process held the index's writer lock for too long."""


@dataclass(frozen=True)
class Hit:
    """A section or a task that matches a query, with its source and a highlighted snippet.

    `snippet` is HTML-escaped text of the original (accented) document with matches in <b>…</b>;
    `plain_snippet` is the same without marks.
    """

    kind: str  # "section" | "task"
    id: int  # the section's or the task's id
    section_id: int | None
    task_id: int | None
    document_id: int
    score: float
    title: str
    locality: str
    path: str
    snippet: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)  # a passage's kind, heading path, lead, columns, cells
    context: str = ""

    @property
    def plain_snippet(self) -> str:
        return html.unescape(re.sub(r"</?b>", "", self.snippet))


@dataclass(frozen=True)
class BuildReport:
    """What a rebuild wrote and how long it took."""

    counts: IndexCounts
    seconds: float
    generation: str


class _BoldFormatter(highlight.Formatter):
    """Matches in <b>…</b>, the rest HTML-escaped (ready for Telegram's HTML mode)."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<b>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</b>"


@dataclass
class _Open:
    """The generation this process reads, with its searcher and vocabulary."""

    name: str
    ix: Index
    searcher: Searcher
    vocabulary: Vocabulary | None = None
    tasks: set[int] | None = None  # document numbers of the task records (not passages)
    postings: dict[tuple[str, str], Any] = field(default_factory=dict)  # (field, term) → document numbers
    stored: dict[int, dict[str, Any]] = field(default_factory=dict)  # document number → stored fields

    def forget(self) -> None:
        self.vocabulary, self.tasks = None, None
        self.postings, self.stored = {}, {}


class SearchIndex:
    """A Whoosh index of sections and tasks in `index_dir`, derived from the database and rebuildable."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._generations = Generations(self.index_dir)
        self._open: _Open | None = None
        self._lock = threading.RLock()
        self.damaged: str | None = None  # why the published generation could not be opened, if it could not

    # -------------------------------------------------------------- building

    def ensure(self, session: Session) -> bool:
        """Build from the database when the index is missing or of another schema version; True if built."""
        with self._lock:
            if self._reader() is not None:
                return False
            self.rebuild(session)
            return True

    def rebuild(self, session: Session) -> BuildReport:
        """Build a complete index aside from the database and publish it; the old one serves until then."""
        started = time.perf_counter()
        name, counts = self._generations.build(lambda ix: write_all(ix, session))
        with self._lock:
            self._close_reader()
        return BuildReport(counts, time.perf_counter() - started, name)

    def update_documents(self, session: Session, doc_ids: Sequence[int]) -> IndexCounts:
        """Replace the sections and tasks of these documents (removed documents simply disappear)."""
        with self._lock:
            current = self._generations.open_current()
            if current is None:
                return self.rebuild(session).counts
            _name, ix = current
            try:
                return replace_documents(ix, session, list(doc_ids))
            except LockError as exc:
                raise IndexBusy("the index is being written by another process") from exc
            finally:
                ix.close()

    # -------------------------------------------------------------- searching

    def search(self, query: str, *, locality: str | None = None, kind: str | None = None,
               limit: int = 10, documents: Sequence[int] | None = None, snippets: bool = True) -> list[Hit]:
        """The best passages and tasks for a query typed with or without diacritics ([] when none match).

        documents: only these directives (by id); snippets=False skips highlighting (faster)."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        with self._lock:
            reader = self._reader()
            if reader is None:
                return []
            parsed = parse_query(query)
            plan = build_query(parsed, self._vocabulary(reader), reader.searcher)
            if plan is None:
                return []
            terms = highlight_terms(plan.score) if snippets else None
            allow = _filter(locality, kind, documents)
            return [_hit(h, terms) for h in _run(reader.searcher, plan, limit, allow)]

    def candidates(self, terms: Sequence[str], *, limit: int = 100, documents: Sequence[int] | None = None,
                   weights: dict[str, float] | None = None) -> list[Hit]:
        """Passages holding the most (weighted) of these folded syllables, in their text or, counted
        CANDIDATE_CONTEXT_BOOST, their context: the cheap first stage of answering, re-ranked by the caller.

        Read straight from the index's postings (a plain OR query through Whoosh's matchers costs
        ~50 ms on 3,000 passages; this ~5 ms)."""
        with self._lock:
            reader = self._reader()
            if reader is None or not terms:
                return []
            r = reader.searcher.reader()
            allowed = self._documents_of(r, documents) if documents else None
            if reader.tasks is None:
                reader.tasks = set(self._ids_of(r, "kind", "task"))
            skip = reader.tasks
            acc: dict[int, float] = {}
            for t in dict.fromkeys(terms):
                w = (weights or {}).get(t, 1.0)
                for name, boost in (("text_fold", 1.0), ("context", CANDIDATE_CONTEXT_BOOST)):
                    for docnum in self._cached_ids(reader, r, name, t):
                        if docnum in skip or (allowed is not None and docnum not in allowed):
                            continue
                        acc[docnum] = acc.get(docnum, 0.0) + w * boost
            best = heapq.nlargest(limit, acc.items(), key=lambda kv: kv[1])
            return [_stored_hit(self._stored(reader, r, d), score) for d, score in best]

    def _cached_ids(self, reader: _Open, r: Any, name: str, term: str) -> Any:
        """A term's postings, read once per index generation (answers read the same few hundred terms)."""
        k = (name, term)
        ids = reader.postings.get(k)
        if ids is None:
            if len(reader.postings) > POSTINGS_CACHE:
                reader.postings.clear()
            ids = reader.postings[k] = tuple(self._ids_of(r, name, term))
        return ids

    @staticmethod
    def _stored(reader: _Open, r: Any, docnum: int) -> dict[str, Any]:
        """A record's stored fields, unpacked once per index generation."""
        fields = reader.stored.get(docnum)
        if fields is None:
            fields = reader.stored[docnum] = r.stored_fields(docnum)
        return fields

    def records(self, ids: Sequence[str]) -> list[Hit]:
        """The stored passages of these record ids ("p:<document>:<ord>"), in order; unknown ids are skipped."""
        with self._lock:
            reader = self._reader()
            if reader is None:
                return []
            out = []
            for rid in ids:
                docnum = reader.searcher.document_number(id=rid)
                if docnum is not None:
                    out.append(_stored_hit(self._stored(reader, reader.searcher.reader(), docnum), 0.0))
            return out

    @staticmethod
    def _ids_of(r: Any, field: str, text: str) -> set[int] | list[int]:
        try:
            return r.postings(field, text).all_ids()
        except Exception:  # a term the field does not hold  # noqa: BLE001
            return []

    def _documents_of(self, r: Any, documents: Sequence[int]) -> set[int]:
        out: set[int] = set()
        for d in documents:
            out.update(self._ids_of(r, "document_id", str(d)))
        return out

    def has_exact(self, syllable: str) -> bool:
        """Whether some indexed text holds this syllable exactly as written (tone marks and all)."""
        with self._lock:
            reader = self._reader()
            return reader is not None and reader.searcher.doc_frequency("text", syllable) > 0

    def has_phrase(self, syllables: Sequence[str]) -> bool:
        """Whether some indexed text or heading holds these folded syllables (one: the syllable; more: each
        adjacent pair — close to, not exactly, the phrase)."""
        with self._lock:
            reader = self._reader()
            if reader is None or not syllables:
                return False
            s = reader.searcher
            if len(syllables) == 1:
                return s.doc_frequency("text_fold", syllables[0]) + s.doc_frequency("context", syllables[0]) > 0
            return all(s.doc_frequency("pairs", p) + s.doc_frequency("context", p) > 0
                       for p in (f"{a} {b}" for a, b in pairwise(syllables)))

    def frequencies(self, terms: Sequence[str], fieldname: str = "text_fold") -> tuple[int, dict[str, int]]:
        """The number of indexed records and how many hold each (folded) term."""
        with self._lock:
            reader = self._reader()
            if reader is None:
                return 0, {t: 0 for t in terms}
            s = reader.searcher
            return s.doc_count(), {t: s.doc_frequency(fieldname, t) for t in terms}

    def vocabulary(self) -> Vocabulary:
        """The folded terms of the indexed text (empty when there is no index)."""
        with self._lock:
            reader = self._reader()
            return self._vocabulary(reader) if reader else Vocabulary(())

    @property
    def generation(self) -> str | None:
        """The name of the generation this object reads (None before the first search or when missing)."""
        return self._open.name if self._open else None

    def close(self) -> None:
        """Release the searcher and the index files."""
        with self._lock:
            self._close_reader()

    # -------------------------------------------------------------- internals

    def _reader(self) -> _Open | None:
        """The open generation, reopened when another build was published, refreshed after updates."""
        current = self._open
        if current is not None and current.name == self._generations.current_name():
            if current.searcher.up_to_date():
                return current
            if current.searcher.reader().segments() is not None:
                current.searcher = current.searcher.refresh()
                current.forget()
                return current
            # an index opened while it held no segment (Whoosh's empty reader cannot be refreshed): reopen
        self._close_reader()
        with warnings.catch_warnings():  # Whoosh leaves the file of a damaged segment open: let it go quietly
            warnings.simplefilter("ignore", ResourceWarning)
            opened = self._open_generation()
            if opened is None and self.damaged:
                gc.collect()
        if opened is None:
            return None
        name, ix, searcher = opened
        self._open = _Open(name, ix, searcher)
        return self._open

    def _open_generation(self) -> tuple[str, Index, Searcher] | None:
        """The published generation with a searcher; None when missing or damaged (ensure() then rebuilds it)."""
        ix = None
        try:
            opened = self._generations.open_current()
            if opened is None:
                return None
            name, ix = opened
            return name, ix, ix.searcher(weighting=WEIGHTING)
        except Exception as exc:  # noqa: BLE001 - a damaged generation reads as missing
            if ix is not None:
                ix.close()
            self.damaged = f"{type(exc).__name__}: {exc}"[:200]
            log.info("the search index in %s cannot be opened (%s)", self.index_dir, self.damaged)
            return None

    def _vocabulary(self, reader: _Open) -> Vocabulary:
        if reader.vocabulary is None:
            lexicon = reader.searcher.reader().lexicon("text_fold")
            reader.vocabulary = Vocabulary(t.decode("utf-8") for t in lexicon)
        return reader.vocabulary

    def _close_reader(self) -> None:
        if self._open is not None:
            self._open.searcher.close()
            self._open.ix.close()
            self._open = None


def _filter(locality: str | None, kind: str | None, documents: Sequence[int] | None = None) -> wq.Query | None:
    """Only this locality, kind and these directives (a locality without letters filters nothing)."""
    docs = wq.Or([wq.Term("document_id", str(d)) for d in documents]) if documents else None
    parts = [q for q in (locality_filter(locality) if locality else None,
                         wq.Term("kind", kind) if kind else None, docs) if q is not None]
    if len(parts) > 1:
        return wq.And(parts)
    return parts[0] if parts else None


def _run(searcher: Searcher, plan: SearchPlan, limit: int, allow: wq.Query | None) -> Any:
    """The top hits: the selective query picks candidates, the whole query scores them."""
    if plan.single:
        return _top(searcher, plan.score, limit, allow)
    candidates = _top(searcher, plan.select, max(RERANK_DEPTH, RERANK_FACTOR * limit), allow)
    if candidates.is_empty():
        return candidates
    chosen = wq.Or([wq.Term("id", h["id"], boost=0.0) for h in candidates])
    chosen.matcher_type = wq.Or.DEFAULT_MATCHER  # the array matcher takes a zero score for "no match"
    # Whoosh's AndMaybe matcher loses hits when the collector "replaces" it or skips blocks by quality
    return _top(searcher, wq.AndMaybe(chosen, plan.score), limit, None, optimize=False)


def _top(searcher: Searcher, q: wq.Query, limit: int, allow: wq.Query | None, optimize: bool = True) -> Any:
    collector: collectors.Collector = collectors.TopCollector(limit=limit, usequality=optimize,
                                                              replace=10 if optimize else 0)
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow=allow)
    searcher.search_with_collector(q, collector)
    return collector.results()


def highlight_terms(q: wq.Query) -> frozenset[str]:
    """The folded syllables to mark in a snippet: the query's syllables, and those of the phrases it stands for."""
    terms = set()
    for fieldname, text in q.iter_all_terms():
        value = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        if fieldname in ("text_fold", "pairs"):
            terms.update(value.split())
    return frozenset(terms)


def _snippet(text: str, terms: frozenset[str]) -> str:
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SNIPPET_SURROUND, charlimit=None)
    marked = highlight.highlight(text, terms, folded_analyzer(), fragmenter, _BoldFormatter(), top=SNIPPET_FRAGMENTS)
    return marked or _lead(text)


def _hit(h: Any, terms: frozenset[str] | None) -> Hit:
    text = h["text"]
    snippet = _snippet(text, terms) if terms is not None else ""
    kind = h["kind"]
    return Hit(
        kind=kind,
        id=h["task_id"] if kind == "task" else h["section_id"],
        section_id=h.get("section_id"),
        task_id=h.get("task_id"),
        document_id=int(h["document_id"]),
        score=float(h.score),
        title=h.get("title", ""),
        locality=h.get("locality", ""),
        path=h.get("path", ""),
        snippet=snippet,
        text=text,
        extra=h.get("extra") or {},
        context=_context_of(h.get("extra") or {}),
    )


def _context_of(extra: dict[str, Any]) -> str:
    """A passage's heading path and list lead, as one line."""
    return " / ".join(p for p in [*extra.get("headings", []), extra.get("lead", "")] if p)


def _stored_hit(fields: dict[str, Any], score: float) -> Hit:
    kind = fields["kind"]
    return Hit(kind=kind, id=fields["task_id"] if kind == "task" else fields["section_id"],
               section_id=fields.get("section_id"), task_id=fields.get("task_id"),
               document_id=int(fields["document_id"]), score=score, title=fields.get("title", ""),
               locality=fields.get("locality", ""), path=fields.get("path", ""), snippet="", text=fields["text"],
               extra=fields.get("extra") or {}, context=_context_of(fields.get("extra") or {}))


def _lead(text: str) -> str:
    """The opening of a text, when no match can be shown (a hit by number or date only)."""
    cut = text[:SNIPPET_CHARS]
    return html.escape(cut + ("…" if len(text) > SNIPPET_CHARS else ""), quote=False)

"""Index generations on disk: build aside, then publish by atomically replacing a pointer file.

Layout of the index directory::

    CURRENT           the name of the generation in use (written to a temp file, then os.replace)
    gen-<ns>-<pid>/   a complete Whoosh index (named INDEX_NAME, so a schema change is seen as missing)
        .state.json   what the generation holds, as its caller described it (written atomically; Whoosh
                      ignores dot files)
    .build-<uuid>/    a build in progress; never read, removed on failure

A reader that opened the previous generation keeps reading it; the previous one is kept until the next
build publishes, so a reader in another process is never left without an index.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index
from whoosh.index import Index

from index.schema import INDEX_NAME, IndexSchema

POINTER = "CURRENT"
STATE = ".state.json"
STALE_BUILD_SECONDS = 3600.0  # an older build directory was left by a crash

T = TypeVar("T")


class Generations:
    """The published generations of one index directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current_name(self) -> str | None:
        """The name in the pointer file (None when nothing was published)."""
        try:
            return (self.root / POINTER).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def open_current(self) -> tuple[str, Index] | None:
        """The published generation, opened; None when missing, broken or of another schema version."""
        name = self.current_name()
        if name is None:
            return None
        path = self.root / name
        if not path.is_dir() or not index.exists_in(str(path), indexname=INDEX_NAME):
            return None
        return name, index.open_dir(str(path), indexname=INDEX_NAME)

    def build(self, fill: Callable[[Index], T]) -> tuple[str, T]:
        """Create a fresh index aside, fill it, and publish it; on any error nothing is published."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".build-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            ix = index.create_in(str(tmp), IndexSchema(), indexname=INDEX_NAME)
            try:
                result = fill(ix)
            finally:
                ix.close()
            name = f"gen-{time.time_ns()}-{os.getpid()}"
            os.rename(tmp, self.root / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        previous = self.current_name()
        self._point_to(name)
        self.prune(keep={name, previous})
        return name, result

    def _point_to(self, name: str) -> None:
        _write_atomically(self.root / POINTER, name + "\n")

    def read_state(self, name: str | None) -> dict[str, Any] | None:
        """What a generation holds, as written by write_state (None when unknown or unreadable)."""
        if not name:
            return None
        try:
            state = json.loads((self.root / name / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def write_state(self, name: str, state: dict[str, Any]) -> None:
        """Record what a generation holds (atomically; a reader sees the old record or the new one)."""
        if (self.root / name).is_dir():
            _write_atomically(self.root / name / STATE, json.dumps(state, ensure_ascii=False))

    def prune(self, keep: set[str | None]) -> None:
        """Remove generations older than those kept, and build directories left by crashes.

        Only older generations go: a newer one may belong to a build that another process is publishing.
        """
        keep = {*keep, self.current_name()}
        stamps = [_stamp(n) for n in keep if n]
        cutoff = min(stamps) if stamps else 0
        now = time.time()
        for path in self.root.iterdir():
            old_generation = path.name.startswith("gen-") and path.name not in keep and _stamp(path.name) < cutoff
            stale_build = path.name.startswith(".build-") and now - path.stat().st_mtime > STALE_BUILD_SECONDS
            if old_generation or stale_build:
                shutil.rmtree(path, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _stamp(name: str) -> int:
    """The creation time (ns) in a generation's name 'gen-<ns>-<pid>' (0 when unreadable)."""
    try:
        return int(name.split("-")[1])
    except (IndexError, ValueError):
        return 0

"""Helpers shared by the measuring benches (eval, ingest, duties): where ../shared is, the shared scorer,
fresh data directories, child processes measured one by one, percentiles.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.ingest import IngestOutcome
    from bot.services import Services

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared folder: $CCHC_SHARED_DIR, else <repo>/../shared (it may not exist)."""
    env = os.environ.get("CCHC_SHARED_DIR")
    return Path(env).resolve() if env else (ROOT.parent / "shared").resolve()


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_scorer(shared: Path) -> ModuleType:
    """The shared scorer `eval/score.py`, imported from its file (never copied): `judge`, `unit_matches`, …"""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("cchc_shared_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_services(data_dir: Path) -> Services:
    """Services on a data directory of its own (SQLite there), ignoring .env and CCHC_DATABASE_URL."""
    from bot.services import Services
    from bot.settings import load_settings

    return Services.start(load_settings(data_dir=data_dir, database_url=None, _env_file=None))


_D = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """The text as typed without Vietnamese diacritics (đ→d); case, spacing and punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def pct(values: list[float], p: int) -> float:
    """The p-th percentile (inclusive method; the single value when there is one)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def cli() -> list[str]:
    """The `cchc` console script of this interpreter's environment (else `python -m bot.cli`, the same app)."""
    script = Path(sys.executable).with_name("cchc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def child_env(data_dir: Path | None = None) -> dict[str, str]:
    """The environment for a child `cchc`: this one, with the data dir set and no database URL override."""
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DATABASE_URL"}
    if data_dir is not None:
        env["CCHC_DATA_DIR"] = str(data_dir)
    return env


@dataclass
class ChildRun:
    """One child process: wall seconds, its own peak resident memory (MB), exit code, captured output."""

    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_child(cmd: list[str], env: dict[str, str] | None = None, *, capture_stdout: bool = False) -> ChildRun:
    """Run a command and measure it alone: os.wait4 gives this child's rusage (ru_maxrss, KB on Linux).

    Output goes to temporary files (a pipe could fill up while nobody reads it)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=out if capture_stdout else subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
        return ChildRun(seconds, rss_kb / 1024, proc.returncode,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


@dataclass
class Ingested:
    """An in-process ingest: seconds in all, of which reading and storing the files (the rest is the index),
    and one line per file refused or crashed."""

    seconds: float
    files_s: float
    problems: list[str]


def ingest_folder(services: Services, docs: Path) -> Ingested:
    """Ingest a folder in-process as `cchc ingest` does (Services.ingest: each file, then the index).

    A file whose reading raises (the code is being rewritten) is reported and left out, and the rest ingested
    again (what was already stored counts as unchanged; the index is built afterwards from the database)."""
    from bot.ingest import expand_paths, ingest

    files = expand_paths([docs])
    problems: list[str] = []
    started = time.perf_counter()
    last = [started]
    done: list[Path] = []

    def on_file(outcome: IngestOutcome) -> None:
        last[0] = time.perf_counter()
        done.append(outcome.path)

    while True:
        done.clear()
        try:
            outcomes = ingest(services, files, on_file=on_file)
            break
        except Exception as exc:  # noqa: BLE001 - a crash on one file must not hide the figures of the others
            bad = files[len(done)]
            problems.append(f"{bad.name}: CRASH {type(exc).__name__}: {shorten(str(exc), 80)}")
            files = [f for f in files if f != bad]
    problems += [f"{o.path.name}: refused: {o.error}" for o in outcomes if o.error]
    return Ingested(time.perf_counter() - started, last[0] - started, problems)


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def shorten(text: str | None, limit: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

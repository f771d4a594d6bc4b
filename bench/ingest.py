"""Ingest benchmark: (a) `cchc ingest` of the dev documents against pyvi segmentation alone, both as fresh
processes, with peak memory; (b) linearity: five batches of 40 letters of the same three districts, ingested
one after the other into the same data directory.

Run with `python -m bench.ingest` (`--only a` or `--only b` for one part). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from bench._shared import ROOT, child_env, cli, fresh_services, ingest_folder, run_child, shared_dir, shorten

TEXTS = ROOT / "corpus" / "texts"
BATCHES = 5
PER_BATCH = 40
GOAL, BAR = 2.0, 3.0
LINEAR_GOAL, LINEAR_BAR = 1.2, 1.5

# The baseline child: import pyvi, then segment every non-empty line of the given files, nothing else.
PYVI_ONLY = """
import json, sys, time
started = time.perf_counter()
from pyvi import ViTokenizer
imported = time.perf_counter()
lines = 0
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.strip():
                ViTokenizer.tokenize(line)
                lines += 1
print(json.dumps({"import_s": imported - started, "segment_s": time.perf_counter() - imported, "lines": lines}))
"""


# ---------------------------------------------------------------- (a) against pyvi alone


def part_a() -> None:
    import json

    from bot.ingest import expand_paths

    docs = shared_dir() / "dev" / "docs"
    print("== (a) cchc ingest of the dev documents vs pyvi segmentation alone (fresh processes)")
    if not docs.is_dir():
        print(f"skipped: {docs} not found (set CCHC_SHARED_DIR)")
        return
    files = expand_paths([docs])
    size_kb = sum(f.stat().st_size for f in files) / 1024
    with tempfile.TemporaryDirectory(prefix="cchc-bench-ingest-") as tmp:
        ingest = run_child([*cli(), "ingest", str(docs)], child_env(Path(tmp) / "data"))
    pyvi = run_child([sys.executable, "-c", PYVI_ONLY, *map(str, files)], child_env(), capture_stdout=True)
    inner = json.loads(pyvi.stdout) if pyvi.returncode == 0 else {}
    print(f"{len(files)} files, {size_kb:.0f} KB")
    print(f"cchc ingest (read, extract, store, build the index): {ingest.seconds:.1f} s, "
          f"peak memory {ingest.max_rss_mb:.0f} MB, exit code {ingest.returncode}")
    if ingest.returncode != 0:
        last = [ln for ln in ingest.stderr.splitlines() if ln.strip()][-1:] or [""]
        print(f"   !! ingest did not finish cleanly: {shorten(last[0], 140)}")
    print(f"pyvi alone: {pyvi.seconds:.1f} s, peak memory {pyvi.max_rss_mb:.0f} MB"
          + (f" (import {inner['import_s']:.1f} s + segmenting {inner['lines']} lines {inner['segment_s']:.1f} s)"
             if inner else f", exit code {pyvi.returncode}"))
    ratio = ingest.seconds / pyvi.seconds
    print(f"ratio ingest/pyvi {ratio:.2f} (goal ≤ {GOAL:g}, bar ≤ {BAR:g})"
          + ("  -- not meaningful: the ingest stopped early" if ingest.returncode else ""))


# ---------------------------------------------------------------- (b) linearity


def distinct_copy(text: str, n: int) -> str:
    """A copy of a directive that no other copy equals: its number line reads "Số: n/…" and one sentence
    carries the copy's number. The districts and everything else stay as they are."""
    text, done = re.subn(r"^(\s*Số:\s*)[^/\n]*/", lambda m: f"{m.group(1)}{n}/", text, count=1, flags=re.M)
    if not done:
        text = f"Số: {n}/UBND\n{text}"
    lines = text.split("\n")
    for i, line in enumerate(lines[5:], start=5):
        if len(line.split()) >= 12 and line.rstrip().endswith("."):
            lines[i] = line.rstrip()[:-1] + f" (bản số {n})."
            break
    return "\n".join(lines)


def write_batches(folder: Path) -> list[Path]:
    """Five folders of 40 letters: 8 distinct copies of each of the five sample directives."""
    seeds = sorted(TEXTS.glob("*.txt"))
    out = []
    n = 0
    for b in range(BATCHES):
        batch = folder / f"batch{b + 1}"
        batch.mkdir(parents=True)
        for i in range(PER_BATCH):
            seed = seeds[i % len(seeds)]
            n += 1
            (batch / f"{n:03d}_{seed.name}").write_text(distinct_copy(seed.read_text(encoding="utf-8"), n),
                                                         encoding="utf-8")
        out.append(batch)
    return out


def part_b() -> None:
    from sqlalchemy import func, select

    from corpus import models as m

    print(f"== (b) linearity: {BATCHES} batches of {PER_BATCH} letters of the same three districts, "
          "one after the other into one data directory")
    print("   in-process: per batch a fresh Services.start + Services.ingest(batch folder), what one "
          "`cchc ingest BATCH` runs, without the interpreter start; warmed up first on a throw-away data dir")
    with tempfile.TemporaryDirectory(prefix="cchc-bench-linear-") as tmpdir:
        tmp = Path(tmpdir)
        batches = write_batches(tmp / "in")
        warm = fresh_services(tmp / "warm")
        ingest_folder(warm, TEXTS)
        warm.close()
        data = tmp / "data"
        seconds = []
        for b, batch in enumerate(batches, start=1):
            started = time.perf_counter()
            services = fresh_services(data)
            done = ingest_folder(services, batch)
            seconds.append(time.perf_counter() - started)
            index_s = done.seconds - done.files_s
            with services.sessions() as s:
                docs = s.scalar(select(func.count(m.Document.id)))
                tasks = s.scalar(select(func.count(m.Task.id)))
                units = s.scalar(select(func.count(m.Unit.id)))
                localities = s.scalar(select(func.count(m.Locality.id)))
            services.close()
            print(f"batch {b}: {seconds[-1]:5.1f} s = files {done.files_s:.1f} s + index {index_s:.1f} s "
                  f"+ start {seconds[-1] - done.seconds:.1f} s  (then {docs} documents, {tasks} tasks, "
                  f"{units} units, {localities} localities)", flush=True)
            for line in done.problems:
                print(f"   !! {line}")
    print(f"last/first {seconds[-1] / seconds[0]:.2f} (goal ≤ {LINEAR_GOAL:g}, bar ≤ {LINEAR_BAR:g}); "
          f"max/min {max(seconds) / min(seconds):.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["a", "b"], help="a: ingest vs pyvi alone; b: linearity")
    args = ap.parse_args(argv or [])
    started = time.perf_counter()
    if args.only in (None, "a"):
        part_a()
    if args.only in (None, "b"):
        part_b()
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

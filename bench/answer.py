"""Answer benchmark: p50/p95 answer time, warm, on the bundled corpus and on a ≥10,000-section synthetic one.

The synthetic corpus re-issues the five seeds for many districts (names and dates changed, seeded random),
ingests them like real files and indexes them. Run with `python -m bench.answer`. Prints figures only.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus.localities import default_gazetteer

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpus" / "texts"
QUESTIONS = ROOT / "tests" / "fixtures" / "eval" / "seed_questions.jsonl"
SEED = 20241022
TARGET_SECTIONS = 10_000
ORIGINAL_PLACES = {"Vĩnh Linh": "Quảng Trị", "Bạch Thông": "Bắc Kạn", "Mê Linh": "Hà Nội"}


def questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def timed_answers(services: Services, qs: list[dict], rounds: int = 3) -> list[float]:
    """Milliseconds per question, warm (the first pass loads the catalogue and is not counted)."""
    answers = services.answers
    for q in qs:
        answers.ask(q["question"], today=_today(q))
    out = []
    for _ in range(rounds):
        for q in qs:
            started = time.perf_counter()
            answers.ask(q["question"], today=_today(q))
            out.append((time.perf_counter() - started) * 1000)
    return out


def _today(q: dict) -> dt.date | None:
    return dt.date.fromisoformat(q["today"]) if q.get("today") else None


def synthetic_corpus(folder: Path, sections_per_seed: dict[str, int]) -> int:
    """Write re-issued copies of the seeds for other districts until about TARGET_SECTIONS sections."""
    rng = random.Random(SEED)
    gaz = default_gazetteer()
    districts = sorted(gaz.district_province.items())
    seeds = sorted(TEXTS.glob("*.txt"))
    total, n = 0, 0
    while total < TARGET_SECTIONS:
        seed = seeds[n % len(seeds)]
        _key, province = districts[rng.randrange(len(districts))]
        district = f"Khu {n:04d}"
        text = seed.read_text(encoding="utf-8")
        for old, old_province in ORIGINAL_PLACES.items():
            text = text.replace(old, district).replace(old_province, province)
        shift = rng.randrange(-200, 200)
        text = re.sub(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b", partial(_shift, days=shift), text)
        (folder / f"syn_{n:04d}_{seed.name}").write_text(text, encoding="utf-8")
        total += sections_per_seed[seed.name]
        n += 1
    return n


def _shift(mt: re.Match, days: int) -> str:
    try:
        d = dt.date(int(mt.group(3)), int(mt.group(2)), int(mt.group(1))) + dt.timedelta(days=days)
    except ValueError:
        return mt.group(0)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def report(label: str, ms: list[float], goal: float) -> None:
    p50 = statistics.median(ms)
    p95 = statistics.quantiles(ms, n=20)[18]
    print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(ms):.1f} ms over {len(ms)} answers "
          f"(goal p95 ≤ {goal:.0f} ms)")


def slowest(services: Services, qs: list[dict], k: int = 5) -> list[tuple[float, str]]:
    out = []
    for q in qs:
        started = time.perf_counter()
        services.answers.ask(q["question"], today=_today(q))
        out.append(((time.perf_counter() - started) * 1000, q["question"]))
    return sorted(out, reverse=True)[:k]


def main() -> None:
    qs = questions()
    with tempfile.TemporaryDirectory() as tmp:
        small = Services.start(load_settings(data_dir=Path(tmp) / "small", _env_file=None))
        small.ingest([TEXTS])
        with small.sessions() as s:
            per_seed = {d.file_name: len(d.sections) for d in s.scalars(select(m.Document))}
        print("== Answering (warm; the sample questions of tests/fixtures/eval)")
        report("bundled corpus (5 directives)", timed_answers(small, qs), 100)
        for ms, question in slowest(small, qs, 3):
            print(f"   slowest: {ms:.1f} ms  {question}")
        folder = Path(tmp) / "syn"
        folder.mkdir()
        n = synthetic_corpus(folder, per_seed)
        big = Services.start(load_settings(data_dir=Path(tmp) / "big", _env_file=None))
        started = time.perf_counter()
        big.ingest([folder])
        with big.sessions() as s:
            sections = s.scalar(select(func.count(m.Section.id)))
            tasks = s.scalar(select(func.count(m.Task.id)))
        print(f"synthetic corpus: {n} directives, {sections} sections, {tasks} tasks; "
              f"ingest + index {time.perf_counter() - started:.1f} s")
        report("synthetic corpus", timed_answers(big, qs, rounds=2), 200)
        for ms, question in slowest(big, qs, 3):
            print(f"   slowest: {ms:.1f} ms  {question}")
        small.close()
        big.close()


if __name__ == "__main__":
    main()

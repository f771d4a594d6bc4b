"""Extraction benchmark: precision and recall of dated tasks and of their units against the gold, and speed.

Run with `python -m bench.extraction` (or `make bench`). Prints figures; asserts nothing.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from corpus.reading import read_document
from corpus.store import Knowledge, prepare
from corpus.tasks import ExtractedTask
from tests.gold import gold_docs, loose, unit_in

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpus" / "texts"


def _match(task: ExtractedTask, want: dict[str, Any]) -> bool:
    d = task.deadline
    wd = want["deadline"]
    return bool(d and d.date and d.date.isoformat() == str(wd["date"])
                and (d.time.strftime("%H:%M") if d.time else None) == wd["time"])


def dated_scores(knowledge: Knowledge) -> tuple[int, int, int, int, int]:
    """(gold dated tasks, extracted dated tasks, matched, gold units, units found) over the five seeds."""
    gold_n = found_n = matched = unit_gold = unit_hit = 0
    for doc in gold_docs():
        prepared = prepare(read_document(TEXTS / doc["file"]), knowledge)
        dated = [t for t in prepared.tasks if t.deadline and t.deadline.date]
        found_n += len(dated)
        wants = [t for t in doc.get("tasks", []) if t.get("deadline")]
        gold_n += len(wants)
        addressees = [r.text for r in prepared.parsed.header.recipients]
        for want in wants:
            cands = [t for t in dated if _match(t, want)]
            if cands:
                matched += 1
            for unit in want["units"]:
                unit_gold += 1
                names = [u.name for t in cands for u in t.doers]
                generic = loose(unit) == "cac co quan don vi" and any(unit_in(a, names) for a in addressees)
                unit_hit += bool(generic or unit_in(unit, names))
    return gold_n, found_n, matched, unit_gold, unit_hit


def speed(knowledge: Knowledge, rounds: int = 20) -> float:
    """Documents per second for the whole pure pipeline (read, normalise, structure, extract)."""
    files = sorted(TEXTS.glob("*.txt"))
    started = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            prepare(read_document(f), knowledge)
    return rounds * len(files) / (time.perf_counter() - started)


def main() -> None:
    knowledge = Knowledge()
    gold_n, found_n, matched, unit_gold, unit_hit = dated_scores(knowledge)
    extra = found_n - matched
    print("== Extraction (five seeds vs tests/fixtures/gold/seed_facts.yaml)")
    print(f"dated tasks: gold {gold_n}, extracted {found_n}, matched {matched}")
    print(f"  recall    {matched / gold_n:.3f}")
    print(f"  precision {matched / found_n:.3f}  ({extra} extracted dated task(s) not in the gold)")
    print(f"units of dated tasks: {unit_hit}/{unit_gold} found (recall {unit_hit / unit_gold:.3f})")
    print(f"speed: {speed(knowledge):.1f} documents/s (read + normalise + structure + extract, one process)")


if __name__ == "__main__":
    main()

"""Duty benchmark: the share of the dated duties the dev questions expect that ingest stores as a task deadline
of the right document (and, stricter, with the right doers).

Ingests ../shared/dev/docs into a fresh data dir, reads `cchc tasks --json` there, and checks each dated duty:
found when a task of the question's document has the expected deadline date, or, for a recurring rule (expect
has "rule" and the question a "today"), a task of that document whose stored recurrence falls on that date.
"With the right doers": that task's units also match expect.units (the scorer's `unit_matches`).

Run with `python -m bench.duties` (`--verbose` also lists the tasks of each missed document).
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bench._shared import (
    child_env,
    cli,
    fresh_services,
    ingest_folder,
    load_jsonl,
    load_scorer,
    run_child,
    shared_dir,
    shorten,
)

ISSUE_COUNT = 38  # the dated duties the issue that asks for this measure counted
EFFECTIVE_WORDS = ("hiệu lực", "hieu luc", "áp dụng từ")


def _norm(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").lower()


def is_effective_date(q: dict) -> bool:
    """An effective-date question: its rule speaks of "hiệu lực", or the question of hiệu lực / áp dụng từ."""
    return "hiệu lực" in _norm(q["expect"].get("rule")) or any(w in _norm(q["question"]) for w in EFFECTIVE_WORDS)


def dated_duties(questions: list[dict]) -> tuple[list[dict], list[str]]:
    """The measured set, and how it was cut from the questions (one line per step)."""
    steps = []
    qs = [q for q in questions if q["kind"] == "deadline"]
    steps.append(f"{len(qs)} deadline questions")
    qs2 = [q for q in qs if not q["expect"].get("none") and q["expect"].get("date") and q.get("doc")]
    steps.append(f"{len(qs2)} with expect.date and a doc ({len(qs) - len(qs2)} unanswerable or undated left out)")
    anchored = [q for q in qs2 if "anchor" in q["expect"]]
    effective = [q for q in qs2 if is_effective_date(q)]
    both = [q for q in anchored if q in effective]
    kept = [q for q in qs2 if q not in anchored and q not in effective]
    steps.append(f"minus {len(anchored)} relative rules with an anchor (the date comes from the question)")
    steps.append(f"minus {len(effective) - len(both)} more effective-date questions ({len(effective)} in all, "
                 f"{len(both)} of them also anchored; {sum('rule' in q['expect'] for q in effective)} "
                 "carry a 'hiệu lực' rule, the rest say so in the question)")
    steps.append(f"= {len(kept)} dated duties, of which {sum(is_recurring(q) for q in kept)} recurring "
                 "(a rule and a 'today')")
    return kept, steps


def is_recurring(q: dict) -> bool:
    return bool(q["expect"].get("rule")) and bool(q.get("today"))


def occurs_on(recurrence: dict | None, day: dt.date) -> bool:
    """Whether a stored recurrence (Recurrence.to_json) falls due on `day` (corpus.deadlines.Recurrence)."""
    if not recurrence:
        return False
    from corpus.deadlines import Recurrence

    try:
        rule = Recurrence.from_json(recurrence)  # with its interval and every day of the year it names
        return rule.first_on_or_after(day) == day
    except Exception:  # noqa: BLE001 - a frequency this version cannot resolve does not fall on the day
        return False


def matches_date(task: dict, q: dict) -> bool:
    d = task.get("deadline") or {}
    want = q["expect"]["date"]
    if d.get("date") == want:
        return True
    return is_recurring(q) and occurs_on(d.get("recurrence"), dt.date.fromisoformat(want))


def check(q: dict, tasks_by_file: dict[str, list[dict]],
          unit_matches: Callable[[str, list[str]], bool]) -> tuple[list[dict], list[dict]]:
    """(tasks of the document with the date, those of them whose doers also match expect.units)."""
    dated = [t for t in tasks_by_file.get(q["doc"], []) if matches_date(t, q)]
    units = q["expect"].get("units") or []
    right = [t for t in dated if all(unit_matches(u, t.get("units") or []) for u in units)]
    return dated, right


def stored_tasks(data_dir: Path) -> list[dict]:
    run = run_child([*cli(), "tasks", "--json"], child_env(data_dir), capture_stdout=True)
    if run.returncode != 0:
        raise SystemExit(f"cchc tasks --json failed ({run.returncode}): {shorten(run.stderr, 300)}")
    return json.loads(run.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.duties", description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", action="store_true", help="list the dated tasks of each missed document")
    args = ap.parse_args(argv or [])
    shared = shared_dir()
    docs, qfile = shared / "dev" / "docs", shared / "dev" / "questions.jsonl"
    if not (docs.is_dir() and qfile.exists() and (shared / "eval" / "score.py").exists()):
        print(f"bench.duties: no dev set at {shared} (set CCHC_SHARED_DIR); nothing to measure.")
        return 0
    unit_matches = load_scorer(shared).unit_matches
    started = time.perf_counter()
    duties, steps = dated_duties(load_jsonl(qfile))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-duties-") as tmp:
        data = Path(tmp) / "data"
        services = fresh_services(data)
        done = ingest_folder(services, docs)
        services.close()
        tasks = stored_tasks(data)
    by_file: dict[str, list[dict]] = {}
    for t in tasks:
        by_file.setdefault(t["document"]["file"], []).append(t)
    dated_tasks = sum(1 for t in tasks if (d := t.get("deadline") or {}).get("date") or d.get("recurrence"))

    print("== Dated duties of the dev questions stored as task deadlines")
    print(f"ingest of {docs} (in-process, fresh data dir): {done.seconds:.1f} s; `cchc tasks --json`: "
          f"{len(tasks)} tasks, {dated_tasks} with a date or a recurrence, in {len(by_file)} documents")
    for line in done.problems:
        print(f"   !! {line}")
    print("the set: " + "; ".join(steps))
    n = len(duties)
    if n != ISSUE_COUNT:
        anchored = sum(1 for q in load_jsonl(qfile) if q["kind"] == "deadline" and "anchor" in q["expect"])
        print(f"   (the issue counted {ISSUE_COUNT}; here {n}. {n} + the {anchored} anchored relative rules = "
              f"{n + anchored}: the issue's count probably kept those, which no stored date can answer)")
    odd = [q["id"] for q in duties if "thi hành" in _norm(q["question"]) or "ngày ký" in _norm(q["question"])]
    if odd:
        print(f"   kept by the rule although they read like effective dates ('thi hành', 'ngày ký'): {', '.join(odd)}")
    results = [(q, *check(q, by_file, unit_matches)) for q in duties]
    found = [r for r in results if r[1]]
    right = [r for r in results if r[2]]
    rec = [r for r in results if is_recurring(r[0])]
    print(f"found (a task of the document with that date): {len(found)}/{n} ({len(found) / n:.1%})")
    print(f"found with the right doers (expect.units ⊆ task units, unit_matches): {len(right)}/{n} "
          f"({len(right) / n:.1%})")
    print(f"   of which recurring: found {sum(bool(r[1]) for r in rec)}/{len(rec)}, "
          f"with doers {sum(bool(r[2]) for r in rec)}/{len(rec)}")
    misses = [r for r in results if not r[2]]
    if misses:
        print("misses (✗ no task with the date; ~ date found, doers wrong):")
    for q, dated, _right in misses:
        exp = q["expect"]
        mark = "~" if dated else "✗"
        extra = f" rule «{exp['rule']}», today {q['today']}" if is_recurring(q) else ""
        print(f" {mark} {q['id']} {exp['date']}{extra} units {exp.get('units') or []}  {q['doc']}")
        print(f"      {shorten(q['question'], 120)}")
        if dated:
            print(f"      stored doers: {'; '.join(sorted({', '.join(t['units']) or '(none)' for t in dated}))[:200]}")
        elif args.verbose:
            days = sorted({(t.get("deadline") or {}).get("date") or "" for t in by_file.get(q["doc"], [])} - {""})
            print(f"      the document's {len(by_file.get(q['doc'], []))} tasks have dates: {', '.join(days) or '—'}")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

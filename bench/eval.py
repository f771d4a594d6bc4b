"""Answer-quality benchmark: the shared scorer on the seed questions (as written and without diacritics) and on
the dev set, with warm answer times and a plain-Whoosh baseline on the dev set.

Run with `python -m bench.eval` (or `make eval`). Options: `--set dev` (only that set; `seeds`, `seeds-nd`,
`dev`, `heldout`, `own`, `heldout2`, `heldout3`; repeatable), `--verbose` (every failed question), `--no-timing`
(scores only, one pass), `--json FILE` (the figures). `heldout` (tests/fixtures/heldout), `heldout2`
(tests/fixtures/heldout2), `heldout3` (tests/fixtures/heldout3) and `own` (tests/fixtures/dev) live in the repo;
like the others they need the shared scorer. Prints figures; asserts nothing.

The docs of each set are ingested into a fresh temporary data directory (Services.ingest, what `cchc ingest`
calls). The answers come from `bot.cli.ask.answer_batch`, the very function behind `cchc ask --json --batch`,
fed one question at a time and its printed line captured (a question on which the answerer raises is recorded
as a crash and scored as failed, where the real batch would stop). That pass is also the warm-up; a second
pass builds each line the same way and times it, and its JSON is compared with the first. The scorer is
`judge` of ../shared/eval/score.py ($CCHC_SHARED_DIR), imported from its file.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bench._shared import (
    ROOT,
    fresh_services,
    ingest_folder,
    load_jsonl,
    load_scorer,
    pct,
    shared_dir,
    shorten,
    strip_diacritics,
)

if TYPE_CHECKING:
    from bot.services import Services

HELDOUT = ROOT / "tests" / "fixtures" / "heldout"  # 20 texts, 95 questions (since used for tuning)
HELDOUT2 = ROOT / "tests" / "fixtures" / "heldout2"  # 17 other texts never tuned on, 99 questions
HELDOUT3 = ROOT / "tests" / "fixtures" / "heldout3"  # 15 further texts never tuned on, 80 questions
OWN = ROOT / "tests" / "fixtures" / "dev"  # session 1's own 6 texts and 56 questions
ROWS = ("deadline", "responsibility", "criterion_owner", "search", "unanswerable", "overall")
Judge = Callable[[dict, dict | None], tuple[bool, str]]


@dataclass
class SetSpec:
    key: str  # the --set name
    label: str  # the column
    docs: Path
    questions: Path
    transform: Callable[[str], str] | None = None  # applied to each question's text


@dataclass
class Outcome:
    """One question: its answer as the CLI prints it, the verdict of the scorer, the warm time."""

    q: dict
    answer: dict | None
    ok: bool
    why: str
    ms: float | None = None


@dataclass
class SetResult:
    spec_label: str
    outcomes: list[Outcome]
    ingest_s: float = 0.0
    json_mismatches: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)  # ids of the questions on which the answerer raised

    def times(self) -> list[float]:
        return [o.ms for o in self.outcomes if o.ms is not None]


# ---------------------------------------------------------------- scoring


def row_of(q: dict) -> str:
    """The table row of a question: unanswerable ones (expect.none) apart from their form's kind."""
    return "unanswerable" if q["expect"].get("none") else q["kind"]


def score(questions: list[dict], answers: dict[str, dict], judge: Judge) -> list[Outcome]:
    """The scorer's verdict on each question (answers by question id, as `cchc ask --json --batch` prints)."""
    out = []
    for q in questions:
        ans = answers.get(q["id"])
        ok, why = judge(q, ans)
        out.append(Outcome(q, ans, bool(ok), why))
    return out


def tally(outcomes: list[Outcome]) -> dict[str, list[int]]:
    """row -> [good, total], every row of ROWS present (overall last)."""
    t: dict[str, list[int]] = {r: [0, 0] for r in ROWS}
    for o in outcomes:
        for r in (row_of(o.q), "overall"):
            t.setdefault(r, [0, 0])
            t[r][0] += o.ok
            t[r][1] += 1
    return t


def cell(good: int, total: int) -> str:
    return f"{good}/{total} ({good / total:.3f})" if total else "—"


def render_table(columns: dict[str, dict[str, list[int]]]) -> str:
    """One table: rows = kinds, columns = sets, cells "good/total (0.xxx)"."""
    rows = [r for r in ROWS if any(c.get(r, [0, 0])[1] for c in columns.values()) or r == "overall"]
    head = ["kind", *columns]
    body = [[r, *(cell(*columns[c].get(r, [0, 0])) for c in columns)] for r in rows]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    lines = [fmt(head), "  ".join("-" * w for w in widths)]
    for b in body:
        if b[0] == "overall":
            lines.append("  ".join("-" * w for w in widths))
        lines.append(fmt(b))
    return "\n".join(lines)


# ---------------------------------------------------------------- answering


def _today(q: dict) -> dt.date | None:
    return dt.date.fromisoformat(q["today"]) if q.get("today") else None


def answer_line(services: Services, q: dict[str, Any]) -> dict[str, Any]:
    """One answer object exactly as `cchc ask --json --batch` builds it (bot/cli/ask.answer_batch)."""
    from corpus.errors import UserError

    try:
        return services.answers.ask(q["question"], today=_today(q), unit_id=None).to_json(q.get("id"))
    except UserError as exc:
        return {"id": q.get("id"), "question": q["question"], "intent": "unknown", "text": exc.message,
                "answers": []}


def _crash(exc: Exception) -> str:
    return f"CRASH {type(exc).__name__}: {shorten(str(exc), 100)}"


def cli_batch(services: Services, questions: list[dict[str, Any]], tmp: Path
              ) -> tuple[dict[str, Any], dict[str, str]]:
    """The lines `cchc ask --json --batch FILE` prints for these questions, by id (the CLI's own function, fed
    one question at a time so that a question on which the answerer raises is recorded and the rest go on;
    the real batch stops there with a traceback). Returns (answers, crashes by id)."""
    from bot.cli.ask import answer_batch

    path = tmp / "question.jsonl"
    answers, crashes = {}, {}
    for q in questions:
        path.write_text(json.dumps(q, ensure_ascii=False) + "\n", encoding="utf-8")
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                answer_batch(services, path, None)
        except Exception as exc:  # noqa: BLE001 - the code under measure is being rewritten
            crashes[q["id"]] = _crash(exc)
            continue
        for line in buf.getvalue().splitlines():
            if line.strip():
                a = json.loads(line)
                answers[a.get("id")] = a
    return answers, crashes


def timed_pass(services: Services, questions: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, float]]:
    """Each answer line again, timed (ms): ask + to_json + json.dumps, as the CLI does per line."""
    answers, ms = {}, {}
    for q in questions:
        started = time.perf_counter()
        try:
            line = json.dumps(answer_line(services, q), ensure_ascii=False)
        except Exception:  # noqa: BLE001 - counted in the first pass
            line = "null"
        ms[q["id"]] = (time.perf_counter() - started) * 1000
        answers[q["id"]] = json.loads(line)
    return answers, ms


def evaluate(services: Services, questions: list[dict[str, Any]], judge: Judge, tmp: Path,
             *, timed: bool = True) -> SetResult:
    """Answer every question like the CLI (first pass, also the warm-up), score it, then time a second pass."""
    answers, crashes = cli_batch(services, questions, tmp)
    outcomes = score(questions, answers, judge)
    for o in outcomes:
        if o.q["id"] in crashes:
            o.why = crashes[o.q["id"]]
    result = SetResult("", outcomes, crashes=sorted(crashes))
    if timed:
        again, ms = timed_pass(services, questions)
        for o in outcomes:
            o.ms = ms[o.q["id"]]
            if again.get(o.q["id"]) != o.answer:
                result.json_mismatches.append(o.q["id"])
    return result


# ---------------------------------------------------------------- baseline


class PlainParagraphs:
    """The baseline: Whoosh StandardAnalyzer, one index document per paragraph (blank-line split), OR parser."""

    def __init__(self, path: Path, docs: Path) -> None:
        from whoosh import fields, qparser
        from whoosh import index as whoosh_index
        from whoosh.analysis import StandardAnalyzer

        path.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(file=fields.STORED(), text=fields.TEXT(analyzer=StandardAnalyzer()))
        self.ix = whoosh_index.create_in(str(path), schema)
        writer = self.ix.writer()
        self.paragraphs = 0
        for f in sorted(p for p in docs.iterdir() if p.is_file()):
            for para in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
                if para.strip():
                    writer.add_document(file=f.name, text=para)
                    self.paragraphs += 1
        writer.commit()
        self.searcher = self.ix.searcher()
        self.parser = qparser.QueryParser("text", schema, group=qparser.OrGroup)

    def search(self, question: str, limit: int = 10) -> list[str]:
        return [hit["file"] for hit in self.searcher.search(self.parser.parse(question), limit=limit)]

    def close(self) -> None:
        self.searcher.close()


def baseline(docs: Path, questions: list[dict], tmp: Path) -> dict:
    started = time.perf_counter()
    plain = PlainParagraphs(tmp / "plain", docs)
    build = time.perf_counter() - started
    for q in questions:  # warm-up pass
        plain.search(q["question"])
    ms = []
    for q in questions:
        t = time.perf_counter()
        plain.search(q["question"])
        ms.append((time.perf_counter() - t) * 1000)
    plain.close()
    return {"paragraphs": plain.paragraphs, "build_s": build, "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95),
            "max_ms": max(ms)}


# ---------------------------------------------------------------- report


def near_misses(o: Outcome, scorer: ModuleType) -> str:
    """When the expected fact is in the reply but not where the scorer looks: a later answer that the scorer
    would accept first (ranking), or the expected date / units written in `text` but not in `answers` (the
    JSON contract rather than the reading)."""
    exp, ans = o.q["expect"], o.answer or {}
    items, text = ans.get("answers") or [], ans.get("text") or ""
    if o.ok or exp.get("none") or not ans:
        return ""
    if o.q["kind"] in ("deadline", "criterion_owner"):
        for i, item in enumerate(items[1:], start=2):
            if scorer.judge(o.q, {**ans, "answers": [item]})[0]:
                return f"answer #{i} is right"
    if o.q["kind"] == "deadline" and exp.get("date"):
        y, m, d = (int(x) for x in exp["date"].split("-"))
        if re.search(rf"\b0?{d}\s*/\s*0?{m}\s*/\s*{y}\b", text):
            return "date in text only" if items else "date in text, answers empty"
    if o.q["kind"] in ("criterion_owner", "responsibility") and exp.get("units") \
            and all(scorer.mentions(u, text) for u in exp["units"]) \
            and all(scorer.mentions(p, text) for p in exp.get("must_mention", [])):
        return "units in text only" if items else "units in text, answers empty"
    return ""


def print_set_details(name: str, res: SetResult, scorer: ModuleType, verbose: bool) -> None:
    ms = res.times()
    print(f"\n-- {name}: ingest {res.ingest_s:.1f} s; {len(res.outcomes)} questions")
    if ms:
        print(f"   warm answer time: p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, max {max(ms):.1f} ms")
        print("   slowest:")
        for o in sorted(res.outcomes, key=lambda o: -(o.ms or 0))[:5]:
            print(f"     {o.ms:7.1f} ms  {o.q['id']} [{o.q['kind']}] {shorten(o.q['question'], 90)}")
    if res.crashes:
        print(f"   !! the answerer raised on {len(res.crashes)} question(s) (scored as failed; `cchc ask --batch` "
              f"would stop at the first): {', '.join(res.crashes[:15])}{' …' if len(res.crashes) > 15 else ''}")
        print(f"      first: {next(o.why for o in res.outcomes if o.q['id'] == res.crashes[0])}")
    if res.json_mismatches:
        print(f"   !! the timed pass gave other JSON than the CLI pass for {len(res.json_mismatches)} question(s): "
              f"{', '.join(res.json_mismatches[:10])}")
    other = [o for o in res.outcomes if o.answer and not o.q["expect"].get("none")
             and o.answer.get("intent") != o.q["kind"]]
    if other:
        print(f"   intent differs from the question's kind on {len(other)} answerable question(s) "
              f"({sum(not o.ok for o in other)} of them failed)")
    contract = [(o, n) for o in res.outcomes if (n := near_misses(o, scorer))]
    if contract:
        listed = ", ".join(f"{o.q['id']} ({n})" for o, n in contract)
        print(f"   failed although the expected fact is in the reply: {len(contract)}: {listed}")
    if verbose:
        for o in res.outcomes:
            if o.ok:
                continue
            items = (o.answer or {}).get("answers") or []
            first = shorten(items[0].get("quote") or items[0].get("summary"), 120) if items else "(no answers)"
            print(f"   FAIL {o.q['id']} [{row_of(o.q)}] {o.q['question']!r}\n"
                  f"        why: {o.why}\n        first answer: {first}")


def sets_of(shared: Path) -> list[SetSpec]:
    seeds_q = shared / "eval" / "seed_questions.jsonl"
    return [SetSpec("seeds", "seeds", shared / "seeds", seeds_q),
            SetSpec("seeds-nd", "seeds without diacritics", shared / "seeds", seeds_q, strip_diacritics),
            SetSpec("dev", "dev", shared / "dev" / "docs", shared / "dev" / "questions.jsonl"),
            # sets kept in the repo (only the scorer comes from ../shared)
            SetSpec("heldout", "heldout", HELDOUT / "docs", HELDOUT / "questions.jsonl"),
            SetSpec("own", "own", OWN / "texts", OWN / "dev_questions.jsonl"),
            SetSpec("heldout2", "heldout2", HELDOUT2 / "docs", HELDOUT2 / "questions.jsonl"),
            SetSpec("heldout3", "heldout3", HELDOUT3 / "docs", HELDOUT3 / "questions.jsonl")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=["seeds", "seeds-nd", "dev", "heldout", "own", "heldout2", "heldout3"],
                    action="append", dest="sets", help="only this set (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="print every failed question")
    ap.add_argument("--no-timing", action="store_true", help="scores only: skip the timed second pass")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the figures to FILE")
    args = ap.parse_args(argv or [])
    shared = shared_dir()
    if not (shared / "eval" / "score.py").exists():
        print(f"bench.eval: no shared set at {shared} (set CCHC_SHARED_DIR); nothing to measure.")
        return 0
    scorer = load_scorer(shared)
    judge: Judge = scorer.judge
    specs = [s for s in sets_of(shared) if not args.sets or s.key in args.sets]
    specs = [s for s in specs if s.docs.is_dir() and s.questions.exists()]
    started = time.perf_counter()
    results: dict[str, SetResult] = {}
    figures: dict = {"shared": str(shared), "sets": {}}
    with tempfile.TemporaryDirectory(prefix="cchc-eval-") as tmpdir:
        tmp = Path(tmpdir)
        by_docs: dict[Path, tuple[Services, float]] = {}
        for spec in specs:
            if spec.docs not in by_docs:  # one data dir per folder of docs: the two seed sets share one
                services = fresh_services(tmp / f"data-{len(by_docs)}")
                done = ingest_folder(services, spec.docs)
                took = done.seconds
                print(f"ingest {spec.docs}: {took:.1f} s (in-process Services.ingest: files {done.files_s:.1f} s "
                      f"+ index {took - done.files_s:.1f} s)", flush=True)
                for line in done.problems:
                    print(f"   !! {line}")
                by_docs[spec.docs] = (services, took)
            services, took = by_docs[spec.docs]
            questions = load_jsonl(spec.questions)
            if spec.transform:
                questions = [{**q, "question": spec.transform(q["question"])} for q in questions]
            res = evaluate(services, questions, judge, tmp, timed=not args.no_timing)
            res.spec_label, res.ingest_s = spec.label, took
            results[spec.label] = res
        dev = next((s for s in specs if s.key == "dev"), None)
        base = baseline(dev.docs, load_jsonl(dev.questions), tmp) if dev and not args.no_timing else None
        for services, _took in by_docs.values():
            services.close()

    print()
    print(render_table({name: tally(r.outcomes) for name, r in results.items()}))
    for name, res in results.items():
        print_set_details(name, res, scorer, args.verbose)
    if base and "dev" in results and results["dev"].times():
        ms = results["dev"].times()
        print(f"\n-- baseline on dev: plain Whoosh (StandardAnalyzer, {base['paragraphs']} paragraphs, OR parser), "
              f"built in {base['build_s']:.1f} s")
        print(f"   warm query time: p50 {base['p50_ms']:.1f} ms, p95 {base['p95_ms']:.1f} ms, "
              f"max {base['max_ms']:.1f} ms")
        print(f"   ratio project/baseline: p50 {pct(ms, 50) / base['p50_ms']:.1f}, "
              f"p95 {pct(ms, 95) / base['p95_ms']:.1f}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")

    if args.json:
        for name, res in results.items():
            ms = res.times()
            figures["sets"][name] = {
                "ingest_s": round(res.ingest_s, 2),
                "table": {r: {"good": g, "total": n} for r, (g, n) in tally(res.outcomes).items()},
                "answer_ms": {"p50": round(pct(ms, 50), 2), "p95": round(pct(ms, 95), 2), "max": round(max(ms), 2)}
                if ms else None,
                "slowest": [{"id": o.q["id"], "ms": round(o.ms or 0, 2), "question": o.q["question"]}
                            for o in sorted(res.outcomes, key=lambda o: -(o.ms or 0))[:5]],
                "failed": [{"id": o.q["id"], "kind": row_of(o.q), "why": o.why} for o in res.outcomes if not o.ok],
                "json_mismatches": res.json_mismatches,
                "crashes": res.crashes,
            }
        if base:
            figures["baseline_dev"] = {k: round(v, 2) if isinstance(v, float) else v for k, v in base.items()}
            if "dev" in results and results["dev"].times():
                figures["baseline_dev"]["ratio_p95"] = round(pct(results["dev"].times(), 95) / base["p95_ms"], 2)
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Search benchmark: build time, query latency and Recall@5, ours vs a plain Whoosh StandardAnalyzer index.

Run with `python -m bench.search` (or `make bench`). Prints figures; asserts nothing.
"""
from __future__ import annotations

import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from whoosh import fields, highlight, qparser
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer

from bench._shared import shared_dir
from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus.text import fold, key
from index.building import WRITER_LIMIT_MB, load_documents, make_record, records_of, section_text
from index.searching import SearchIndex
from index.storage import Generations

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpus" / "texts"
SEED = 20240131
SECTIONS = 10_000
QUERIES = 200
DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


@dataclass
class Seeds:
    """What the bundled corpus offers to recombine: sentences, headings, units, localities."""

    sentences: list[str]
    headings: list[str]
    units: list[str]
    localities: list[str]


# ---------------------------------------------------------------- corpus


def load_seeds(services: Services) -> Seeds:
    with services.sessions() as s:
        docs = load_documents(s)
        texts = [section_text(sec) for d in docs for sec in d.sections]
        headings = [sec.heading for d in docs for sec in d.sections if sec.heading]
        units = sorted({u.name for u in s.scalars(select(m.Unit)) if not u.is_group})
        localities = sorted({d.locality.label() for d in docs if d.locality})
    sentences = [p.strip() for t in texts for p in re.split(r"(?<=[.;:])\s+|\n+", t) if len(p.split()) >= 6]
    return Seeds(sentences, headings, units, localities)


def synthetic_sections(seeds: Seeds, n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(text, locality, title) triples recombined from the bundled corpus, seeded so every run is alike."""
    out = []
    for i in range(n):
        unit = rng.choice(seeds.units)
        head = rng.choice([f"{unit} có trách nhiệm", rng.choice(seeds.headings)])
        body = [_vary(rng.choice(seeds.sentences), seeds, rng) for _ in range(rng.randint(2, 6))]
        locality = rng.choice(seeds.localities)
        out.append((f"{i % 12 + 1}. {head}\n- " + "\n- ".join(body), locality, f"Kế hoạch số {i}/KH-UBND"))
    return out


def _vary(sentence: str, seeds: Seeds, rng: random.Random) -> str:
    """A sentence with its dates and one unit name swapped for others."""
    s = DATE_RE.sub(lambda _m: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2020, 2026)}",
                    sentence)
    for u in seeds.units:
        if u in s:
            return s.replace(u, rng.choice(seeds.units), 1)
    return s


# ---------------------------------------------------------------- indexes


class PlainIndex:
    """The baseline: Whoosh's StandardAnalyzer on the section text, OR between the words, BM25F."""

    def __init__(self, path: Path, rows: Iterable[tuple[str, int, str]]) -> None:
        path.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(id=fields.ID(stored=True, unique=True), section_id=fields.STORED(),
                               text=fields.TEXT(analyzer=StandardAnalyzer(), stored=True))
        self.ix = whoosh_index.create_in(str(path), schema)
        w = self.ix.writer(limitmb=WRITER_LIMIT_MB, procs=1)
        for rid, sid, text in rows:
            w.add_document(id=rid, section_id=sid, text=text)
        w.commit()
        self.searcher = self.ix.searcher()
        self.parser = qparser.QueryParser("text", schema, group=qparser.OrGroup)

    def search(self, q: str, limit: int) -> list[int]:
        """Section ids of the top hits, with snippets made as ours are (so both pay for highlighting)."""
        results = self.searcher.search(self.parser.parse(q), limit=limit)
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60, charlimit=None)
        hits = []
        for h in results:
            h.highlights("text", top=2)
            hits.append(h["section_id"])
        return hits

    def close(self) -> None:
        self.searcher.close()


def build_ours(path: Path, sections: list[tuple[str, str, str]]) -> SearchIndex:
    def fill(ix: whoosh_index.Index) -> None:
        w = ix.writer(limitmb=WRITER_LIMIT_MB, procs=1)
        for i, (text, locality, title) in enumerate(sections):
            common = {"document_id": str(i // 20), "title": title, "issuer": "", "locality": locality,
                      "doc_kind": "Kế hoạch"}
            w.add_document(**make_record(common, f"s:{i}", "section", i, None, str(i), [], "", text))
        w.commit()

    Generations(path).build(fill)
    return SearchIndex(path)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---------------------------------------------------------------- measurements


def bench_build(sections: list[tuple[str, str, str]], tmp: Path) -> tuple[SearchIndex, PlainIndex]:
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("khởi động")  # load the models outside the timings
    texts = [t for t, _l, _ti in sections]
    t_pyvi = timed(lambda: [ViTokenizer.tokenize(t) for t in texts])
    ours: list[SearchIndex] = []
    t_ours = timed(lambda: ours.append(build_ours(tmp / "ours", sections)))
    plain: list[PlainIndex] = []
    t_plain = timed(lambda: plain.append(PlainIndex(tmp / "plain", ((f"s:{i}", i, t) for i, t in enumerate(texts)))))
    chars = sum(len(t) for t in texts)
    print(f"corpus: {len(texts)} sections, {chars / 1e6:.1f} M characters")
    print(f"build:  ours {t_ours:.1f} s | pyvi segmentation alone {t_pyvi:.1f} s | ratio {t_ours / t_pyvi:.2f}"
          f" | plain StandardAnalyzer {t_plain:.1f} s")
    return ours[0], plain[0]


def make_queries(sections: list[tuple[str, str, str]], rng: random.Random) -> list[str]:
    """Runs of 3–7 syllables from random sections; every other one without diacritics."""
    out = []
    for i in range(QUERIES):
        words = re.findall(r"\w+", rng.choice(sections)[0])
        n = rng.randint(3, 7)
        start = rng.randint(0, max(0, len(words) - n))
        q = " ".join(words[start:start + n])
        out.append(fold(q) if i % 2 else q)
    return out


def bench_latency(ours: SearchIndex, plain: PlainIndex, queries: list[str]) -> None:
    for q in queries[:5]:
        ours.search(q), plain.search(q, 10)  # warm up caches and pyvi
    ms_ours = [1000 * timed(partial(ours.search, q, limit=10)) for q in queries]
    ms_plain = [1000 * timed(partial(plain.search, q, 10)) for q in queries]
    p50o, p95o, p50p, p95p = _pct(ms_ours, 50), _pct(ms_ours, 95), _pct(ms_plain, 50), _pct(ms_plain, 95)
    print(f"latency over {len(queries)} queries (half without diacritics, top 10 with snippets):")
    print(f"        ours p50 {p50o:.1f} ms, p95 {p95o:.1f} ms | plain p50 {p50p:.1f} ms, p95 {p95p:.1f} ms"
          f" | ratio p50 {p50o / p50p:.1f}, p95 {p95o / p95p:.1f}")


def _pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# ---------------------------------------------------------------- recall on the seed questions


def expected_phrases(expect: dict[str, object]) -> list[str]:
    """The phrases of an expected answer that its section must show: dates as written, units, mentions."""
    out: list[str] = []
    if expect.get("date"):
        y, mo, d = (int(x) for x in str(expect["date"]).split("-"))
        out += [f"{d:02d}/{mo:02d}/{y}", f"{d}/{mo}/{y}", f"{d:02d}/{mo}/{y}", f"{d}/{mo:02d}/{y}"]
    for k in ("must_mention", "units"):
        listed = expect.get(k)
        out += [str(x) for x in listed] if isinstance(listed, list) else []
    if expect.get("criterion"):
        out.append(str(expect["criterion"]))
    return out


def relevant_sections(services: Services, question: dict[str, Any]) -> set[int]:
    """The sections of the question's document that show the most of its expected phrases."""
    phrases = [key(p) for p in expected_phrases(question["expect"])]
    with services.sessions() as s:
        doc = s.scalars(select(m.Document).where(m.Document.file_name == question["doc"])).one()
        scored = {sec.id: sum(p in key(section_text(sec)) for p in phrases) for sec in doc.sections}
    best = max(scored.values(), default=0)
    return {sid for sid, n in scored.items() if n == best and n > 0}


def bench_recall(services: Services, tmp: Path) -> None:
    path = shared_dir() / "eval" / "seed_questions.jsonl"
    if not path.exists():  # the shared evaluation set is not part of the repository
        print(f"Recall@5: skipped, {path} not found (set CCHC_SHARED_DIR to the folder that holds eval/)")
        return
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = SearchIndex(services.settings.index_dir)
    with services.sessions() as s:
        ours.rebuild(s)
        rows = [(r["id"], r["section_id"], r["text"]) for d in load_documents(s) for r in records_of(d)
                if r["kind"] == "section"]
    plain = PlainIndex(tmp / "plain-seeds", rows)
    targets = [(q, relevant_sections(services, q)) for q in questions]
    targets = [(q, t) for q, t in targets if t]
    print(f"Recall@5 of the answering section, {len(targets)} seed questions ({len(questions)} in the file):")
    forms: tuple[tuple[str, Callable[[str], str]], ...] = (("as written", str), ("without diacritics", fold))
    for label, form in forms:

        def ours_top5(q: str, form: Callable[[str], str] = form) -> list[int]:
            return [h.section_id for h in ours.search(form(q), kind="section", limit=5) if h.section_id is not None]

        def plain_top5(q: str, form: Callable[[str], str] = form) -> list[int]:
            return plain.search(form(q), 5)

        r_ours = _recall(targets, ours_top5)
        r_plain = _recall(targets, plain_top5)
        print(f"        {label:19} ours {r_ours:.2f} | plain {r_plain:.2f}")
    ours.close()
    plain.close()


def _recall(targets: list[tuple[dict[str, Any], set[int]]], search: Callable[[str], list[int]]) -> float:
    return sum(bool(set(search(q["question"])) & t) for q, t in targets) / len(targets)


def main() -> None:
    """Run every measurement once and print the figures."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmpdir:
        tmp = Path(tmpdir)
        services = Services.start(load_settings(data_dir=tmp / "data"))
        services.ingest([TEXTS], update_index=False)
        bench_recall(services, tmp)
        rng = random.Random(SEED)
        sections = synthetic_sections(load_seeds(services), SECTIONS, rng)
        ours, plain = bench_build(sections, tmp)
        bench_latency(ours, plain, make_queries(sections, rng))
        ours.close()
        plain.close()
        services.close()
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

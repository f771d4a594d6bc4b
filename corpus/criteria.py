"""The CCHC index fields and topics, and which unit of a locality owns each (inferred from its duties)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from corpus import models as m
from corpus.abbreviations import expand_abbreviations
from corpus.text import key

ROLE_WEIGHT = {"chủ trì": 1.5, "thực hiện": 1.0, "phối hợp": 0.8}
OWNER_SHARE = 0.5  # a unit owns a field when it scores at least this share of the best unit


@dataclass(frozen=True)
class CriterionDef:
    """A field of the index (kind 'field') or a topic asked about the same way (kind 'topic')."""

    code: str | None
    name: str
    kind: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    default: str | None = None

    def phrases(self) -> list[str]:
        return [text_key(p) for p in (self.name, *self.aliases)]


@lru_cache(maxsize=4096)
def text_key(text: str) -> str:
    """A matching key for criteria: abbreviations written out, folded, lower case."""
    return key(expand_abbreviations(text))


@lru_cache(maxsize=1)
def catalogue() -> tuple[CriterionDef, ...]:
    """The built-in catalogue (corpus/data/criteria.yaml)."""
    data = yaml.safe_load(resources.files("corpus").joinpath("data/criteria.yaml").read_text(encoding="utf-8"))
    out = [CriterionDef(f["code"], f["name"], "field", tuple(f.get("aliases", ())), tuple(f.get("keywords", ())),
                        f.get("default")) for f in data["fields"]]
    out += [CriterionDef(None, t["name"], "topic", tuple(t.get("aliases", ())), tuple(t.get("keywords", ())))
            for t in data["topics"]]
    return tuple(out)


@lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> tuple[re.Pattern[str], int] | None:
    """A keyword's compiled pattern on the matching key, with its number of words."""
    k = text_key(keyword)
    return (re.compile(r"\b" + re.escape(k) + r"\b"), len(k.split())) if k else None


def duty_score(crit: CriterionDef, quote_key: str) -> float:
    """How strongly one duty's sentence speaks of a criterion (keyword phrases found, longer count more)."""
    score = 0.0
    for kw in crit.keywords:
        found = _keyword_pattern(kw)
        if found is not None and found[0].search(quote_key):
            score += found[1]
    return score


def match_criterion(text: str, *, kinds: tuple[str, ...] = ("field", "topic")) -> tuple[CriterionDef, float] | None:
    """The catalogue entry a question or heading speaks of, with a 0–100 score (None below 60)."""
    q = text_key(text)
    best: tuple[CriterionDef, float] | None = None
    for c in catalogue():
        if c.kind not in kinds:
            continue
        s = max(_phrase_score(p, q) for p in c.phrases())
        if best is None or s > best[1]:
            best = (c, s)
    return best if best and best[1] >= 60 else None


def _phrase_score(phrase: str, q: str) -> float:
    if not phrase:
        return 0.0
    if re.search(r"\b" + re.escape(phrase) + r"\b", q):
        n = len(phrase.split())
        return 100.0 + min(n, 20) / 2 if n >= 2 else 80.0
    return fuzz.token_set_ratio(phrase, q) * (0.85 if len(phrase.split()) >= 2 else 0.6)


def listed_names(text: str) -> dict[str, str]:
    """Field names as a text lists them ('(1. Công tác chỉ đạo, điều hành CCHC; 2. …)'): code → name."""
    out: dict[str, str] = {}
    for m_ in re.finditer(r"(?<![\d.])([1-8])\.\s+([^;()\n]{6,140}?)(?=;\s*[1-9]\.\s|\)|\n)", text):
        hit = match_criterion(m_.group(2), kinds=("field",))
        if hit and hit[1] >= 80 and hit[0].code is not None and hit[0].code == m_.group(1):
            out.setdefault(hit[0].code, m_.group(2).strip())
    return out if len(out) >= 5 else {}


@dataclass
class _Evidence:
    score: float
    task_id: int
    quote: str


def infer_owners(crit: CriterionDef, tasks: list[m.Task],
                 quote_keys: dict[int, str] | None = None) -> list[tuple[m.Unit, _Evidence]]:
    """Owner units of a criterion: specific units first; groups only when no single unit speaks of it."""
    per_unit: dict[int, list[_Evidence]] = defaultdict(list)
    units: dict[int, m.Unit] = {}
    for t in tasks:
        s = duty_score(crit, quote_keys[t.id] if quote_keys else text_key(t.quote))
        if s <= 0:
            continue
        for tu in t.units:
            if tu.partner:
                continue
            units[tu.unit_id] = tu.unit
            per_unit[tu.unit_id].append(_Evidence(s * ROLE_WEIGHT.get(tu.role, 1.0), t.id, t.quote))
    totals = {uid: sum(e.score for e in ev) for uid, ev in per_unit.items()}
    specific = {uid: v for uid, v in totals.items() if not units[uid].is_group}
    pool = specific or totals
    if not pool:
        return []
    top = max(pool.values())
    winners = sorted((uid for uid, v in pool.items() if v >= OWNER_SHARE * top), key=lambda u: -pool[u])
    return [(units[uid], max(per_unit[uid], key=lambda e: e.score)) for uid in winners]


def refresh_criteria(session: Session, document: m.Document) -> None:
    """Recompute the criteria one directive speaks of and their owners from its own duties (per document,
    so ingest stays linear; answers merge the documents of a locality)."""
    loc_id = document.locality_id
    session.execute(delete(m.Criterion).where(m.Criterion.document_id == document.id))
    session.flush()
    tasks = list(document.tasks)
    names = listed_names(document.text)
    quote_keys = {t.id: key(expand_abbreviations(t.quote)) for t in tasks}
    if not tasks:
        return
    for crit in catalogue():
        owners = infer_owners(crit, tasks, quote_keys)
        row = m.Criterion(locality_id=loc_id, key=text_key(crit.name), code=crit.code,
                          name=names.get(crit.code or "", crit.name), kind=crit.kind,
                          keywords=list(crit.keywords), document_id=document.id)
        session.add(row)
        for unit, ev in owners:
            row.owners.append(m.CriterionOwner(unit_id=unit.id, evidence=ev.quote, task_id=ev.task_id,
                                               score=ev.score))
        if not row.owners and crit.default:
            _default_owner(session, row, crit, loc_id)
    session.flush()


def _default_owner(session: Session, row: m.Criterion, crit: CriterionDef, loc_id: int | None) -> None:
    """The unit that owns a field by its function, when the locality has such a unit."""
    from corpus.units import unit_key

    with session.no_autoflush:  # the rows added so far need no flush to look a unit up
        unit = session.scalar(select(m.Unit).where(m.Unit.locality_id == loc_id,
                                                   m.Unit.key == unit_key(crit.default or "")))
    if unit is not None:
        row.owners.append(m.CriterionOwner(unit_id=unit.id, evidence="", task_id=None, score=0.0))

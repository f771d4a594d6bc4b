"""The gold facts of the five seeds (tests/fixtures/gold/seed_facts.yaml) and how to compare with them."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from corpus.text import fold

GOLD_FILE = Path(__file__).parent / "fixtures" / "gold" / "seed_facts.yaml"


@lru_cache(maxsize=1)
def gold() -> dict:
    return yaml.safe_load(GOLD_FILE.read_text(encoding="utf-8"))


def gold_docs() -> list[dict]:
    return gold()["documents"]


def loose(s: str | None) -> str:
    """Compare like the shared scorer: folded, lower case, '&' as 'và', punctuation as spaces."""
    s = fold(s or "").lower().replace("&", " va ")
    s = re.sub(r"[\u2010-\u2015\-/,.;:()\"'*]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def unit_key(s: str) -> str:
    s = loose(s).replace("uy ban nhan dan", "ubnd").replace("hoi dong nhan dan", "hdnd")
    s = re.sub(r"\b(huyen|thanh pho|tinh|cac|va)\b", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def unit_in(expected: str, names: list[str]) -> bool:
    """The scorer's rule: a candidate may be more specific than expected, never much vaguer."""
    e = unit_key(expected)
    for n in names:
        k = unit_key(n)
        if e and k and (e in k or (k in e and len(k.split()) >= 2 and len(k) >= 0.6 * len(e))):
            return True
    return False

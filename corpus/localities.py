"""Where a directive comes from, and which places a question names, read with the official gazetteer.

The gazetteer is the data of the package `vietnamadminunits` (read from its bundled SQLite file, without
importing the package, whose parser pulls in shapely and geopy), in both structures:

* before 07/2025: 63 provinces, their 696 districts (huyện, quận, thị xã, thành phố thuộc tỉnh) and
  10,035 communes (xã, phường, thị trấn), with the former names of units merged since 2019;
* from 07/2025: 34 provinces and their 3,321 communes (xã, phường, đặc khu); no district level;
* the old → new province of every old unit (`Gazetteer.mapping`, `Gazetteer.new_province_of`).

`corpus/data/localities.yaml` adds what the package lacks: other names of provinces ("TP.HCM", "HN",
"Thừa Thiên Huế"), district names that are ordinary words, phrases that only look like places.

Province names are canonical: the short name ("Hồ Chí Minh", "Hà Nội", "Bà Rịa - Vũng Tàu") with its kind
(tỉnh | thành phố), whatever the spelling read ("TP.HCM", "Tp. Hồ Chí Minh", "THÀNH PHỐ HỒ CHÍ MINH").
Huế, one rule: a letter's province is named as the letter names it, "Thừa Thiên Huế" (tỉnh) when it says
so (letters before 01/2025), else "Huế" (thành phố, the package's name in both structures); both are the
same province (`mapping["Thừa Thiên Huế"] == "Huế"`, a question's "Huế" narrows to either).

Everything is built once per process, on first use (`_index()`), and shared by all gazetteers.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import yaml

from corpus.text import UPPER as U
from corpus.text import fold, has_diacritics, key, nfc, normalize_tones

__all__ = ["Gazetteer", "Locality", "Place", "default_gazetteer", "find_district", "find_province",
           "resolve_locality"]

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
OLD, NEW = "old", "new"  # before 07/2025 (63 provinces, districts) | from 07/2025 (34 provinces)

DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")

_NAME = rf"[{U}][^\W\d_]*(?:[ \-]+[{U}][^\W\d_]*){{0,3}}"
_DISTRICT_RE = re.compile(r"\b(huyện|quận|thị xã|thành phố|xã|phường|thị trấn"
                          r"|Huyện|Quận|Thị xã|Thành phố|Xã|Phường|Thị trấn)[ \t]+(" + _NAME + ")")
_PROVINCE_RE = re.compile(
    r"\b(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|[Tt]hành ủy|[Tt]ỉnh ủy|UBND tỉnh|UBND thành phố)[ \t]+(" + _NAME + ")"
)


@dataclass(frozen=True)
class Locality:
    """The place of a directive: its sub-province unit (a district before 07/2025, or a commune) and province.

    `district` holds the unit below the province that issued the letter: a huyện/quận/thị xã/thành phố
    thuộc tỉnh (before 07/2025) or a xã/phường/thị trấn/đặc khu; `district_kind` says which."""

    district: str | None = None
    district_kind: str | None = None  # huyện | quận | thị xã | thành phố | xã | phường | thị trấn | đặc khu
    province: str | None = None
    province_kind: str | None = None  # tỉnh | thành phố

    def label(self) -> str:
        """'huyện Vĩnh Linh, tỉnh Quảng Trị' (or what is known of it)."""
        parts = []
        if self.district:
            parts.append(f"{self.district_kind or 'huyện'} {self.district}")
        if self.province:
            parts.append(f"{self.province_kind or 'tỉnh'} {self.province}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, str | None]:
        return {"district": self.district, "province": self.province}


@dataclass(frozen=True)
class Place:
    """A place a question names: (name with diacritics, level, province). Equality is on these three.

    `province` is None when the name belongs to several provinces and the question does not say which.
    `new_province` is the province after 07/2025 (the same for a new unit), `era` 'old' | 'new' | None
    (a province), `district` the old district of an old commune, `successor` the unit a former name was
    merged into ("xã Vĩnh Thạch" → Kim Thạch)."""

    name: str
    level: str  # province | district | commune
    province: str | None
    kind: str | None = field(default=None, compare=False)
    new_province: str | None = field(default=None, compare=False)
    era: str | None = field(default=None, compare=False)
    district: str | None = field(default=None, compare=False)
    successor: str | None = field(default=None, compare=False)


class _Unit(NamedTuple):
    name: str
    kind: str
    level: str
    province: str  # of its own era
    era: str | None  # None for a province (both eras)
    new_province: str | None
    district: str | None = None  # an old commune's district
    successor: str | None = None  # for a former name: the unit it was merged into


# ---------------------------------------------------------------- loading

def _package_dir() -> Path:
    """The installed package's folder, found without importing it (its __init__ imports shapely, geopy)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gazetteer package vietnamadminunits is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_PAREN = re.compile(r"\s*\([^)]*\)")


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _fkey(name: str) -> str:
    """The folded key of a name: its tokens folded, lower case, joined by spaces ("M'Đrắk" → "m drak")."""
    return " ".join(fold(t).lower() for t in _TOKEN.findall(nfc(name)))


_NUMBERED = re.compile(r"^(?:Quận|Phường|Huyện|Xã)\s+(\d+)$")


def _short(name: str) -> str:
    """The name without its note ("Kỳ Anh (Thị xã)" → "Kỳ Anh") or kind word ("Quận 1" → "1")."""
    if "(" in name:
        name = _PAREN.sub("", name).strip()
    if name[-1:].isdigit():
        m = _NUMBERED.match(name)
        return m.group(1) if m else name
    return name


_FULL_KIND = re.compile(r"^(Thành phố|Tỉnh)\s+")


def _data_key(name: str) -> str:
    """`_fkey` for the gazetteer's own names (already NFC)."""
    return " ".join(_TOKEN.findall(fold(name).lower()))


def _province_key(full: str) -> str:
    """The package's key of a province: 'Tỉnh Bà Rịa - Vũng Tàu' → 'tinhbariavungtau'."""
    return "".join(_TOKEN.findall(fold(full).lower()))


class _Index:
    """The gazetteer data and its look-up tables, built once."""

    def __init__(self) -> None:
        data = yaml.safe_load(resources.files("corpus").joinpath("data/localities.yaml").read_text("utf-8")) or {}
        folder = _package_dir() / "data"
        db = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
        try:  # the first columns only: the rest of a row (bounds, geocoder answers) stays on disk
            old_rows = db.execute("SELECT province, districtShort, districtType, wardShort, wardType"
                                  " FROM admin_units_legacy").fetchall()
            new_rows = db.execute("SELECT province, wardShort, wardType FROM admin_units").fetchall()
            formers = db.execute("SELECT province, districtShort, wardShort, districtAlias, wardAlias"
                                 " FROM admin_units_legacy WHERE districtAlias IS NOT NULL OR wardAlias IS NOT NULL"
                                 ).fetchall()
        finally:
            db.close()
        # old province → new province, from the converter's data (the provinces were merged whole)
        conv = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]

        self.province_kind: dict[str, str] = {}  # canonical name → kind
        self.mapping: dict[str, str] = {}  # old province → new province
        self.by_key: dict[str, list[_Unit]] = {}  # folded name → units (all levels, both eras)
        self.former: dict[str, list[_Unit]] = {}  # "xavinhthach" → former units (successor known)
        self.joined: dict[str, list[_Unit]] = {}  # "dakrong" → units whose name has several words
        self.spellings: dict[str, set[str]] = {}  # folded key of a province → its spellings, lower case
        self.not_bare = {_fkey(n) for n in data.get("not_bare") or ()}
        self.not_after_kind: dict[str, list[list[str]]] = {
            k: [w.split() for w in ws or ()] for k, ws in (data.get("not_after_kind") or {}).items()}
        self.not_before_kind = {(w, k) for k, ws in (data.get("not_before_kind") or {}).items() for w in ws or ()}

        short: dict[str, str] = {}  # full province name → canonical
        for full in {r[0] for r in old_rows} | {r[0] for r in new_rows}:
            m = _FULL_KIND.match(full)
            assert m is not None, full  # the table's province names all start with their kind
            short[full] = full[m.end():]
            self.province_kind[short[full]] = m.group(1).lower()
        by_pkey = {_province_key(full): name for full, name in short.items()}
        for new_key, old_keys in conv.items():
            for old_key in old_keys:
                self.mapping[by_pkey[old_key]] = by_pkey[new_key]
        self.provinces_old = frozenset(short[r[0]] for r in old_rows)
        self.provinces_new = frozenset(short[r[0]] for r in new_rows)

        for name, kind in self.province_kind.items():
            self._add(name, _Unit(name, kind, PROVINCE, name, None, self.mapping.get(name, name)))
            self._spelling(name)
        for canonical, aliases in (data.get("province_aliases") or {}).items():
            unit = self.by_key[_data_key(canonical)][0]
            for alias in aliases:
                self._add_alias(alias, unit)
        self.now: dict[str, str] = {}  # a former province name → its name now ("Thừa Thiên Huế" → "Huế")
        self.former_names: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # "Huế" → [(former, its words)]
        for name, info in (data.get("former_provinces") or {}).items():
            now = info["now"]
            self.now[name] = now
            self.province_kind[name] = info.get("kind", "tỉnh")
            self.mapping[name] = self.mapping.get(now, now)
            unit = _Unit(name, self.province_kind[name], PROVINCE, name, None, self.mapping[name])
            self._add(name, unit)
            spellings = [name, *(info.get("aliases") or ())]
            self._spelling(name)
            for alias in spellings[1:]:
                self._add_alias(alias, unit)
            words = "|".join(re.escape(key(a)) for a in spellings)
            self.former_names.setdefault(now, []).append((name, re.compile(rf"\b(?:{words})\b")))

        districts: dict[tuple[str, str], _Unit] = {}
        for full, dshort, dtype, wshort, wtype in old_rows:
            province = short[full]
            d = districts.get((province, dshort))
            if d is None:
                d = districts[(province, dshort)] = _Unit(_short(dshort), dtype.lower(), DISTRICT, province, OLD,
                                                          self.mapping.get(province))
                self._add(d.name, d)
            if wshort:
                name = _short(wshort)
                self._add(name, _Unit(name, wtype.lower(), COMMUNE, province, OLD, d.new_province, d.name))
        for full, wshort, wtype in new_rows:
            province, name = short[full], _short(wshort)
            self._add(name, _Unit(name, wtype.lower(), COMMUNE, province, NEW, province))
        seen: set[tuple[str, str]] = set()
        for full, dshort, wshort, dalias, walias in formers:
            province = short[full]
            if dalias and (province, dshort) not in seen:
                seen.add((province, dshort))
                self._add_former(dalias, DISTRICT, province, None, _short(dshort))
            if walias:
                self._add_former(walias, COMMUNE, province, _short(dshort), _short(wshort))

        self.max_words = max(k.count(" ") + 1 for k in self.by_key)
        # the Gazetteer's public dicts (old API): provinces with their aliases; old districts whose name
        # is neither a province's nor shared by districts of several provinces
        self.province_key_kind = {key(n): k for n, k in self.province_kind.items()}
        self.province_key_name = {key(n): n for n in self.province_kind}
        other_names = dict(data.get("province_aliases") or {})
        other_names.update({n: info.get("aliases") or [] for n, info in (data.get("former_provinces") or {}).items()})
        for canonical, aliases in other_names.items():
            for alias in aliases:
                self.province_key_kind[key(alias)] = self.province_kind[canonical]
                self.province_key_name[key(alias)] = canonical
        by_district: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for d in districts.values():
            by_district.setdefault(key(d.name), set()).add(d.province)
            names[key(d.name)] = d.name
        self.district_province = {k: next(iter(ps)) for k, ps in by_district.items()
                                  if len(ps) == 1 and k not in self.province_key_name and not k.isdigit()}
        self.district_name = {k: names[k] for k in self.district_province}

    def base(self, province: str) -> str:
        """The gazetteer's name of a province ("Thừa Thiên Huế" → "Huế")."""
        return self.now.get(province, province)

    def _add_alias(self, alias: str, unit: _Unit) -> None:
        units = self.by_key.setdefault(_fkey(alias), [])
        if unit not in units:
            units.append(unit)
        self._spelling(alias)

    def _spelling(self, name: str) -> None:
        self.spellings.setdefault(_fkey(name), set()).add(" ".join(_TOKEN.findall(nfc(name).lower())))

    def _add(self, name: str, unit: _Unit) -> None:
        k = _data_key(name)
        self.by_key.setdefault(k, []).append(unit)
        if " " in k:
            self.joined.setdefault(k.replace(" ", ""), []).append(unit)

    def _add_former(self, aliases: str, level: str, province: str, district: str | None, successor: str) -> None:
        """Former names ("xavinhthach": kind word first, folded, no spaces) of a unit merged into another."""
        for alias in json.loads(aliases):
            for prefix, kind in _ALIAS_PREFIXES:
                if alias.startswith(prefix) and len(alias) > len(prefix):
                    unit = _Unit(alias[len(prefix):], kind, level, province, OLD, self.mapping.get(province),
                                 district, successor)
                    self.former.setdefault(alias, []).append(unit)
                    break


_ALIAS_PREFIXES = (("thanhpho", "thành phố"), ("thixa", "thị xã"), ("thitran", "thị trấn"), ("huyen", "huyện"),
                   ("quan", "quận"), ("phuong", "phường"), ("xa", "xã"))

_LOCK = threading.Lock()
_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = _Index()
    return _INDEX


# ---------------------------------------------------------------- scanning words for places

# Kind words, folded: (tokens) → (level it names, kind).  "q"/"p" only before a number ("Q.1", "P12").
_KIND_WORDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("tinh",): (PROVINCE, "tỉnh"), ("tinh", "uy"): (PROVINCE, "tỉnh"),
    ("thanh", "pho"): ("city", "thành phố"), ("tp",): ("city", "thành phố"), ("t", "p"): ("city", "thành phố"),
    ("thanh", "uy"): ("city", "thành phố"),
    ("huyen",): (DISTRICT, "huyện"), ("huyen", "uy"): (DISTRICT, "huyện"),
    ("quan",): (DISTRICT, "quận"), ("quan", "uy"): (DISTRICT, "quận"), ("q",): (DISTRICT, "quận"),
    ("thi", "xa"): (DISTRICT, "thị xã"), ("tx",): (DISTRICT, "thị xã"), ("thi", "uy"): (DISTRICT, "thị xã"),
    ("xa",): (COMMUNE, "xã"), ("phuong",): (COMMUNE, "phường"), ("p",): (COMMUNE, "phường"),
    ("thi", "tran"): (COMMUNE, "thị trấn"), ("dac", "khu"): (COMMUNE, "đặc khu"),
    ("tinh", "doan"): (PROVINCE, "tỉnh"), ("thanh", "doan"): ("city", "thành phố"),
    ("huyen", "doan"): (DISTRICT, "huyện"), ("quan", "doan"): (DISTRICT, "quận"),
}
_KIND_SPELLING = {"tinh": "tỉnh", "thanh": "thành", "pho": "phố", "huyen": "huyện", "quan": "quận", "thi": "thị",
                  "xa": "xã", "phuong": "phường", "tran": "trấn", "dac": "đặc", "khu": "khu", "uy": "ủy",
                  "doan": "đoàn"}
_NUMBER_ONLY = {("q",), ("p",)}
_ABBREVIATED = {("tp",), ("t", "p"), ("tx",), ("q",), ("p",)}


@dataclass(slots=True)
class _Hit:
    start: int  # token index
    end: int
    level: str | None  # the level the kind word names (None: a bare name)
    kind: str | None  # the kind word as written, canonical ("huyện")
    units: list[_Unit]
    text: str  # the name as written


class _Words:
    """A text cut into tokens: original (tone marks normalised), folded lower case, spans."""

    __slots__ = ("text", "orig", "low", "folded", "spans", "accented", "titled", "gap")

    def __init__(self, text: str) -> None:
        self.text = normalize_tones(nfc(text))
        ms = _tokens(self.text)
        self.orig = [m.group(0) for m in ms]
        self.low = [t.lower() for t in self.orig]
        self.folded = [fold(t) for t in self.low]
        self.spans = [m.span() for m in ms]
        self.accented = any(f != t for f, t in zip(self.folded, self.low, strict=False))  # typed with diacritics
        # a text that writes names with capitals (a word after the first in Title case, not an acronym)
        self.titled = any(t[:1].isupper() and not t.isupper() for t in self.orig[1:])
        # what stands between token k-1 and token k: "" (spaces, a hyphen, an apostrophe), "." or "|" (a break)
        self.gap = [""] + [_gap(self.text[a[1]:b[0]]) for a, b in pairwise(self.spans)]

    def __len__(self) -> int:
        return len(self.orig)

    def written(self, i: int, j: int) -> str:
        return self.text[self.spans[i][0]:self.spans[j - 1][1]]

    def run(self, i: int, limit: int) -> int:
        """How many tokens from i (at most `limit`) stand together, no punctuation between them."""
        n = 1
        while n < limit and i + n < len(self.orig) and not self.gap[i + n]:
            n += 1
        return n


def _gap(between: str) -> str:
    s = between.strip()
    if not s or s in ("-", "–", "'", "’"):
        return ""
    return "." if s == "." else "|"


def _kind_at(w: _Words, i: int) -> tuple[int, str, str] | None:
    """The kind word starting at token i: (its length, level, kind), checking its diacritics when typed."""
    for n in (2, 1):
        words = tuple(w.folded[i:i + n])
        if len(words) < n or words not in _KIND_WORDS:
            continue
        if words in _NUMBER_ONLY and not (i + 1 < len(w) and w.orig[i + 1].isdigit()):
            continue
        if n == 2 and w.gap[i + 1] and not (words == ("t", "p") and w.gap[i + 1] == "."):
            continue
        if any((has_diacritics(w.low[i + k]) or w.accented) and w.low[i + k] != _KIND_SPELLING.get(words[k], words[k])
               for k in range(n)):
            continue  # "phương án", "quân đội": other diacritics; "cơ quan": a text typed with them
        level, kind = _KIND_WORDS[words]
        return n, level, kind
    return None


def _same_letters(w: _Words, i: int, j: int, name: str) -> bool:
    """Every token typed with diacritics is spelt as in the name ("Định Hưng" is not "Định Hùng")."""
    parts = [t.lower() for t in _TOKEN.findall(nfc(name))]
    if len(parts) != j - i:  # "Đakrông" for "Đa Krông"
        typed = "".join(w.low[i:j])
        return not has_diacritics(typed) or typed == "".join(parts)
    return all(not has_diacritics(w.low[k]) or w.low[k] == parts[k - i] for k in range(i, j))


_PREFIXES = {"huyện": "huyen", "quận": "quan", "thị xã": "thixa", "thành phố": "thanhpho", "xã": "xa",
             "phường": "phuong", "thị trấn": "thitran"}
_LEVEL_PREFIXES = {DISTRICT: ("huyen", "quan", "thixa", "thanhpho"), COMMUNE: ("xa", "phuong", "thitran")}


def _candidates(ix: _Index, k: str, joined: str, level: str, kind: str) -> list[_Unit]:
    """Units of this folded name that the kind word can name, best first: for 'thành phố' a province
    that is a city, else a city of a province, else a province; then former names ('xavinhthach')."""
    units = ix.by_key.get(k, [])
    if " " not in k and k in ix.joined:
        units = units + ix.joined[k]
    if level == "city":
        for keep in (lambda u: u.level == PROVINCE and u.kind == "thành phố",
                     lambda u: u.level == DISTRICT and u.kind == "thành phố"):
            found = [u for u in units if keep(u)]
            if found:
                return found
        found = ix.former.get("thanhpho" + joined, [])
        if found:
            return found
        return [u for u in units if u.level == PROVINCE]
    found = [u for u in units if u.level == level]
    if found or level == PROVINCE:
        return found
    first = _PREFIXES.get(kind)
    for prefix in (first, *(p for p in _LEVEL_PREFIXES[level] if p != first)):
        found = ix.former.get(f"{prefix}{joined}", [])
        if found:
            return found
    return []


def _typed_hit(ix: _Index, w: _Words, i: int, *, capitals: bool) -> _Hit | None:
    """A kind word at i followed by a known name ("huyện Mê Linh", "TP.HCM", "xã Vĩnh Thạch")."""
    found = _kind_at(w, i)
    if found is None:
        return None
    n, level, kind = found
    j = i + n
    if j >= len(w):
        return None
    if w.gap[j] and not (w.gap[j] == "." and tuple(w.folded[i:j]) in _ABBREVIATED):
        return None  # "… tương đương huyện; Chủ tịch …": the name does not follow the kind word
    if not w.orig[j][:1].isupper() and any(w.folded[j:j + len(p)] == p
                                           for p in ix.not_after_kind.get(w.folded[j - 1], ())):
        return None  # "phuong an" (phương án), "các xã, phường chỉ đạo"
    if i > 0 and not has_diacritics(w.written(i, j)) and (w.folded[i - 1], w.folded[i]) in ix.not_before_kind:
        return None  # "co quan" (cơ quan)
    if w.titled and not (w.orig[j][:1].isupper() or w.orig[j].isdigit()):
        return None  # a text that capitalises names: "phường chỉ đạo" is not a place
    if tuple(w.folded[i:j]) in _NUMBER_ONLY and not w.orig[j].isdigit():
        return None
    if capitals and not (w.orig[j][:1].isupper() or w.orig[j].isdigit()):
        return None
    for m in range(w.run(j, ix.max_words), 0, -1):
        units = _candidates(ix, " ".join(w.folded[j:j + m]), "".join(w.folded[j:j + m]), level, kind)
        if not units:
            continue
        if m == 1 and not (w.orig[j][:1].isupper() or w.orig[j].isdigit()):
            units = [u for u in units if " " in u.name]  # "huyen dakrong" is Đa Krông, but a one-word
            if not units:  # name needs its capital: "xã Ban", not "xã ban hành"
                continue
        if level in (DISTRICT, COMMUNE) and all(u.kind != kind for u in units) and any(
                u.level in (PROVINCE, DISTRICT) and u.level != level
                for u in ix.by_key.get(" ".join(w.folded[j:j + m]), ())):
            return None  # "các huyện Sơn La", "các xã, thị trấn Mê Linh": the kind word is not part of the name
        exact = [u for u in units if u.successor is None and _same_letters(w, j, j + m, u.name)]
        if not exact and (units[0].level == COMMUNE or m == 1) and units[0].successor is None and has_diacritics(
                w.written(j, j + m)):
            continue  # "xã Định Hùng" is not "xã Định Hưng", "huyện Chủ" not "thị xã Chũ"
        return _Hit(i, j + m, level, kind, exact or units, w.written(j, j + m))
    return None


def _bare_hit(ix: _Index, w: _Words, i: int, *, districts: bool = True) -> _Hit | None:
    """A province or old district named alone ("dong thap", "Bắc Ninh", "HN", "Mê Linh")."""
    if not w.folded[i][:1].isalpha():
        return None
    for m in range(w.run(i, ix.max_words), 0, -1):
        k = " ".join(w.folded[i:i + m])
        units = ix.by_key.get(k, [])
        if m == 1 and k in ix.joined:
            units = units + ix.joined[k]
        if not units:
            continue
        provinces = [u for u in units if u.level == PROVINCE]
        if provinces and any(_same_letters(w, i, i + m, s) for s in ix.spellings.get(k, ())):
            return _Hit(i, i + m, None, None, provinces[:1], w.written(i, i + m))
        if not districts or k in ix.not_bare or m == 1:
            continue  # a one-word district ("Vinh") only after its kind word: "Trần Quốc Vinh" is a person
        found = [u for u in units if u.level == DISTRICT and _same_letters(w, i, i + m, u.name)]
        if not found:
            continue
        if m == 1 and not w.orig[i][:1].isupper():
            continue  # "vinh danh" is not the city of Vinh
        if any(_province_at(ix, w, j) for j in range(i + 1, i + m)):
            return None  # "điện tu son la": the province Sơn La, not the town Từ Sơn its first word would make
        return _Hit(i, i + m, None, None, found, w.written(i, i + m))
    return None


def _province_at(ix: _Index, w: _Words, i: int) -> bool:
    """A province's name, as written, starts at word i."""
    for m in range(w.run(i, ix.max_words), 1, -1):
        k = " ".join(w.folded[i:i + m])
        if any(u.level == PROVINCE for u in ix.by_key.get(k, ())) and any(
                _same_letters(w, i, i + m, sp) for sp in ix.spellings.get(k, ())):
            return True
    return False


def _scan(ix: _Index, w: _Words, *, bare: bool = True, districts: bool = True, capitals: bool = False) -> list[_Hit]:
    hits: list[_Hit] = []
    i = 0
    while i < len(w):
        hit = _typed_hit(ix, w, i, capitals=capitals) or (_bare_hit(ix, w, i, districts=districts) if bare else None)
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        i = hit.end
    return hits


_UNKNOWN_AFTER = {"hoi", "uy"}  # "XÃ HỘI", "TỈNH ỦY" are not places


def _unknown_hits(w: _Words, known: list[_Hit]) -> list[_Hit]:
    """Kind word + capitalised words that the gazetteer does not know (ALL-CAPS issuer lines)."""
    taken = {k for h in known for k in range(h.start, h.end)}
    out = []
    i = 0
    while i < len(w):
        found = _kind_at(w, i) if i not in taken else None
        if found is None or found[1] == PROVINCE:
            i += 1
            continue
        n, level, kind = found
        j = i + n
        m = j
        while m < len(w) and m - j < 4 and m not in taken and w.orig[m][:1].isupper() and not _kind_at(w, m):
            m += 1
        if m > j and w.folded[j] not in _UNKNOWN_AFTER:
            name = " ".join(t[:1].upper() + t[1:].lower() for t in w.written(j, m).split())
            out.append(_Hit(i, m, DISTRICT if level == "city" else level, kind, [], name))
        i = max(m, i + 1)
    return out


# ---------------------------------------------------------------- the gazetteer

_NATIONAL = re.compile(
    r"^(bo|chinh phu|thu tuong|van phong chinh phu|quoc hoi|uy ban thuong vu quoc hoi|cuc|tong cuc|vu|"
    r"thanh tra chinh phu|kiem toan nha nuoc|ngan hang nha nuoc|toa an nhan dan toi cao|"
    r"vien kiem sat nhan dan toi cao|bao hiem xa hoi viet nam|ban chap hanh trung uong|bo chinh tri|ban bi thu|"
    r"chu tich nuoc|van phong chu tich nuoc|hoi dong quoc gia|uy ban quoc gia)\b"
    r"|\b(trung uong|chinh phu|quoc gia|toan quoc)\b")
_MOTTO = re.compile(r"cong hoa xa hoi|doc lap tu do")
_NUMBER_LINE = re.compile(r"^\s*(?:Số|SỐ)\b")


@dataclass
class Gazetteer:
    """Known provinces (with their kind) and districts with their province, over the official gazetteer.

    The four dicts are the old, simple view (keys are `corpus.text.key` of a name): provinces and their
    other names; districts before 07/2025 whose name says their province (a name shared by several
    provinces is left out, and so is a district named like its province); `add_district` teaches more.
    The full data (all districts and communes of both eras) is behind `resolve_header`, `places_in`,
    `mapping`, `new_province_of`."""

    province_kind: dict[str, str] = field(default_factory=dict)  # key(name) -> kind
    province_name: dict[str, str] = field(default_factory=dict)  # key(name) -> name
    district_province: dict[str, str] = field(default_factory=dict)  # key(district) -> province name
    district_name: dict[str, str] = field(default_factory=dict)  # key(district) -> name

    # -- the old API -------------------------------------------------------------------------------------
    def add_district(self, district: str, province: str) -> None:
        """Learn (or re-learn) the province of a district."""
        self.district_province.setdefault(key(district), province)
        self.district_name.setdefault(key(district), district)

    def is_province(self, name: str) -> bool:
        return key(name) in self.province_kind or _strip_kind(name) in self.province_kind

    def province_of(self, district: str) -> str | None:
        return self.district_province.get(key(district))

    def kind_of_province(self, name: str) -> str:
        return self.province_kind.get(key(name)) or self.province_kind.get(_strip_kind(name), "tỉnh")

    def canonical_province(self, name: str) -> str:
        return self.province_name.get(key(name)) or self.province_name.get(_strip_kind(name), name)

    # -- after 07/2025 -----------------------------------------------------------------------------------
    @property
    def mapping(self) -> Mapping[str, str]:
        """Old province (63) → the province it is part of from 07/2025 (34): 'Bắc Kạn' → 'Thái Nguyên'."""
        return _index().mapping

    def new_province_of(self, name: str, *, level: str | None = None, province: str | None = None) -> str | None:
        """The province after 07/2025 of an old (or new) province, district or commune, when the name says
        it (the old province narrows a name shared by several): 'Mê Linh' → 'Hà Nội'."""
        ix = _index()
        w = _Words(name)
        units = [u for u in ix.by_key.get(" ".join(w.folded), ()) if level is None or u.level == level]
        if province:
            p = self.canonical_province(province)
            units = [u for u in units if p in (u.province, u.new_province)] or units
        exact = [u for u in units if _same_letters(w, 0, len(w), u.name)]
        news = {u.new_province for u in exact or units}
        return next(iter(news)) if len(news) == 1 else None

    def provinces_2025(self) -> frozenset[str]:
        """The 34 provinces from 07/2025."""
        return _index().provinces_new

    # -- questions ---------------------------------------------------------------------------------------
    def places_in(self, text: str) -> list[Place]:
        """The places a question names, typed with or without diacritics: provinces and old districts by
        name alone ("dong thap", "TP.HCM", "HN", "Mê Linh"); communes only after xã/phường/thị trấn/đặc khu."""
        if not text:
            return []
        ix = _index()
        w = _Words(text)
        hits = _scan(ix, w)
        return _places(self, hits)

    # -- directives --------------------------------------------------------------------------------------
    def resolve_header(self, issuer_lines: list[str], place: str | None, body: str) -> Locality:
        """The locality of a directive from its issuer block as written, the place of its place-and-date
        line, and (last, never over the issuer) its body.

        A national issuer (Bộ, Chính phủ, Thủ tướng, Cục, Ban Chỉ đạo trung ương …) naming no place: no
        locality. A provincial issuer: the province only. A district issuer: the district and its province
        (before 07/2025). A commune issuer: the commune and its province."""
        ix = _index()
        lines = [ln for ln in (issuer_lines or []) if ln and ln.strip()]
        lines = [ln for ln in lines if not _MOTTO.search(key(ln)) and not _NUMBER_LINE.match(nfc(ln))]
        context = _Context(self, ix, body or "", place, lines)
        hits: list[_Hit] = []
        for ln in lines:
            w = _Words(ln)
            found = _scan(ix, w, bare=False, capitals=True)
            hits += found + _unknown_hits(w, found)
        if hits:
            return context.locality(hits)
        if any(_NATIONAL.search(key(ln)) for ln in lines):
            return Locality()
        for ln in lines:  # a province or district written without its kind word ("SỞ NỘI VỤ HÀ NỘI")
            hits += _scan(ix, _Words(ln), capitals=True)
        if hits:
            return context.locality(hits)
        if place:
            loc = context.from_place(place)
            if loc is not None:
                return loc
        return context.from_body()


class _Context:
    """What the place line and body say, to choose among units of the same name."""

    def __init__(self, gaz: Gazetteer, ix: _Index, body: str, place: str | None, lines: list[str]) -> None:
        self.gaz, self.ix, self.body, self.place, self.lines = gaz, ix, body, place, lines
        self._mentions: list[_Hit] | None = None

    @property
    def mentions(self) -> list[_Hit]:
        """Places the body names with their kind word and a capital ("huyện Vĩnh Linh", "tỉnh Quảng Trị")."""
        if self._mentions is None:
            self._mentions = _scan(self.ix, _Words(self.body[:20000]), bare=False, capitals=True)
        return self._mentions

    def _body_provinces(self) -> Counter[str]:
        c: Counter[str] = Counter()
        for h in self.mentions:
            provinces = {self.ix.base(u.province) for u in h.units if u.level == PROVINCE}
            if len(provinces) == 1:
                c[next(iter(provinces))] += 1
        return c

    def _body_names(self, level: str) -> Counter[str]:
        return Counter(_fkey(h.text) for h in self.mentions if h.units and h.units[0].level == level)

    def choose(self, units: list[_Unit], block_provinces: set[str], block_districts: set[str]) -> list[_Unit]:
        """Narrow units of one name: by the issuer block, the learned districts, the place line, the body."""
        def narrow(keep: Callable[[_Unit], bool]) -> None:
            nonlocal units
            kept = [u for u in units if keep(u)]
            if kept:
                units = kept

        block_provinces = {self.ix.base(p) for p in block_provinces}
        if len({(u.province, u.era, u.district) for u in units}) > 1 and block_provinces:
            narrow(lambda u: u.province in block_provinces)
            narrow(lambda u: u.new_province in block_provinces)
        if len({u.province for u in units}) > 1 and block_districts:
            narrow(lambda u: u.district is not None and _fkey(u.district) in block_districts)
        if len({u.province for u in units}) > 1:
            learned = {self.gaz.district_province.get(key(u.name)) for u in units if u.level == DISTRICT}
            narrow(lambda u: u.province in learned)
        if len({u.province for u in units}) > 1 and self.place:
            p = self._place_province()
            if p:
                narrow(lambda u: u.province == p)
                narrow(lambda u: u.new_province == p)
        if len({u.province for u in units}) > 1:
            districts = self._body_names(DISTRICT)
            narrow(lambda u: u.district is not None and districts[_fkey(u.district)] > 0)
        if len({u.province for u in units}) > 1:
            counts = self._body_provinces()
            best = max((counts[u.province] + counts[u.new_province or ""] for u in units), default=0)
            if best:
                narrow(lambda u: counts[u.province] + counts[u.new_province or ""] == best)
        if len({u.era for u in units}) > 1:
            districts = self._body_names(DISTRICT)
            old_hint = any(districts[_fkey(u.district)] for u in units if u.district)
            narrow(lambda u: u.era == (OLD if old_hint else NEW))
        return units

    def _place_province(self) -> str | None:
        w = _Words(self.place or "")
        hits = [h for h in _scan(self.ix, w) if h.units and h.units[0].level == PROVINCE]
        return self.ix.base(hits[0].units[0].province) if hits else None

    def locality(self, hits: list[_Hit]) -> Locality:
        """The lowest unit the issuer block (or place line) names, with its province."""
        provinces = {u.province for h in hits for u in h.units if u.level == PROVINCE}
        districts = {_fkey(h.text) for h in hits if h.level == DISTRICT or (h.units and h.units[0].level == DISTRICT)}
        for level in (COMMUNE, DISTRICT):
            own = [h for h in hits if _level_of(h) == level]
            if not own:
                continue
            h = own[-1]
            if not h.units:  # a name the gazetteer does not know: as written, province from the block
                province = next(iter(provinces)) if len(provinces) == 1 else self._fallback_province()
                return self._make(h.text, h.kind or ("xã" if level == COMMUNE else "huyện"), province)
            units = self.choose(list(h.units), provinces, districts - {_fkey(h.text)})
            u = units[0]
            name = _shown(h, u)
            province = u.province if len({x.province for x in units}) == 1 else (
                next(iter(provinces)) if len(provinces) == 1 else None)
            return self._make(name, h.kind or u.kind, self.written(province, provinces))
        if provinces:
            first = next(u.province for h in hits for u in h.units if u.level == PROVINCE)
            return self._make(None, None, first)
        return Locality()

    def _fallback_province(self) -> str | None:
        p = self._place_province()
        if p:
            return p
        counts = self._body_provinces()
        return counts.most_common(1)[0][0] if counts else None

    def written(self, province: str | None, block: AbstractSet[str] = frozenset()) -> str | None:
        """The province as the letter names it: the issuer block's name of it, else a former name the
        letter uses ("Thừa Thiên Huế"), else the gazetteer's."""
        if province is None:
            return None
        for b in block:
            if self.ix.base(b) == province:
                return b
        formers = self.ix.former_names.get(province)
        if formers:
            text = key(" ".join([*self.lines, self.place or "", self.body[:20000]]))
            for name, words in formers:
                if words.search(text):
                    return name
        return province

    def _make(self, district: str | None, kind: str | None, province: str | None) -> Locality:
        return Locality(district=district, district_kind=kind if district else None, province=province,
                        province_kind=self.ix.province_kind.get(province) if province else None)

    def from_place(self, place: str) -> Locality | None:
        """The place line alone: a province; a district (before 07/2025); a new commune; the district of an
        old thị trấn (the seat of a district's offices); an old commune."""
        w = _Words(place)
        if not len(w):
            return None
        hits = _scan(self.ix, w)
        if hits and hits[0].units and hits[0].units[0].level == PROVINCE and hits[0].end == len(w):
            return self._make(None, None, self.written(hits[0].units[0].province))
        if hits and hits[0].level in (DISTRICT, COMMUNE, "city"):
            return self.locality(hits)
        units = [u for u in self.ix.by_key.get(" ".join(w.folded), ()) if u.level != PROVINCE]
        exact = [u for u in units if _same_letters(w, 0, len(w), u.name)]
        units = exact or units
        if not units:
            return None
        said = self._body_names(COMMUNE)
        name_key = " ".join(w.folded)
        districts = [u for u in units if u.level == DISTRICT]
        communes = [u for u in units if u.level == COMMUNE]
        if districts and (not communes or said[name_key] <= self._body_names(DISTRICT)[name_key]):
            u = self.choose(districts, set(), set())
            return self._make(u[0].name, u[0].kind,
                              self.written(u[0].province) if len({x.province for x in u}) == 1 else None)
        new = self.choose([u for u in communes if u.era == NEW], set(), set())
        seats = self.choose([u for u in communes if u.era == OLD and u.kind == "thị trấn"], set(), set())
        if seats and not (new and said[name_key]):
            # the town that is the seat of a district: the district's letter
            body_districts = self._body_names(DISTRICT)
            if not new or any(body_districts[_fkey(u.district or "")] for u in seats):
                return self._district_of(seats)
        if new:
            return self._commune(new)
        olds = self.choose([u for u in communes if u.era == OLD], set(), set())
        return self._commune(olds) if olds else None

    def _district_of(self, seats: list[_Unit]) -> Locality:
        pairs = {(u.district, u.province) for u in seats}
        if len(pairs) != 1:
            return Locality()
        district, province = next(iter(pairs))
        d = [u for u in self.ix.by_key.get(_fkey(district or ""), ()) if u.level == DISTRICT and u.province == province]
        return self._make(district, d[0].kind if d else "huyện", self.written(province))

    def _commune(self, units: list[_Unit]) -> Locality:
        u = units[0]
        return self._make(u.name, u.kind, self.written(u.province) if len({x.province for x in units}) == 1 else None)

    def from_body(self) -> Locality:
        """Last resort: the province the body names most, and a district it names at least twice."""
        counts = self._body_provinces()
        province = counts.most_common(1)[0][0] if counts else None
        districts: Counter[tuple[str, str, str | None]] = Counter()
        for h in self.mentions:
            ds = {(u.name, u.kind, u.province) for u in h.units if u.level == DISTRICT and u.successor is None}
            if province:
                ds = {d for d in ds if d[2] == province}
            if len(ds) == 1:
                districts[next(iter(ds))] += 1
            elif len({d[0] for d in ds}) == 1 and not province:  # a name of several provinces
                districts[(next(iter(ds))[0], h.kind or "huyện", None)] += 1
        top = districts.most_common(2)
        if top and (top[0][1] >= 2 or not province) and (len(top) == 1 or top[0][1] > top[1][1]):
            name, kind, p = top[0][0]
            return self._make(name, kind, self.written(p))
        return self._make(None, None, self.written(province))


def _level_of(h: _Hit) -> str | None:
    if h.units:
        return h.units[0].level
    return h.level


def _shown(h: _Hit, u: _Unit) -> str:
    """The name to keep: the gazetteer's, or for a former name the name as written."""
    if u.successor is None:
        return u.name
    text = h.text
    if text.isupper() or not has_diacritics(text):
        text = " ".join(t[:1].upper() + t[1:].lower() for t in text.split())
    return text


def _strip_kind(name: str) -> str:
    k = key(name)
    return re.sub(r"^(tinh|thanh pho|tp|t p)\s+", "", k)


def _places(gaz: Gazetteer, hits: list[_Hit]) -> list[Place]:
    """Hits as places; a name of several provinces is narrowed by the provinces and districts the same
    question names, else its province is left None."""
    ix = _index()
    named_provinces = {ix.base(u.province) for h in hits if len(h.units) == 1 and h.units[0].level == PROVINCE
                       for u in h.units}
    named_districts = {_fkey(h.units[0].name) for h in hits if h.units and h.units[0].level == DISTRICT}
    out: list[Place] = []
    for h in hits:
        units = list(h.units)
        if len({u.province for u in units}) > 1 and named_provinces:
            units = ([u for u in units if u.province in named_provinces]
                     or [u for u in units if u.new_province in named_provinces] or units)
        if len({u.province for u in units}) > 1 and named_districts:
            units = [u for u in units if u.district and _fkey(u.district) in named_districts] or units
        if units[0].level == COMMUNE and len({u.province for u in units}) > 1:
            new = [u for u in units if u.era == NEW]
            if len({u.province for u in new}) == 1:
                units = new
        u = units[0]
        provinces = {x.province for x in units}
        news = {x.new_province for x in units}
        districts = {x.district for x in units}
        eras = {x.era for x in units}
        name = _shown(h, u) if u.successor else u.name
        out.append(Place(name, u.level, u.province if len(provinces) == 1 else None,
                         kind=u.kind if u.level == PROVINCE or not h.kind else h.kind,
                         new_province=next(iter(news)) if len(news) == 1 else None,
                         era=next(iter(eras)) if len(eras) == 1 else None,
                         district=next(iter(districts)) if len(districts) == 1 else None,
                         successor=u.successor if len({x.successor for x in units}) == 1 else None))
    seen: set[tuple] = set()
    unique = []
    for p in out:
        k = (p.name, p.level, p.province)
        if k not in seen:
            seen.add(k)
            unique.append(p)
    return unique


# ---------------------------------------------------------------- module API

def default_gazetteer() -> Gazetteer:
    """The official gazetteer (a fresh Gazetteer the caller may extend; the data itself is shared)."""
    ix = _index()
    return Gazetteer(province_kind=dict(ix.province_key_kind), province_name=dict(ix.province_key_name),
                     district_province=dict(ix.district_province), district_name=dict(ix.district_name))


def _clean_name(name: str) -> str:
    """Cut a captured place name at words that cannot be part of it."""
    words: list[str] = []
    for w in re.split(r"\s+", name.strip()):
        if words and (w[:1].islower() or w in {"UBND", "HĐND", "CCHC"}):
            break
        words.append(w)
    return " ".join(words).strip(" -")


def find_district(text: str, place: str | None) -> tuple[str | None, str | None]:
    """The district the text is about: the place line's name when the text calls it a district."""
    counts: Counter[tuple[str, str]] = Counter()
    for m in _DISTRICT_RE.finditer(text):
        counts[(m.group(1).lower(), _clean_name(m.group(2)))] += 1
    if place:
        for (kind, name), _ in counts.most_common():
            if key(name) == key(place):
                return name, kind
        return place, None
    if counts:
        (kind, name), _ = counts.most_common(1)[0]
        return name, kind
    return None, None


def find_province(text: str, gaz: Gazetteer, *, exclude: str | None = None) -> str | None:
    """The province the text names most often (a known province first)."""
    counts: Counter[str] = Counter()
    for m in _PROVINCE_RE.finditer(text):
        name = _clean_name(m.group(1))
        if exclude and key(name) == key(exclude):
            continue
        counts[name] += 1
    known = [n for n, _ in counts.most_common() if gaz.is_province(n)]
    if known:
        return gaz.canonical_province(known[0])
    return None


def resolve_locality(text: str, place: str | None, issuer_hint: str | None, gaz: Gazetteer) -> Locality:
    """District (or commune) and province of a directive from its place line, issuer and body (the older
    entry point: the issuer as one line)."""
    return gaz.resolve_header([issuer_hint] if issuer_hint else [], place, text)


def load_stats() -> dict[str, int]:
    """How much the gazetteer holds (for reports and tests)."""
    ix = _index()
    levels: Counter[str] = Counter()
    for units in ix.by_key.values():
        for u in units:
            levels[f"{u.level}:{u.era}"] += 1
    return {"provinces_old": len(ix.provinces_old), "provinces_new": len(ix.provinces_new),
            "former_names": sum(len(v) for v in ix.former.values()), **levels}

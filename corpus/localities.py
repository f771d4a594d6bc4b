"""Where a directive comes from: district and province, read from the text with a small gazetteer."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from corpus.text import key
from corpus.text import UPPER as U

_NAME = rf"[{U}][^\W\d_]*(?:[ \-]+[{U}][^\W\d_]*){{0,3}}"
_LEVEL_WORDS = {"huyện": "huyện", "quận": "quận", "thị xã": "thị xã", "thành phố": "thành phố", "xã": "xã"}
_DISTRICT_RE = re.compile(r"\b(huyện|quận|thị xã|thành phố|xã|phường|thị trấn|Huyện|Quận|Thị xã|Thành phố|Xã|Phường|Thị trấn)[ \t]+(" + _NAME + ")")
_PROVINCE_RE = re.compile(
    r"\b(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|[Tt]hành ủy|[Tt]ỉnh ủy|UBND tỉnh|UBND thành phố)[ \t]+(" + _NAME + ")"
)


@dataclass(frozen=True)
class Locality:
    """A district (or a province alone) as the letters name it."""

    district: str | None = None
    district_kind: str | None = None  # huyện | quận | thị xã | thành phố | xã
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


@dataclass
class Gazetteer:
    """Known provinces (with their kind) and districts with their province."""

    province_kind: dict[str, str] = field(default_factory=dict)  # key(name) -> kind
    province_name: dict[str, str] = field(default_factory=dict)  # key(name) -> name
    district_province: dict[str, str] = field(default_factory=dict)  # key(district) -> province name
    district_name: dict[str, str] = field(default_factory=dict)  # key(district) -> name

    def add_district(self, district: str, province: str) -> None:
        """Learn (or re-learn) the province of a district."""
        self.district_province.setdefault(key(district), province)
        self.district_name.setdefault(key(district), district)

    def is_province(self, name: str) -> bool:
        return key(name) in self.province_kind

    def province_of(self, district: str) -> str | None:
        return self.district_province.get(key(district))

    def kind_of_province(self, name: str) -> str:
        return self.province_kind.get(key(name), "tỉnh")

    def canonical_province(self, name: str) -> str:
        return self.province_name.get(key(name), name)


@lru_cache(maxsize=1)
def _load_default() -> dict:
    text = resources.files("corpus").joinpath("data/localities.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in corpus/data/localities.yaml (a fresh copy the caller may extend)."""
    data = _load_default()
    gaz = Gazetteer()
    for kind, names in data.get("provinces", {}).items():
        for name in names:
            gaz.province_kind[key(name)] = kind
            gaz.province_name[key(name)] = name
    for province, districts in data.get("districts", {}).items():
        for d in districts:
            gaz.add_district(d, province)
    return gaz


def _clean_name(name: str) -> str:
    """Cut a captured place name at words that cannot be part of it."""
    words = []
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
    """District and province of a directive from its place line, issuer and body."""
    if place and gaz.is_province(place) and not re.search(r"(huyện|quận|thị xã)\s+" + re.escape(place), text):
        name = gaz.canonical_province(place)
        return Locality(province=name, province_kind=gaz.kind_of_province(name))
    district, kind = find_district((issuer_hint or "") + "\n" + text, place)
    province = find_province(text, gaz, exclude=district)
    if district and not province:
        province = gaz.province_of(district)
    if not kind and district:
        kind = "huyện"
    return Locality(
        district=district,
        district_kind=kind,
        province=province,
        province_kind=gaz.kind_of_province(province) if province else None,
    )

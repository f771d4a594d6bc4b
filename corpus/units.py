"""Units and groups of units: the registry of known names, resolving a name, finding names in a sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from corpus.text import UPPER as U
from corpus.text import fold, nfc, normalize_tones

# Token rewrites applied to every unit name before comparing (after folding and lower-casing).
_PHRASES = [
    (("uy", "ban", "nhan", "dan"), ("ubnd",)),
    (("hoi", "dong", "nhan", "dan"), ("hdnd",)),
    (("vp",), ("van", "phong")),
    (("p",), ("phong",)),
    (("tt", "hdnd"), ("thuong", "truc", "hdnd")),
]
_PHRASES_AT: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _src, _dst in _PHRASES:  # by first token, in the order written
    _PHRASES_AT.setdefault(_src[0], []).append((_src, _dst))
_DROP = {"va"}
_TAIL = {"huyen", "tinh"}  # locality words a name may carry or drop
_TOKEN_RE = re.compile(r"\w+|&")
FUZZY_CUTOFF = 92  # below this score a name is refused rather than guessed ("Sở Ngoại vụ" is not "Sở Nội vụ": 90)
_COMMUNE_RE = re.compile(
    rf"\b(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(xã|phường|thị trấn)\s+((?:[{U}][^\W\d_]*\s?){{1,3}})"
)
_GENERIC_RE = re.compile(
    r"\b(Phòng|Sở|Ban|Trung tâm|Chi cục|Văn phòng|Viện|Cục|Bộ phận|Báo|Đài|Hội|Liên đoàn|Công đoàn|Bộ|"
    r"Ủy ban Mặt trận|Uỷ ban Mặt trận|Tỉnh đoàn|Huyện đoàn|Ban Quản lý|Kho bạc|Bảo hiểm xã hội|Công an)\s+"
    rf"((?:[{U}][^\W\d_]*|và|-|–|,)(?:\s+(?:[{U}][^\W\d_]*|và|-|–|&))*)"
)


@dataclass(frozen=True)
class UnitTemplate:
    """A kind of unit every locality has, or a group standing for many units."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    is_group: bool = False
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A unit named in a text: where, as written, and what it resolves to."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    is_group: bool
    members: tuple[str, ...] = ()
    listed: bool = False  # one of several units a list names at once ("Giám đốc các Sở: Nội vụ, Tư pháp")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded lower-case tokens with their character spans ('&' is read as 'và')."""
    folded = fold(normalize_tones(nfc(text))).lower()
    out = []
    for m in _TOKEN_RE.finditer(folded):
        tok = "va" if m.group(0) == "&" else m.group(0)
        out.append((tok, m.start(), m.end()))
    return out


def _rewrite(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i][0]
        for src, dst in _PHRASES_AT.get(tok, ()):
            k = len(src)
            if (k == 1 or tuple(t for t, _, _ in tokens[i:i + k]) == src) and not (src == ("p",) and i + 1 >= n):
                start, end = tokens[i][1], tokens[i + k - 1][2]
                out.extend((d, start, end) for d in dst)
                i += k
                break
        else:
            if tok not in _DROP:
                out.append(tokens[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def unit_key(name: str, *, strip_tail: bool = True) -> str:
    """The comparison key of a unit name: 'Văn phòng HĐND & UBND huyện' → 'van phong hdnd ubnd'."""
    toks = [t for t, _, _ in _rewrite(_tokens(name))]
    while strip_tail and len(toks) > 2 and toks[-1] in _TAIL:
        toks.pop()
    return " ".join(toks)


def _scannable(alias: str) -> bool:
    """Only names that start with a unit word are looked for in running text ('Nội vụ' alone is not)."""
    return bool(re.match(r"(?i)(phòng|p\.|văn phòng|vp|thanh tra|trung tâm|ban|sở|ubnd|ủy ban|uỷ ban|công an|"
                         r"chi cục|các|cơ quan|đơn vị|trưởng|chủ tịch|bộ phận)\b", alias))


@dataclass
class UnitRegistry:
    """Every known unit kind and group, with an index of their keys."""

    templates: list[UnitTemplate] = field(default_factory=list)
    by_key: dict[str, UnitTemplate] = field(default_factory=dict)
    scan_index: dict[str, list[tuple[tuple[str, ...], UnitTemplate]]] = field(default_factory=dict)
    by_full_key: dict[str, UnitTemplate] = field(default_factory=dict)  # keys with their level word kept

    def add(self, template: UnitTemplate) -> None:
        """Register a template under its name and aliases (later entries do not override earlier keys)."""
        self.__dict__.pop("_scans", None)
        self.templates.append(template)
        for alias in (template.name, *template.aliases):
            k = unit_key(alias)
            if not k:
                continue
            self.by_key.setdefault(k, template)
            self.by_full_key.setdefault(unit_key(alias, strip_tail=False), template)
            if _scannable(alias) or alias == template.name:
                seq = tuple(unit_key(alias, strip_tail=False).split())
                self.scan_index.setdefault(seq[0], []).append((seq, template))
        for seqs in self.scan_index.values():
            seqs.sort(key=lambda st: -len(st[0]))

    def resolve(self, name: str) -> UnitTemplate | None:
        """The unit a name stands for; a spelling variant is accepted only above FUZZY_CUTOFF."""
        k = unit_key(name)
        if not k:
            return None
        full = self.by_full_key.get(unit_key(name, strip_tail=False))
        if full is not None:
            return full  # "Văn phòng UBND tỉnh" is the province's office, not the district's "Văn phòng UBND"
        if k in self.by_key:
            return _at_level(self.by_key[k], name)
        match = process.extractOne(k, list(self.by_key), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.by_key[match[0]] if match else None

    def scan(self, text: str) -> list[Mention]:
        """Every unit named in the text, longest names first, in text order."""
        cache = self.__dict__.setdefault("_scans", {})
        if text in cache:
            return list(cache[text])
        found = self._scan(text)
        if len(cache) > 20000:
            cache.clear()
        cache[text] = tuple(found)
        return found

    def _scan(self, text: str) -> list[Mention]:
        toks = _rewrite(_tokens(text))
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            hit = self._match_at(toks, i)
            if hit:
                n, template = hit
                start, end = toks[i][1], toks[i + n - 1][2]
                end = _extend_tail(text, end)
                if template.is_group or any(c.isupper() for c in text[start:end]):
                    found.append(_mention(text, start, end, template))
                i += n
            else:
                i += 1
        merged = _merge(_generic_orgs(text, self), found, _communes(text), _generic(text, self))
        return [replace(m, name=as_listed(m.name, m.text)) if m.is_group else m for m in merged]

    def _match_at(self, toks: list[tuple[str, int, int]], i: int) -> tuple[int, UnitTemplate] | None:
        for seq, template in self.scan_index.get(toks[i][0], []):
            if tuple(t for t, _, _ in toks[i:i + len(seq)]) == seq:
                return len(seq), template
        return None


_LEVEL_TAIL = re.compile(r"\s+(huyện|tỉnh)$")


def _at_level(template: UnitTemplate, name: str) -> UnitTemplate:
    """The template under the level the name is written with: 'Thanh tra tỉnh' is not 'Thanh tra huyện' (one kind
    of unit, the name keeps its level word)."""
    written, own = _LEVEL_TAIL.search(name.strip()), _LEVEL_TAIL.search(template.name)
    if written and own and written.group(1) != own.group(1):
        return replace(template, name=template.name[:own.start()] + " " + written.group(1))
    return template


def _extend_tail(text: str, end: int) -> int:
    m = re.match(r"\s+(huyện|tỉnh)\b", text[end:])
    return end + m.end() if m else end


def _mention(text: str, start: int, end: int, t: UnitTemplate) -> Mention:
    return Mention(start, end, text[start:end], t.name, t.kind, t.is_group, t.members)


_LEVEL = r"(?:huyện|quận|thị xã|thành phố|tỉnh|xã|phường|thị trấn|đặc khu)"
_LEVEL_LIST = re.compile(rf"(?i)\bcác\s+({_LEVEL}(?:\s*(?:,|/|và)\s*{_LEVEL})+)")
_LEVEL_SPLIT = re.compile(r"\s*(?:,|/|\bvà\b)\s*")


def as_listed(name: str, written: str) -> str:
    """A group's canonical name with only the kinds of member the text lists: 'UBND các huyện, thành phố' stays
    so, not 'UBND các huyện, thị xã, thành phố' (a canonical name never adds a member kind the text lacks)."""
    w, c = _LEVEL_LIST.search(written), _LEVEL_LIST.search(name)
    if not w or not c:
        return name
    listed = [x.lower() for x in _LEVEL_SPLIT.split(w.group(1)) if x]
    known = [x.lower() for x in _LEVEL_SPLIT.split(c.group(1)) if x]
    if set(listed) < set(known):
        return name[:c.start(1)] + ", ".join(listed) + name[c.end(1):]
    return name


def _communes(text: str) -> list[Mention]:
    out = []
    for m in _COMMUNE_RE.finditer(text):
        place = m.group(3).strip()
        if place.split()[0].lower() in {"các"}:
            continue
        name = f"UBND {m.group(2)} {place}"
        out.append(Mention(m.start(), m.start() + len(m.group(0).rstrip()), m.group(0).rstrip(), name,
                           "ubnd cấp xã", False))
    return out


def _generic(text: str, registry: UnitRegistry) -> list[Mention]:
    """Unit-like names not in the registry ('Phòng Văn hóa - Xã hội'), matched fuzzily or kept as written."""
    out = []
    for m in _GENERIC_RE.finditer(text):
        raw = m.group(0).rstrip(" ,-–&")
        raw = re.sub(r"\s+(và|-|–|,)$", "", raw)
        if len(raw.split()) < 2:
            continue
        t = registry.resolve(raw)
        if t:
            out.append(_mention(text, m.start(), m.start() + len(raw), t))
        elif m.group(1) not in {"Văn phòng", "Viện", "Bộ phận"}:
            kind = _GENERIC_KINDS.get(m.group(1), "cơ quan")
            out.append(Mention(m.start(), m.start() + len(raw), raw, raw, kind, False))
    return out


_GENERIC_KINDS = {"Phòng": "phòng", "Sở": "sở", "Trung tâm": "trung tâm", "Chi cục": "chi cục", "Ban": "ban",
                  "Bộ": "bộ"}


_HEAD_KINDS = {"Phòng": "phòng", "Văn phòng": "văn phòng", "Sở": "sở", "Thanh tra": "thanh tra",
               "Trung tâm": "trung tâm", "Ban": "ban", "Công an": "công an", "Chi cục": "chi cục", "Bộ": "bộ",
               "Cục": "cục"}


def _generic_orgs(text: str, registry: UnitRegistry) -> list[Mention]:
    """Organisations named in any form (corpus.orgs), each under the registry's name when it is the same unit
    ('Văn phòng HĐND&UBND huyện' → 'Văn phòng HĐND và UBND huyện'), else as written out ('UBND các xã,
    phường' stays so — a 2025 letter's communes are not the 'xã, thị trấn' of a district's letter)."""
    from corpus.orgs import find_orgs

    out: list[Mention] = []
    for org in find_orgs(text):
        members = [_house_style(n) for n in (list(org.members) or [org.name])]
        for name in members:
            t = _resolve_loose(registry, name) or (_resolve_loose(registry, org.text) if len(members) == 1 else None)
            same = t is not None and unit_key(t.name) == unit_key(_without_place(name))
            listed = len(members) > 1
            if t is not None and (same or _abbreviated(org.text)):
                out.append(Mention(org.start, org.end, org.text, t.name, t.kind, t.is_group, t.members, listed))
            elif t is not None and t.is_group and org.group:
                out.append(Mention(org.start, org.end, org.text, name, t.kind, True, t.members, listed))
            else:
                kind = "ubnd cấp xã" if re.search(r"(?i)\b(xã|phường|thị trấn|đặc khu)\b", name) and \
                    re.match(r"(?i)(ủy ban nhân dân|ubnd)", name) else _HEAD_KINDS.get(org.head, "cơ quan")
                out.append(Mention(org.start, org.end, org.text, name, kind, org.group,
                                   (kind,) if org.group and kind != "cơ quan" else (), listed))
    return out


_PLACE_TAIL = re.compile(r"(?:\s+(?:huyện|tỉnh|thành phố|quận|thị xã|xã|phường))?"
                         r"(?:\s+[A-ZĐ][^\W\d_A-ZĐ][^\s,;.]*){1,3}$")


def _without_place(name: str) -> str:
    """'Phòng Nội vụ huyện Vĩnh Linh' → 'Phòng Nội vụ' (the place, not the unit's name)."""
    head = _PLACE_TAIL.sub("", name).strip()
    return head if len(head.split()) >= 2 else name


_PLACE_LEVEL = re.compile(r"\s(huyện|tỉnh)\s+[A-ZĐ][^\s,;.]*(?:\s+[A-ZĐ][^\s,;.]*){0,2}$")


def _resolve_loose(registry: UnitRegistry, name: str) -> UnitTemplate | None:
    """The template of a name, also when a place follows it; the place's level word is kept ('Văn phòng UBND
    tỉnh Đắk Lắk' is the province's office)."""
    bare = _without_place(name)
    if bare == name:
        return registry.resolve(name)
    level = _PLACE_LEVEL.search(name)
    return registry.resolve(name) or registry.resolve(f"{bare} {level.group(1)}" if level else bare)


def _house_style(name: str) -> str:
    """The registry's way of writing councils: 'UBND …', 'HĐND …'."""
    return name.replace("Ủy ban nhân dân", "UBND").replace("Hội đồng nhân dân", "HĐND")


def _abbreviated(text: str) -> bool:
    """Written with an abbreviation the registry knows ('P. TC-KH', 'VP HĐND-UBND')."""
    return bool(re.search(r"\b[A-ZĐ]{2,}\b|\.", text)) and not re.search(r"\b(UBND|HĐND)\s+(các\s+)?(xã|phường)", text)


def _merge(*lists: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, preferring the earliest start, then the longest."""
    allm = sorted((m for lst in lists for m in lst), key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in allm:
        if out and m.start < out[-1].end:
            last = out[-1]
            if m.listed and last.listed and (m.start, m.end) == (last.start, last.end) and \
                    all(o.name != m.name for o in out if (o.start, o.end) == (m.start, m.end)):
                out.append(m)  # each unit of one list ("các Sở: Tư pháp, Nội vụ") stands for itself
            continue
        out.append(m)
    return out


def _templates_from(data: dict) -> list[UnitTemplate]:
    out = [UnitTemplate(u["name"], u.get("kind", "phòng"), tuple(u.get("aliases") or ()))
           for u in data.get("units", [])]
    out += [UnitTemplate(g["name"], "group", tuple(g.get("aliases") or ()), True, tuple(g.get("members") or ()))
            for g in data.get("groups", [])]
    return out


@lru_cache(maxsize=1)
def _bundled() -> tuple[UnitTemplate, ...]:
    text = resources.files("corpus").joinpath("data/units.yaml").read_text(encoding="utf-8")
    return tuple(_templates_from(yaml.safe_load(text)))


def load_registry(extra: Path | None = None) -> UnitRegistry:
    """The bundled registry, extended by an administrator's YAML file of the same shape when given."""
    reg = UnitRegistry()
    templates = list(_bundled())
    if extra and extra.exists():
        templates = _templates_from(yaml.safe_load(extra.read_text(encoding="utf-8")) or {}) + templates
    for t in templates:
        reg.add(t)
    return reg

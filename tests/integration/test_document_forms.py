"""Every form of directive, read by the project's real reading path and judged against hand-written facts.

The documents and their facts are in tests/fixtures/forms/ (one <name>.yaml per document; sources and
conventions in SOURCES.md there). Each check is one parametrized test, so a failure is one line naming
the document and the fact: header facts, section headings that swallowed header text or body sentences,
where the body starts, headings that must be found, attached documents, and each duty a careful reader
finds (its quote, deadline, doers, partners and where it is submitted), plus sentences that must not
become duties.

Comparison is loose but never empty: case-folded, tone marks kept (old and new tone placement made
equal), "Ủy ban nhân dân" = "UBND", punctuation as spaces; a stored unit name may be more specific
than the expected one ("Phòng Nội vụ" is found in "Phòng Nội vụ huyện Hải Lăng"; see `unit_matches`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
GOLD: list[dict[str, Any]] = [
    yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FORMS.glob("*.yaml"))
]
HEADER_FIELDS = ("kind", "number", "issuer", "issued", "locality", "subject", "recipients", "signer")
FREQ_OF_WORDS = {"hằng tuần": "weekly", "hằng tháng": "monthly", "hằng quý": "quarterly",
                 "6 tháng": "half_yearly", "hằng năm": "yearly"}

# ---------------------------------------------------------------- comparing text loosely

_OLD_TONES = {  # old-style tone placement (hoà, thuỷ) → the form the reader's texts use (hòa, thủy)
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE = re.compile("(?:" + "|".join(_OLD_TONES) + r")(?!\w)")  # only at the end of a syllable: hoà, not toàn
_PUNCT = re.compile(r"[\s,;:.()\[\]\"'“”‘’*/\-–—…!?]+")


def norm(s: str | None) -> str:
    """Case-folded, NFC, one tone placement, 'Ủy ban nhân dân' as 'ubnd', punctuation as one space."""
    s = unicodedata.normalize("NFC", s or "").casefold().replace("&", " và ")
    s = _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(0)], s)
    s = s.replace("ủy ban nhân dân", "ubnd").replace("hội đồng nhân dân", "hđnd")
    return _PUNCT.sub(" ", s).strip()


def subject_norm(s: str | None) -> str:
    """A trích yếu without its leading 'V/v', 'Về việc' or 'Về'."""
    return re.sub(r"^(v v|về việc|về)\s+", "", norm(s))


def contains(big: str | None, small: str) -> bool:
    """`small` occurs in `big` on word boundaries (both normalised)."""
    return f" {norm(small)} " in f" {norm(big)} "


_PROVINCE_LEVEL = re.compile(r"\s+(cấp tỉnh|tỉnh)$")  # "Các sở, ban, ngành cấp tỉnh" = "Các sở, ban, ngành"
_LEVEL_AT_END = re.compile(r"\s(tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn)$")


def in_order(parts: list[str], name: str) -> bool:
    """Each part occurs in `name` on word boundaries, one after another."""
    rest = f" {name} "
    for part in parts:
        at = rest.find(f" {part} ")
        if not part or at < 0:
            return False
        rest = rest[at + len(part) + 1:]
    return True


def unit_matches(expected: str, name: str) -> bool:
    """`name` is the expected unit, or a more specific name of it, written in the registry's way.

    Each comma-separated part of the expected name must occur in the stored name, in order
    ("UBND các huyện, thành phố" is in "UBND các huyện, thị xã, thành phố"); a final "tỉnh" or
    "cấp tỉnh" of the expected name may be left out (a province's own units are stored without it),
    but a stored name that ends on another level ("… xã", "… huyện") is then not the same unit.
    """
    n = norm(name)
    parts = [norm(p) for p in re.split(r"[,;]", expected) if norm(p)]
    if not n or not parts:
        return False
    if in_order(parts, n):
        return True
    short = _PROVINCE_LEVEL.sub("", parts[-1])
    return short != parts[-1] and not _LEVEL_AT_END.search(n) and in_order([*parts[:-1], short], n)


def unit_found(expected: str, names: list[str]) -> bool:
    """An expected unit is one of the names, or part of a more specific one."""
    return any(unit_matches(expected, name) for name in names)


# ---------------------------------------------------------------- reading once per document

@cache
def prepared(file: str) -> PreparedDocument:
    return prepare(read_document(FORMS / file, max_bytes=10_000_000), Knowledge())


def ascii_id(s: str) -> str:
    """A test id without diacritics (pytest would print them escaped)."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^\x20-\x7e]", "", s).strip()


def doc_id(doc: dict[str, Any]) -> str:
    return doc["file"]


def header_value(doc: dict[str, Any], field: str) -> tuple[Any, Any]:
    """(what the reading found, what the gold says), both made comparable."""
    h = prepared(doc["file"]).parsed.header
    want = doc[field]
    if field == "kind":
        return norm(h.kind), norm(want)
    if field == "number":
        return re.sub(r"\s+", "", h.number or ""), want
    if field == "issuer":
        return norm(h.issuer), norm(want)
    if field == "issued":
        found = h.issued.as_date()
        return (found.isoformat() if found else h.issued), str(want)
    if field == "locality":
        loc = h.locality
        got = {"district": norm(loc.district) or None, "province": norm(loc.province) or None}
        exp = {"district": norm(want["district"]) or None, "province": norm(want["province"]) or None}
        if want.get("district_kind"):
            got["district_kind"], exp["district_kind"] = norm(loc.district_kind), norm(want["district_kind"])
        return got, exp
    if field == "subject":
        return subject_norm(h.subject), subject_norm(want)
    if field == "recipients":
        return sorted(norm(r.text) for r in h.recipients), sorted(norm(r) for r in want)
    if field == "signer":
        return ({"name": norm(h.signer.name) or None, "title": norm(h.signer.title) or None},
                {"name": norm(want["name"]) or None, "title": norm(want["title"]) or None})
    raise AssertionError(field)


# ---------------------------------------------------------------- header facts

HEADER_CASES = [(d, f) for d in GOLD for f in HEADER_FIELDS]


@pytest.mark.parametrize(("doc", "field"), HEADER_CASES, ids=[f"{doc_id(d)}-{f}" for d, f in HEADER_CASES])
def test_header_fact(doc: dict[str, Any], field: str) -> None:
    found, want = header_value(doc, field)
    assert found == want, f"{field}: found {found!r}, want {want!r}"


# ---------------------------------------------------------------- headings and body

_HEADER_WORDS = re.compile(r"kính gửi|^(căn cứ|thực hiện|theo đề nghị|xét đề nghị)\b", re.IGNORECASE)
_DEADLINE_WORDS = re.compile(r"\b(trước|chậm nhất|muộn nhất)\s+(ngày|\d)|hoàn thành trong|trong thời hạn",
                             re.IGNORECASE)


def misplaced(text: str) -> str | None:
    """Why `text` cannot be a heading or a subject: header text or a body sentence (None if it can)."""
    t = " ".join(text.replace("**", "").split())
    if _HEADER_WORDS.search(t):
        return "holds header text (Kính gửi / Căn cứ / Thực hiện / Theo đề nghị)"
    if _DEADLINE_WORDS.search(t):
        return "holds a body sentence with a deadline"
    if len(t) > 250:
        return f"is a body paragraph ({len(t)} characters)"
    return None


@pytest.mark.parametrize("doc", GOLD, ids=doc_id)
def test_no_heading_or_subject_holds_header_text_or_a_sentence(doc: dict[str, Any]) -> None:
    parsed = prepared(doc["file"]).parsed
    bad = [f"{s.path!r} {s.heading!r} {why}" for s in parsed.sections if (why := misplaced(s.heading))]
    if parsed.header.subject and (why := misplaced(parsed.header.subject)):
        bad.append(f"subject {parsed.header.subject!r} {why}")
    assert not bad, "; ".join(bad)


@pytest.mark.parametrize("doc", GOLD, ids=doc_id)
def test_body_starts_where_the_header_ends(doc: dict[str, Any]) -> None:
    body = prepared(doc["file"]).parsed.body
    start = " ".join(body.replace("**", "").split())[:200]
    assert norm(start).startswith(norm(doc["body_starts_with"])), f"body starts {start[:120]!r}"


def heading_forms(section: Any) -> list[str]:
    """The ways a found section can be named: its heading alone, or with its number or last path step."""
    last = section.path.rsplit(".", 1)[-1] if section.path else ""
    forms = [section.heading, f"{section.number or ''} {section.heading}", f"{last} {section.heading}",
             f"{section.path} {section.heading}"]
    if section.number:
        forms += [f"Điều {section.number} {section.heading}", f"Chương {section.number} {section.heading}"]
    return [f for f in forms if f and f.strip()]


HEADING_CASES = [(d, h) for d in GOLD for h in d.get("headings") or []]


@pytest.mark.parametrize(("doc", "heading"), HEADING_CASES,
                         ids=[ascii_id(f"{doc_id(d)}-{h}") for d, h in HEADING_CASES])
def test_heading_is_found(doc: dict[str, Any], heading: str) -> None:
    sections = prepared(doc["file"]).parsed.sections
    want = norm(heading)
    hits = [s for s in sections if any(f"{norm(f)} ".startswith(f"{want} ") for f in heading_forms(s))]
    assert hits, f"no section {heading!r} among {[(s.path, s.heading[:40]) for s in sections]}"


ATTACHMENT_CASES = [(d, a) for d in GOLD for a in d.get("attachments") or []]


@pytest.mark.parametrize(("doc", "attachment"), ATTACHMENT_CASES,
                         ids=[ascii_id(f"{doc_id(d)}-{a['kind']}") for d, a in ATTACHMENT_CASES])
def test_attached_document_is_found(doc: dict[str, Any], attachment: dict[str, str]) -> None:
    parts = prepared(doc["file"]).parsed.parts
    hits = [p for p in parts if norm(p.kind) == norm(attachment["kind"]) and contains(p.title, attachment["title"])]
    assert hits, f"no {attachment['kind']} {attachment['title']!r} among {[(p.kind, p.title[:60]) for p in parts]}"


# ---------------------------------------------------------------- duties

def freq_of(label: str) -> str:
    return next(freq for words, freq in FREQ_OF_WORDS.items() if words in label)


def duty_problems(task: Any, want: dict[str, Any]) -> list[str]:
    """What differs between an extracted task and a gold duty (empty when it matches)."""
    out: list[str] = []
    d = task.deadline
    if want.get("recurring"):
        rule = want.get("recurring_rule") or {"freq": freq_of(want["recurring"])}
        r = d.recurrence if d else None
        if r is None:
            out.append(f"no recurring rule (deadline {d.to_json() if d else None})")
        else:
            if r.freq != rule["freq"]:
                out.append(f"recurs {r.freq}, want {rule['freq']}")
            if rule.get("day") is not None and r.day != rule["day"]:
                out.append(f"recurs on day {r.day}, want {rule['day']}")
            if rule.get("month") is not None and r.month not in (rule["month"],) \
                    and not (rule["freq"] == "quarterly" and rule["month"] == 3 and r.month is None):
                out.append(f"recurs in month {r.month}, want {rule['month']}")
    if want.get("deadline") is not None:
        got = d.date.isoformat() if d and d.date else None
        if got != str(want["deadline"]):
            out.append(f"deadline {got}, want {want['deadline']}")
    elif not want.get("recurring") and not want.get("relative") and d is not None and d.date is not None:
        out.append(f"deadline {d.date} where the duty has none ({want.get('deadline_label') or 'no date'})")
    if want.get("relative"):
        days = int(re.match(r"\+(\d+)", want["relative"]).group(1))  # type: ignore[union-attr]
        if d is None:
            out.append(f"no deadline, want {want['relative']}")
        elif want.get("deadline") is None and d.working_days != days:
            out.append(f"working days {d.working_days}, want {days}")
    if want.get("time"):
        got_time = d.time.strftime("%H:%M") if d and d.time else None
        if got_time != want["time"]:
            out.append(f"time {got_time}, want {want['time']}")
    doers = [n for u in task.units if not u.partner for n in (u.name, *u.members)]
    partners = [n for u in task.units if u.partner for n in (u.name, *u.members)]
    alias = want.get("units_as_written")
    for unit in want.get("units") or []:
        if not unit_found(unit, doers) and not (alias and unit_found(alias, doers)):
            out.append(f"doer {unit!r} not in {doers}")
    for unit in want.get("partners") or []:
        if not unit_found(unit, partners):
            out.append(f"partner {unit!r} not in {partners}")
    if want.get("submit_to") and norm(task.submit_to) != norm(want["submit_to"]):
        out.append(f"submit_to {task.submit_to!r}, want {want['submit_to']!r}")
    return out


DUTY_CASES = [(d, i, t) for d in GOLD for i, t in enumerate(d.get("duties") or [], 1)]


@pytest.mark.parametrize(("doc", "n", "want"), DUTY_CASES,
                         ids=[ascii_id(f"{doc_id(d)}-{i}-{t['quote_contains'][:40]}") for d, i, t in DUTY_CASES])
def test_duty_is_found(doc: dict[str, Any], n: int, want: dict[str, Any]) -> None:
    tasks = [t for t in prepared(doc["file"]).tasks if contains(t.quote, want["quote_contains"])]
    assert tasks, f"no task quotes {want['quote_contains']!r}"
    found = [duty_problems(t, want) for t in tasks]
    assert [] in found, " | ".join("; ".join(p) for p in found)


NOT_DUTY_CASES = [(d, s) for d in GOLD for s in d.get("not_duties") or []]


@pytest.mark.parametrize(("doc", "sentence"), NOT_DUTY_CASES,
                         ids=[ascii_id(f"{doc_id(d)}-{s[:40]}") for d, s in NOT_DUTY_CASES])
def test_sentence_is_not_a_duty(doc: dict[str, Any], sentence: str) -> None:
    tasks = [t.quote for t in prepared(doc["file"]).tasks if contains(t.quote, sentence)]
    assert not tasks, f"became a task: {tasks}"


@pytest.mark.parametrize("doc", GOLD, ids=doc_id)
def test_gold_is_well_formed_and_quotes_the_document(doc: dict[str, Any]) -> None:
    """The facts themselves: every field there, no unit split at a comma by YAML, every quoted phrase in the file."""
    assert set(HEADER_FIELDS) | {"file", "body_starts_with", "headings", "attachments", "duties"} <= set(doc)
    text = norm(read_document(FORMS / doc["file"], max_bytes=10_000_000).text)
    phrases = [doc["body_starts_with"], *(doc.get("headings") or []), *(doc.get("not_duties") or [])]
    for duty in doc["duties"]:
        assert set(duty) <= {"quote_contains", "deadline", "deadline_label", "recurring", "recurring_rule", "relative",
                             "time", "units", "units_as_written", "partners", "submit_to"}, duty
        assert duty["deadline"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(duty["deadline"])), duty
        assert all(len(u.split()) >= 2 for u in [*duty["units"], *duty["partners"]]), duty  # "[Các sở, ban]" splits
        assert duty["units"], f"a duty without a doer: {duty['quote_contains']}"
        phrases.append(duty["quote_contains"])
    missing = [p for p in phrases if f" {norm(p)} " not in f" {text} "]
    assert not missing, f"not in {doc['file']}: {missing}"


def test_every_form_is_here() -> None:
    """At least 12 documents, of every kind and every file format the reader accepts."""
    assert len(GOLD) >= 12
    assert {d["kind"] for d in GOLD} >= {"Công văn", "Kế hoạch", "Quyết định", "Chỉ thị", "Thông báo", "Công điện"}
    assert {Path(d["file"]).suffix for d in GOLD} == {".txt", ".md", ".docx", ".pdf"}
    assert all((FORMS / d["file"]).is_file() for d in GOLD)

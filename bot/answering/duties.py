"""Responsibility answers: what a unit must do, who must do a thing, and who owns a CCHC criterion."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import records
from bot.answering import render
from bot.answering.catalog import TaskCatalog, TaskView
from bot.answering.model import Answer, AnswerItem
from bot.answering.questions import OWNERSHIP_WORDS, Question, content_terms, contracted_terms
from corpus import models as m
from corpus.criteria import CriterionDef, text_key

if TYPE_CHECKING:
    from bot.answering.service import AnswerService, Scope

_DUTY_WORDS = {"lam", "gi", "nhiem", "vu", "trach", "phai", "co", "can", "duoc", "giao", "nhung", "viec", "cong",
               "tac", "thuc", "hien", "don", "vi", "nao", "ai", "phong", "chu", "tri", "phu", "trach"}
_MY_UNIT = re.compile(r"\b(phong minh|don vi minh|co quan minh|chung toi|don vi toi|phong toi|minh phai)\b")
MAX_ITEMS = 40
_UNIT_DUTY_Q = re.compile(r"\b(lam gi|nhiem vu|trach nhiem|viec gi|nhung viec|phai lam|can lam|lam nhung gi|"
                          r"duoc giao|co viec)\b")


def _item(t: TaskView, today: dt.date, service: AnswerService | None = None) -> AnswerItem:
    from bot.answering.service import deadline_item

    return service.item(t, today) if service else deadline_item(t, today)


class DutyAnswers:
    """'Phòng Tư pháp phải làm gì?' and 'Ai tổng hợp sáng kiến CCHC?'."""

    def __init__(self, service: AnswerService) -> None:
        self.service = service

    def answer(self, q: Question, scope: Scope, catalog: TaskCatalog, today: dt.date) -> Answer:
        if q.units and not _UNIT_DUTY_Q.search(q.folded) and len(self._action_terms(q)) >= 2:
            focused = self._unit_focused(q, scope, catalog, today)
            if focused.answers:
                return focused
        if q.units and not (q.who and len(self._action_terms(q)) >= 2):
            return self._unit_duties(q, scope, catalog, today)
        if scope.asker_unit is not None and _MY_UNIT.search(q.folded):
            return self._unit_duties(q, scope, catalog, today, asker=True)
        return self._who_does(q, scope, catalog, today)

    def _action_terms(self, q: Question) -> list[str]:
        """The words that say which duty is meant (abbreviated phrases count once)."""
        return contracted_terms(q.rest, set(q.locality_words) | _DUTY_WORDS)

    def _unit_duties(self, q: Question, scope: Scope, catalog: TaskCatalog, today: dt.date,
                     asker: bool = False) -> Answer:
        svc = self.service
        if asker and scope.asker_unit is not None:
            scope.unit_names = {scope.asker_unit.key}
            scope.unit_kinds = set() if scope.asker_unit.is_group else {scope.asker_unit.kind}
        matches = [(t, svc.unit_match(t, scope)) for t in catalog.tasks if svc.in_scope(t, scope)]
        direct = [t for t, match in matches if match == 2]
        shared = [t for t, match in matches if match == 1]
        label = scope.asker_unit.name if asker and scope.asker_unit else (q.units[0].name if q.units else "đơn vị")
        if not direct and not shared or (not direct and not self._known(scope)):
            text = f"Không tìm thấy nhiệm vụ nào giao cho {label} trong các văn bản đã có."
            if shared:
                names = sorted({d.name for t in shared for d in t.doers if d.is_group})
                text += f" Có {len(shared)} nhiệm vụ chung giao cho: {'; '.join(names)} — hãy hỏi theo tên nhóm đó."
            return Answer(q.raw, "responsibility", text, [])
        terms = self._action_terms(q)
        groups = self._by_document(direct or shared, catalog, terms, today)
        items = [it for _, its in groups for it in its][:MAX_ITEMS]
        if direct and shared:
            items += [_item(t, today, self.service) for t in shared][: max(0, MAX_ITEMS - len(items))]
        text = render.render_duties(label, groups, today)
        if direct and shared:
            names = sorted({d.name for t in shared for d in t.doers if d.is_group})
            text += f"\n\nNgoài ra còn {len(shared)} nhiệm vụ chung giao cho: {'; '.join(names)}."
        return Answer(q.raw, "responsibility", text, items)

    def _unit_focused(self, q: Question, scope: Scope, catalog: TaskCatalog, today: dt.date) -> Answer:
        """'UBND các huyện báo cáo số liệu theo phụ lục mấy?': the unit's duties that match the rest."""
        svc = self.service
        terms = self._action_terms(q)
        scored = []
        for t in catalog.tasks:
            if svc.in_scope(t, scope) and (match := svc.unit_match(t, scope)):
                score, coverage = catalog.lexical(terms, t)
                if coverage >= 0.5:
                    scored.append((score + 0.1 * match, t))
        if not scored:
            return Answer(q.raw, "responsibility", render.NOT_FOUND, [])
        best = max(sc for sc, _ in scored)
        ranked = [t for sc, t in sorted(scored, key=lambda st: (-st[0], st[1].ord)) if sc >= best - 0.25]
        items = [_item(t, today, self.service) for t in ranked]
        label = q.units[0].name
        return Answer(q.raw, "responsibility", render.render_tasks(f"Việc của {label} theo văn bản:", items, today),
                      items)

    def _known(self, scope: Scope) -> bool:
        """The asked unit is named somewhere in the stored directives (not only guessed from its kind)."""
        catalog = self.service.catalog
        return any(k == u[0] for k in scope.unit_names for u in catalog.unit_names) or \
            any(catalog.names_unit(n) for n in scope.unit_labels)

    def _by_document(self, tasks: list[TaskView], catalog: TaskCatalog, terms: list[str],
                     today: dt.date) -> list[tuple[str, list[AnswerItem]]]:
        """Duties grouped by directive, the directive that best matches the question first."""
        by_doc: dict[int, list[TaskView]] = defaultdict(list)
        for t in tasks:
            by_doc[t.document_id].append(t)
        def rank(doc_tasks: list[TaskView]) -> float:
            return max(catalog.lexical(terms, t)[0] for t in doc_tasks) if terms else 0.0
        ordered = sorted(by_doc.values(), key=lambda ts: (-rank(ts), -len(ts)))
        out = []
        for ts in ordered:
            ts.sort(key=lambda t: t.ord)
            title = f"{ts[0].source['title']} ({ts[0].source.get('locality') or ''})".replace(" ()", "")
            out.append((title, [_item(t, today, self.service) for t in ts]))
        return out

    def _who_does(self, q: Question, scope: Scope, catalog: TaskCatalog, today: dt.date) -> Answer:
        svc = self.service
        drop = set(q.locality_words) | {"ai", "nao", "don", "vi", "phong", "co", "quan", "phai", "lam", "la",
                                        "nhiem", "vu", "trach", "duoc", "giao", "phu"}
        terms = content_terms(q.folded, drop)
        scored = []
        for t in catalog.tasks:
            if not svc.in_scope(t, scope):
                continue
            score, coverage = catalog.lexical(terms, t)
            if coverage >= 0.5:
                if q.year and str(q.year) not in t.words and str(q.year) not in t.doc_words:
                    score -= 0.5
                scored.append((score, t))
        if not scored:
            from bot.answering.passages import search_passages

            found = search_passages(svc, q, scope, drop=frozenset(drop))
            found.intent = "responsibility"
            return found if any(it.units for it in found.answers[:1]) else \
                Answer(q.raw, "responsibility", render.NOT_FOUND, [])
        best = max(s for s, _ in scored)
        ranked = [t for s, t in sorted(scored, key=lambda st: (-st[0], st[1].ord)) if s >= best - 0.25]
        items = [_item(t, today, self.service) for t in ranked]
        if _COMPILES.search(q.folded):
            items = [_receiver(it) for it in items]
        intro = "Đơn vị được giao theo văn bản:"
        return Answer(q.raw, "responsibility", render.render_tasks(intro, items, today), items)


_COMPILES = re.compile(r"\b(tong hop|tiep nhan|nhan bao cao|thu thap)\b")


def _receiver(item: AnswerItem) -> AnswerItem:
    """'Who compiles the reports?': the unit they are sent to ('gửi về Sở Nội vụ … để tổng hợp')."""
    if not item.submit_to:
        return item
    via = re.search(r"\(qua ([^)]+)\)", item.submit_to)
    receiver = via.group(1) if via else item.submit_to
    item.units = [receiver.strip()] + [u for u in item.units if u != receiver.strip()]
    return item


class CriterionAnswers:
    """'Tiêu chí cải cách tài chính công do phòng nào phụ trách?'"""

    def __init__(self, service: AnswerService) -> None:
        self.service = service

    def answer(self, q: Question, scope: Scope, crit: CriterionDef | None) -> Answer:
        if crit is None:
            return Answer(q.raw, "criterion_owner", render.NOT_FOUND, [])
        with self.service.services.sessions() as s:
            rows = s.scalars(select(m.Criterion).where(m.Criterion.key == text_key(crit.name))
                             .options(selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.unit),
                                      selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.task)
                                      .selectinload(m.Task.document))).all()
            if scope.locality_ids:
                rows = [r for r in rows if r.locality_id in scope.locality_ids]
            elif scope.asker_unit is not None and scope.asker_unit.locality_id:
                rows = [r for r in rows if r.locality_id == scope.asker_unit.locality_id] or rows
            rows = sorted(rows, key=lambda r: -sum(o.score for o in r.owners))
            items = [self._item(r) for r in rows if r.owners]
        if not items:
            who = self._who_instead(q, scope, crit)
            if who is not None and who.answers:
                who.intent = "criterion_owner"
                return who
            text = f"Chưa xác định được đơn vị phụ trách «{crit.name}» từ các văn bản đã có."
            return Answer(q.raw, "criterion_owner", text, [])
        return Answer(q.raw, "criterion_owner", render.render_criteria(items), items)

    def overview(self, scope: Scope) -> Answer:
        """The fields of the index with their owners, for the asker's locality (or every locality)."""
        with self.service.services.sessions() as s:
            q = select(m.Criterion).options(selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.unit),
                                            selectinload(m.Criterion.owners).selectinload(m.CriterionOwner.task)
                                            .selectinload(m.Task.document))
            if scope.asker_unit is not None and scope.asker_unit.locality_id:
                q = q.where(m.Criterion.locality_id == scope.asker_unit.locality_id)
            rows = [r for r in s.scalars(q.order_by(m.Criterion.locality_id, m.Criterion.id)) if r.owners]
            items = [self._item(r) for r in rows]
        if not items:
            return Answer("/tieuchi", "criterion_owner", "Chưa có tiêu chí nào được xác định từ các văn bản.", [])
        lines = ["Các lĩnh vực, chủ đề CCHC và đơn vị phụ trách:"]
        for it in items:
            lines.append(f"• {it.criterion} ({it.locality}): {', '.join(it.units)}")
        lines.append("Hỏi chi tiết: /tieuchi <tên lĩnh vực>, ví dụ /tieuchi tài chính công")
        return Answer("/tieuchi", "criterion_owner", "\n".join(lines), items)

    def _who_instead(self, q: Question, scope: Scope, crit: CriterionDef) -> Answer | None:
        """When the question names an action besides the field ('… do cơ quan nào xây dựng dự thảo?'), who does it."""
        from bot.answering.service import criterion_words

        action = [w for w in content_terms(q.folded, OWNERSHIP_WORDS | set(q.locality_words))
                  if w not in criterion_words(crit)]
        if len(action) < 2:
            return None
        return DutyAnswers(self.service)._who_does(q, scope, self.service.catalog, self.service.today())

    def _item(self, row: m.Criterion) -> AnswerItem:
        owners = sorted(row.owners, key=lambda o: -o.score)
        best = next((o for o in owners if o.task is not None), None)
        source = records.source_json(best.task) if best else {}
        return AnswerItem(kind="criterion", summary=row.name, quote=best.evidence if best else "", source=source,
                          units=[o.unit.name for o in owners], criterion=row.name,
                          task_id=best.task_id if best else None,
                          section_id=best.task.section_id if best and best.task else None,
                          locality=self.service.locality_label(row.locality_id))

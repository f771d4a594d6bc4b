"""Answers say when they quote a directive that a later stored one replaces or repeals.

A thin wrapper around the answer service (bot.answering is not changed): after an answer is made, each quoted
source whose document is superseded gets a note naming the directive that replaced it."""
from __future__ import annotations

import html
from typing import Any

from sqlalchemy import select

from corpus import models as m

WRAPPED = ("ask", "search", "criteria", "upcoming")


def superseded_notes(sessions: Any) -> dict[str, str]:
    """File name of each superseded document → the note to print under an answer that quotes it."""
    with sessions() as session:
        old = session.execute(select(m.Document.file_name, m.Document.kind, m.Document.number, m.Document.subject,
                                     m.Document.superseded_by_id).where(m.Document.superseded_by_id.is_not(None))).all()
        if not old:
            return {}
        newer = {r.id: r for r in session.execute(select(m.Document.id, m.Document.kind, m.Document.number,
                                                         m.Document.subject)
                                                  .where(m.Document.id.in_({r.superseded_by_id for r in old})))}
    notes = {}
    for r in old:
        if (by := newer.get(r.superseded_by_id)) is not None:
            notes[r.file_name] = f"⚠️ Lưu ý: {_title(r)} đã bị thay thế hoặc bãi bỏ bởi {_title(by)}."
    return notes


def _title(row: Any) -> str:
    return m.Document(kind=row.kind, number=row.number, subject=row.subject).title()


def annotate(answer: Any, notes: dict[str, str]) -> Any:
    """Add the notes of the superseded sources an answer quotes (each once), to its text and its HTML."""
    said = []
    for item in getattr(answer, "answers", []):
        note = notes.get((item.source or {}).get("file", ""))
        if note and note not in said:
            said.append(note)
    if said:
        answer.text = answer.text + "\n\n" + "\n".join(said)
        if answer.html:
            answer.html = answer.html + "\n\n" + "\n".join(html.escape(n, quote=False) for n in said)
    return answer


class NotedAnswers:
    """The answer service, its answers noted when they quote a superseded directive; everything else passes."""

    def __init__(self, service: Any, sessions: Any) -> None:
        self._service, self._sessions = service, sessions

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._service, name)
        if name not in WRAPPED:
            return target

        def noted(*args: Any, **kwargs: Any) -> Any:
            return annotate(target(*args, **kwargs), superseded_notes(self._sessions))
        return noted

"""What an answer is: the contract of `cchc ask --json` (see ../shared/eval/README.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INTENTS = ("deadline", "responsibility", "criterion_owner", "search", "help", "unknown")


@dataclass
class AnswerItem:
    """One answer: a task, a criterion with its owners, or a passage found by search."""

    kind: str  # task | criterion | passage
    summary: str
    quote: str
    source: dict[str, Any]
    deadline: dict[str, Any] | None = None
    units: list[str] = field(default_factory=list)
    submit_to: str | None = None
    criterion: str | None = None
    task_id: int | None = None
    section_id: int | None = None
    locality: str | None = None
    past: bool = False  # the deadline has passed ("đã qua hạn")
    owning_unit_ids: list[int] = field(default_factory=list)  # units that may mark this task done

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "summary": self.summary, "deadline": self.deadline, "units": self.units,
                "submit_to": self.submit_to, "criterion": self.criterion, "quote": self.quote,
                "source": self.source}


@dataclass
class Answer:
    """The reply to one question: the intent, the text the bot sends, and the answers behind it."""

    question: str
    intent: str
    text: str
    answers: list[AnswerItem] = field(default_factory=list)
    html: str = ""  # the same reply as Telegram HTML (escaped)
    coverage: float | None = None  # how much of the question the best passage covered (for calibration)

    def to_json(self, qid: str | None = None) -> dict[str, Any]:
        intent = self.intent if self.intent in INTENTS[:4] else "unknown"
        out: dict[str, Any] = {"question": self.question, "intent": intent, "text": self.text,
                               "answers": [a.to_json() for a in self.answers]}
        if qid is not None:
            out = {"id": qid, **out}
        return out

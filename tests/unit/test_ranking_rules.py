"""Pure ranking rules of answering (bot/answering/retrieval.py, readers.py): phrases, events of relative rules."""
from __future__ import annotations

from bot.answering.retrieval import _phrase_share


def test_words_that_stand_together_count_as_a_phrase() -> None:
    seq = "thuc hien kiem ke tai san don vi".split()
    idf = {t: 1.0 for t in seq}
    together = " thuc hien kiem ke tai san thuoc pham vi "
    scattered = " tai san kiem ke va thuc hien o don vi "
    assert _phrase_share(seq, together, idf, len(seq)) == 6 / 8
    assert _phrase_share(seq, scattered, idf, len(seq)) == 0.0  # pairs only: below a phrase
    # a left-out word (a named unit's) breaks a run
    assert _phrase_share(["\0" if t == "kiem" else t for t in seq], together, idf, len(seq)) == 3 / 8

"""The Whoosh schema: one index document per section and one per task."""
from __future__ import annotations

from whoosh import fields

from index.analysis import (
    TermCounts,
    context_analyzer,
    date_analyzer,
    folded_analyzer,
    number_analyzer,
    pair_analyzer,
    syllable_analyzer,
    word_analyzer,
)

# Bump on any change of fields or analyzers: the index name changes and `ensure` rebuilds.
# 4: the text fields count their terms with TermCounts (same postings as 3, indexed faster).
SCHEMA_VERSION = 4
INDEX_NAME = f"cchc_v{SCHEMA_VERSION}"


def _text(analyzer: object, *, stored: bool = False) -> fields.TEXT:
    """A text field without positions whose terms are counted by TermCounts (Frequency's postings)."""
    field = fields.TEXT(analyzer=analyzer, stored=stored, phrase=False)
    field.format = TermCounts(field.format.field_boost)
    return field


class IndexSchema(fields.SchemaClass):
    """Passages of sections (kind "section") and tasks with their source, for searching and answering."""

    id = fields.ID(stored=True, unique=True)  # "s:<section id>" | "t:<task id>"
    kind = fields.ID(stored=True)  # "section" | "task"
    section_id = fields.STORED()
    task_id = fields.STORED()
    document_id = fields.ID(stored=True)
    title = fields.STORED()
    issuer = fields.STORED()
    locality = _text(folded_analyzer(), stored=True)  # for the locality filter
    context = _text(context_analyzer())  # title, issuer and locality, weighed lightly
    doc_kind = fields.STORED()
    path = fields.STORED()
    units = fields.KEYWORD(stored=True, commas=True, lowercase=True)
    deadline = fields.ID(stored=True)  # ISO day or ""
    text = _text(syllable_analyzer(), stored=True)  # the main field, accented
    text_fold = _text(folded_analyzer())
    pairs = _text(pair_analyzer())  # adjacent syllables: phrases and proximity
    words = _text(word_analyzer())
    numbers = _text(number_analyzer())
    dates = _text(date_analyzer())
    extra = fields.STORED()  # a passage's kind, order, heading path, list lead, table columns and cells


# Fields filled with the same text as `text` when a document is added.
TEXT_COPIES = ("text_fold", "pairs", "words", "numbers", "dates")

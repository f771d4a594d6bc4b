"""The Whoosh schema: one index document per section and one per task."""
from __future__ import annotations

from whoosh import fields

from index.analysis import (
    context_analyzer,
    date_analyzer,
    folded_analyzer,
    number_analyzer,
    pair_analyzer,
    syllable_analyzer,
    word_analyzer,
)

# Bump on any change of fields or analyzers: the index name changes and `ensure` rebuilds.
SCHEMA_VERSION = 3
INDEX_NAME = f"cchc_v{SCHEMA_VERSION}"


class IndexSchema(fields.SchemaClass):
    """Passages of sections (kind "section") and tasks with their source, for searching and answering."""

    id = fields.ID(stored=True, unique=True)  # "s:<section id>" | "t:<task id>"
    kind = fields.ID(stored=True)  # "section" | "task"
    section_id = fields.STORED()
    task_id = fields.STORED()
    document_id = fields.ID(stored=True)
    title = fields.STORED()
    issuer = fields.STORED()
    locality = fields.TEXT(analyzer=folded_analyzer(), stored=True, phrase=False)  # for the locality filter
    context = fields.TEXT(analyzer=context_analyzer(), phrase=False)  # title, issuer and locality, weighed lightly
    doc_kind = fields.STORED()
    path = fields.STORED()
    units = fields.KEYWORD(stored=True, commas=True, lowercase=True)
    deadline = fields.ID(stored=True)  # ISO day or ""
    text = fields.TEXT(analyzer=syllable_analyzer(), stored=True, phrase=False)  # the main field, accented
    text_fold = fields.TEXT(analyzer=folded_analyzer(), phrase=False)
    pairs = fields.TEXT(analyzer=pair_analyzer(), phrase=False)  # adjacent syllables: phrases and proximity
    words = fields.TEXT(analyzer=word_analyzer(), phrase=False)
    numbers = fields.TEXT(analyzer=number_analyzer(), phrase=False)
    dates = fields.TEXT(analyzer=date_analyzer(), phrase=False)
    extra = fields.STORED()  # a passage's kind, order, heading path, list lead, table columns and cells


# Fields filled with the same text as `text` when a document is added.
TEXT_COPIES = ("text_fold", "pairs", "words", "numbers", "dates")

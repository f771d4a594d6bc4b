"""Whoosh's W3 codec with field lengths read once per field instead of once per posting.

Whoosh asks a segment for a document's field length for every posting it writes (block statistics) and for
every document it scores (BM25F). W3PerDocReader answers each call by seeking in the length column's file
and unpacking one byte: on the dev documents (550,000 postings) that is about a third of the commit. Here a
field's length bytes are read into memory at the first call and answered from there; the files written and
every figure read are the same as with W3Codec (tests/unit/test_index_codec.py compares them).

Segments written with this codec keep it in the index's table of contents, so readers use it too; segments
written by W3Codec stay readable as before.
"""
from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

# A stored length byte → the length Whoosh reports (a zero byte reads as None, as W3PerDocReader returns).
_LENGTH_OF_BYTE: tuple[int | None, ...] = (None, *(byte_to_length(b) for b in range(1, 256)))


class LengthsInMemory(W3PerDocReader):
    """A per-document reader whose doc_field_length reads each field's length column once."""

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._length_bytes: dict[str, bytes | None] = {}

    def _lengths_of(self, fieldname: str) -> bytes | None:
        try:
            return self._length_bytes[fieldname]
        except KeyError:
            pass
        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        data = None if reader is None else bytes(reader[d] for d in range(self._doccount))
        self._length_bytes[fieldname] = data
        return data

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        data = self._length_bytes.get(fieldname)
        if data is None:
            data = self._lengths_of(fieldname)
            if data is None:
                return default
        return _LENGTH_OF_BYTE[data[docnum]] if docnum < len(data) else None


class LengthsCodec(W3Codec):
    """W3Codec whose per-document readers keep field lengths in memory (see the module's docstring)."""

    def per_document_reader(self, storage: Any, segment: Any) -> LengthsInMemory:
        return LengthsInMemory(storage, segment)

"""Finding a stored directive by what people type: its id, its file name or its number."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus import models as m
from corpus.errors import NotFound, UserError


def find_document(session: Session, ref: str) -> m.Document:
    """A document by id, file name or number ('99/UBND-NV', any case); NotFound or an ambiguity as UserError."""
    ref = (ref or "").strip()
    if ref.isdigit():
        doc = session.get(m.Document, int(ref))
        if doc is not None:
            return doc
    doc = session.scalar(select(m.Document).where(m.Document.file_name == ref))
    if doc is not None:
        return doc
    same = list(session.scalars(select(m.Document).where(func.lower(m.Document.number) == ref.lower())
                                .order_by(m.Document.id)))
    if len(same) == 1:
        return same[0]
    if same:
        files = ", ".join(d.file_name for d in same)
        raise UserError(f"Có {len(same)} văn bản cùng số «{ref}» ({files}); hãy ghi tên tệp hoặc ID.")
    raise NotFound(f"Không tìm thấy văn bản «{ref}» (theo ID, tên tệp hoặc số văn bản). "
                   "Xem danh sách bằng lệnh: cchc documents")

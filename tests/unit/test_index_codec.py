"""The index codec that keeps field lengths in memory writes and reads exactly what Whoosh's W3 codec does."""
from __future__ import annotations

from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader

from index.codec import LengthsCodec, LengthsInMemory
from index.schema import IndexSchema

TEXTS = [
    "Phòng Nội vụ chủ trì tham mưu UBND huyện ban hành Kế hoạch số 11/KH-UBND trước ngày 31/01/2024.",
    "Các cơ quan, đơn vị báo cáo kết quả thực hiện cải cách hành chính quý I/2024.",
    "",  # no text: every length is zero
    "Văn phòng HĐND và UBND huyện theo dõi, đôn đốc; " * 40,  # long: lengths rounded to a byte
    "hoà thuỷ uỷ",
]


def build(folder: Path, codec) -> None:  # type: ignore[no-untyped-def]
    ix = index.create_in(str(folder), IndexSchema(), indexname="t")
    writer = ix.writer(codec=codec)
    for i, text in enumerate(TEXTS * 3):
        writer.add_document(id=f"p:{i}", kind="section", document_id=str(i % 4), text=text, text_fold=text,
                            pairs=text, words="", numbers=text, dates=text, context="huyện Mê Linh" * (i % 3))
    writer.commit()
    ix.close()


def contents(folder: Path) -> dict[str, bytes]:
    """The segment files by extension (segment names are random)."""
    return {p.name.rsplit(".", 1)[-1] if "_" in p.name else p.name: p.read_bytes()
            for p in folder.iterdir() if not p.name.startswith("_t_")}


def test_the_files_written_are_those_of_w3codec(tmp_path: Path) -> None:
    (tmp_path / "w3").mkdir()
    (tmp_path / "ours").mkdir()
    build(tmp_path / "w3", W3Codec())
    build(tmp_path / "ours", LengthsCodec())
    w3, ours = contents(tmp_path / "w3"), contents(tmp_path / "ours")
    assert sorted(w3) == sorted(ours)
    for ext in w3:
        if ext != "seg":  # the segment's pickle names its codec
            assert w3[ext] == ours[ext], ext


def test_field_lengths_read_as_w3codec_reads_them(tmp_path: Path) -> None:
    build(tmp_path, LengthsCodec())
    ix = index.open_dir(str(tmp_path), indexname="t")
    with ix.searcher() as s:
        reader = s.reader()
        segment, storage = reader.segment(), reader.storage()  # the compound file's storage
        ours = reader._perdoc
        plain = W3PerDocReader(storage, segment)
        assert isinstance(ours, LengthsInMemory)
        seen = set()
        for name in ("text", "text_fold", "pairs", "words", "context", "numbers", "units", "kind"):
            for docnum in range(segment.doc_count_all() + 1):
                length = plain.doc_field_length(docnum, name)
                assert ours.doc_field_length(docnum, name) == length, (name, docnum)
                assert ours.doc_field_length(docnum, name, default=7) == plain.doc_field_length(docnum, name, 7)
                seen.add(length)
        assert {None, 1, 23} <= seen and max(n for n in seen if n) > 255  # empty, short and rounded lengths
        plain.close()
    ix.close()

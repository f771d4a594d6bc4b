"""The index's analyzers and query processing, as token lists (the way Whoosh's docstrings show them)."""
from __future__ import annotations

import pytest
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from corpus.text import fold, normalize_text
from index.analysis import (
    PyviTokenizer,
    ToneFilter,
    date_analyzer,
    folded_analyzer,
    number_analyzer,
    pair_analyzer,
    syllable_analyzer,
    word_analyzer,
)
from index.query import Vocabulary, build_query, parse_query
from index.schema import IndexSchema


def texts(analyzer, value: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.text for t in analyzer(value)]


def spans(analyzer, value: str) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(value, positions=True, chars=True)]


# ---------------------------------------------------------------- syllables


def test_syllables_are_lower_case_and_keep_their_diacritics() -> None:
    assert texts(syllable_analyzer(), "Ủy ban nhân dân huyện Vĩnh Linh") == \
        ["ủy", "ban", "nhân", "dân", "huyện", "vĩnh", "linh"]


def test_document_numbers_and_dates_split_into_syllables_in_the_text_field() -> None:
    assert texts(syllable_analyzer(), "Kế hoạch số 11/KH-UBND ngày 31/01/2024") == \
        ["kế", "hoạch", "số", "11", "kh", "ubnd", "ngày", "31", "01", "2024"]


@pytest.mark.parametrize("old, new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("Tỉnh uỷ", "Tỉnh ủy"), ("khoẻ", "khỏe")])
def test_old_and_new_tone_placement_give_the_same_tokens(old: str, new: str) -> None:
    assert texts(syllable_analyzer(), old) == texts(syllable_analyzer(), new)
    assert texts(syllable_analyzer(), normalize_text(old)) == texts(syllable_analyzer(), new)


def test_quy_keeps_its_tone_where_it_is() -> None:
    assert texts(syllable_analyzer(), "quý") == ["quý"]


# ---------------------------------------------------------------- folded syllables


def test_folded_syllables_drop_every_diacritic_and_read_đ_as_d() -> None:
    assert texts(folded_analyzer(), "Đường Hoà Bình, thuỷ lợi, ỦY BAN") == \
        ["duong", "hoa", "binh", "thuy", "loi", "uy", "ban"]


def test_adjacent_syllables_pair_up_across_spaces_and_hyphens_only() -> None:
    assert texts(pair_analyzer(), "Hạn nộp: Phòng Tài chính - Kế hoạch; HĐND&UBND") == \
        ["han nop", "phong tai", "tai chinh", "chinh ke", "ke hoach", "hdnd ubnd"]


SAMPLE = ("Phòng Tài chính - Kế hoạch có trách nhiệm: cân đối kinh phí CCHC; Văn phòng HĐND&UBND huyện "
          "gửi về UBND tỉnh (qua Sở Nội vụ) trước ngày 31/01/2025. ĐỒNG THÁP, Hoà Bình, thuỷ lợi, quý I.")


def test_the_one_pass_tokenizers_give_the_tokens_of_the_filter_chains() -> None:
    chain = [t.text for t in (RegexTokenizer(r"\w+") | LowercaseFilter() | ToneFilter())(SAMPLE)]
    assert texts(syllable_analyzer(), SAMPLE) == chain
    assert texts(folded_analyzer(), SAMPLE) == [fold(t) for t in chain]


def test_folding_keeps_the_offsets_of_the_accented_text() -> None:
    value = "Phòng Tư pháp đôn đốc việc đăng ký"
    folded = spans(folded_analyzer(), value)
    accented = spans(syllable_analyzer(), value)
    assert [(p, s, e) for _t, p, s, e in folded] == [(p, s, e) for _t, p, s, e in accented]
    assert [value[s:e] for _t, _p, s, e in folded] == ["Phòng", "Tư", "pháp", "đôn", "đốc", "việc", "đăng", "ký"]


# ---------------------------------------------------------------- pyvi words


def test_pyvi_words_carry_positions_and_offsets_into_the_text() -> None:
    value = "Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện trước ngày 31/01/2024."
    assert spans(PyviTokenizer(), value) == [
        ("Ủy ban", 0, 0, 6), ("nhân dân", 1, 7, 15), ("tỉnh", 2, 16, 20), ("báo cáo", 3, 21, 28),
        ("kết quả thực hiện", 4, 29, 46), ("trước", 5, 47, 52), ("ngày", 6, 53, 57),
        ("31", 7, 58, 60), ("01", 8, 61, 63), ("2024", 9, 64, 68),
    ]


def test_the_words_field_keeps_words_of_two_syllables_or_more() -> None:
    value = "Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện trước ngày 31/01/2024."
    assert spans(word_analyzer(), value) == [
        ("ủy ban", 0, 0, 6), ("nhân dân", 1, 7, 15), ("báo cáo", 3, 21, 28), ("kết quả thực hiện", 4, 29, 46),
    ]


def test_pyvi_words_lose_the_punctuation_pyvi_leaves_on_them() -> None:
    value = "theo 11/KH-UBND. P. Tư pháp"
    got = spans(PyviTokenizer(), value)
    assert [t for t, *_ in got] == ["theo", "11", "KH", "UBND", "P", "Tư pháp"]
    assert [value[s:e] for _t, _p, s, e in got] == ["theo", "11", "KH", "UBND", "P", "Tư pháp"]


def test_pyvi_tokenizer_without_tokenizing_yields_the_whole_value() -> None:
    assert [t.text for t in PyviTokenizer()("kết quả", tokenize=False)] == ["kết quả"]


# ---------------------------------------------------------------- exact fields


def test_document_numbers_survive_as_exact_tokens() -> None:
    value = ("Kế hoạch số 11/KH-UBND, Nghị định 68/2000/NĐ-CP, Chỉ thị 24-CT/TU, Nghị quyết 01-NQ/TU, "
             "Công văn 20/SNV-CCHCVTLT và 18/2020/QĐ–UBND")
    assert texts(number_analyzer(), value) == \
        ["11/kh-ubnd", "68/2000/nd-cp", "24-ct/tu", "01-nq/tu", "20/snv-cchcvtlt", "18/2020/qd-ubnd"]


def test_ranks_periods_dates_and_blank_numbers_are_not_document_numbers() -> None:
    assert texts(number_analyzer(), "xếp thứ 05/08, giai đoạn 2021-2025, ngày 31/01/2024, Số: /UBND-NV, V/v") == []


def test_dates_become_iso_days() -> None:
    value = "chậm nhất ngày 31/01/2024; 10h00' ngày 19/3/2024; ngày 7.8.2023; ngày 31/02/2024; ngày /11/2025"
    assert texts(date_analyzer(), value) == ["2024-01-31", "2024-03-19", "2023-08-07"]


# ---------------------------------------------------------------- schema


def test_analyzers_and_the_schema_compare_equal_when_rebuilt() -> None:
    assert syllable_analyzer() == syllable_analyzer()
    assert word_analyzer() == word_analyzer()
    assert folded_analyzer() != syllable_analyzer()
    assert IndexSchema() == IndexSchema()


# ---------------------------------------------------------------- query processing


def test_chat_words_are_dropped() -> None:
    q = parse_query("cho tôi hỏi hạn nộp báo cáo là ngày nào vậy ạ?", words=False)
    assert q.terms == ("hạn", "nộp", "báo", "cáo", "là", "ngày")


def test_chat_words_without_diacritics_keep_the_words_they_could_be() -> None:
    q = parse_query("trung tam van hoa thong tin va the thao ha noi ko a", words=False)
    assert q.terms == ("trung", "tam", "van", "hoa", "thong", "tin", "va", "the", "thao", "ha", "noi")


def test_a_query_of_chat_words_only_is_empty() -> None:
    assert parse_query("ạ nhé, giúp em với", words=False).empty


def test_abbreviations_are_expanded() -> None:
    q = parse_query("VP HĐND-UBND nộp KH CCHC", words=False)
    assert q.terms == ("vp", "hđnd", "ubnd", "nộp", "kh", "cchc")
    assert [e for e, _n in q.expansions] == [
        ("văn", "phòng"), ("hội", "đồng", "nhân", "dân"), ("ủy", "ban", "nhân", "dân"),
        ("kế", "hoạch"), ("cải", "cách", "hành", "chính"),
    ]


def test_abbreviations_typed_in_lower_case_without_diacritics_are_expanded() -> None:
    q = parse_query("han nop kh cchc cua hdnd", words=False)
    expanded = [e for e, _n in q.expansions]
    assert ("kế", "hoạch") in expanded
    assert ("cải", "cách", "hành", "chính") in expanded
    assert ("hội", "đồng", "nhân", "dân") in expanded


def test_p_dot_stands_for_phong_and_is_not_searched_itself() -> None:
    q = parse_query("P. TC-KH phải làm gì", words=False)
    assert q.terms == ("tc", "kh", "phải", "làm")
    assert q.expansions[:2] == ((("phòng",), ()), (("tài", "chính", "kế", "hoạch"), ("tc", "kh")))


@pytest.mark.parametrize("text", ["cải cách hành chính", "cai cach hanh chinh"])
def test_long_phrases_are_abbreviated_too(text: str) -> None:
    assert parse_query(f"sáng kiến {text} ạ", words=False).contractions == ((("cchc",), tuple(text.split())),)


def test_document_numbers_and_dates_in_a_query_are_recognised() -> None:
    q = parse_query("kh 11/kh-ubnd ngày 15/01/2024 nói về gì", words=False)
    assert q.numbers == ("11/kh-ubnd",)
    assert q.dates == ("2024-01-15",)
    assert q.expansions == ((("kế", "hoạch"), ("kh",)),)  # the KH inside the number is not expanded
    assert {"11", "ubnd", "15", "01", "2024"} <= set(q.terms)


def test_queries_are_normalised_like_documents() -> None:
    assert parse_query("Tỉnh uỷ **Quảng Trị**", words=False).terms == ("tỉnh", "ủy", "quảng", "trị")


def test_pyvi_words_of_an_accented_query() -> None:
    assert parse_query("kết quả cải cách hành chính").words == ("kết quả", "cải cách", "hành chính")
    assert parse_query("ket qua cai cach hanh chinh").words == ()


# ---------------------------------------------------------------- typos and the accented field


def fields_terms(plan) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(f, t if isinstance(t, str) else t.decode()) for f, t in plan.score.iter_all_terms()}


VOCAB = Vocabulary(["ngay", "thu", "ba", "xanh", "xanhs", "tu", "phap", "cham", "diem"])


def test_a_word_missing_from_the_vocabulary_is_matched_to_its_nearest_spellings() -> None:
    assert VOCAB.near("xanhh") == ["xanh", "xanhs"]
    assert VOCAB.near("phapp") == ["phap"]
    assert VOCAB.near("abc") == []  # too short to guess


def test_typo_tolerance_never_touches_a_word_the_index_knows() -> None:
    known = fields_terms(build_query(parse_query("ngay thu ba xanh"), VOCAB))
    assert {t for f, t in known if f == "text_fold"} == {"ngay", "thu", "ba", "xanh"}
    typo = fields_terms(build_query(parse_query("ngay thu ba xanhh"), VOCAB))
    assert {t for f, t in typo if f == "text_fold"} == {"ngay", "thu", "ba", "xanhh", "xanh", "xanhs"}


def test_an_accented_query_also_searches_the_accented_field() -> None:
    accented = fields_terms(build_query(parse_query("chấm điểm", words=False)))
    plain = fields_terms(build_query(parse_query("cham diem", words=False)))
    assert ("text", "chấm") in accented and ("text_fold", "cham") in accented
    assert not any(f == "text" for f, _t in plain)


def test_numbers_and_dates_go_to_their_exact_fields() -> None:
    terms = fields_terms(build_query(parse_query("4190/QĐ-UBND ngày 22/8/2023", words=False)))
    assert ("numbers", "4190/qd-ubnd") in terms
    assert ("dates", "2023-08-22") in terms


def test_nothing_to_search_builds_no_query() -> None:
    assert build_query(parse_query("ạ?", words=False)) is None


# ---------------------------------------------------------------- choosing candidates


class Frequencies:
    """Document frequencies as an index of 10,000 sections would give them."""

    COMMON = {"cac", "cua", "huyen", "cchc", "ke", "hoach", "ke hoach", "cai", "cach", "hanh", "chinh"}

    def doc_count(self) -> int:
        return 10_000

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return 6_000 if text in self.COMMON else 40


def chosen(plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {t if isinstance(t, str) else t.decode() for _f, t in plan.select.iter_all_terms()}


def test_common_words_only_score_the_candidates_that_rare_words_choose() -> None:
    plan = build_query(parse_query("hạn nộp kế hoạch của các huyện", words=False), frequencies=Frequencies())
    assert not plan.single
    assert {"han", "nop", "han nop"} <= chosen(plan)
    assert not {"cua", "cac", "huyen"} & chosen(plan)
    assert {"cua", "cac", "huyen"} <= {t for _f, t in plan.score.iter_all_terms()}


def test_an_abbreviation_chooses_candidates_when_the_words_it_stands_for_do() -> None:
    plan = build_query(parse_query("sáng kiến cải cách hành chính", words=False), frequencies=Frequencies())
    assert "cchc" in chosen(plan)  # common itself, but "cách hành" is rare: a text may say only CCHC


class EverythingCommon(Frequencies):
    def doc_frequency(self, fieldname: str, text: str) -> int:
        return 3_000 if text == "ke hoach" else 6_000


def test_a_query_of_common_words_only_is_chosen_by_its_rarest_parts() -> None:
    plan = build_query(parse_query("kế hoạch của các huyện", words=False), frequencies=EverythingCommon())
    assert chosen(plan) == {"ke hoach"}


# ---------------------------------------------------------------- indexing: TermCounts


@pytest.mark.parametrize("value", [
    "Ủy ban nhân dân huyện Vĩnh Linh; hoà thuỷ uỷ, Kế hoạch số 11/KH-UBND ngày 31/01/2024.",
    "Hạn nộp: Tài chính - Kế hoạch & Đầu tư / Nội vụ — Văn phòng HĐND và UBND",
    "ĐƯỜNG HOÀ BÌNH (phường Đông Hà) ... a_b c__d, x1 2y; ﬁ İstanbul ǅ ß",
    "Phòng Tư pháp có trách nhiệm phối hợp với các cơ quan, đơn vị có liên quan hướng dẫn hoà giải.",
    "báo cáo báo cáo báo cáo kết quả; kết quả",
    "",
    "   ",
])
def test_term_counts_index_what_frequency_indexes(value: str) -> None:
    from whoosh.formats import Frequency

    from index.analysis import TermCounts

    schema = IndexSchema()
    for name in schema.names():
        field = schema[name]
        if not isinstance(field.format, TermCounts):
            continue
        ours = sorted(field.index(value))
        plain = sorted(Frequency(field.format.field_boost).word_values(value, field.analyzer, mode="index"))
        assert ours == sorted((w.encode("utf-8"), f, wt, v) for w, f, wt, v in plain), name
        assert ours == sorted(field.index(value)), name  # counted once, the same when asked again

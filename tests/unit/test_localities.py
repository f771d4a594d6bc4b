"""The official gazetteer (both structures, before and from 07/2025): directives' localities from their
issuer block and place line, places named in questions typed with or without diacritics, old → new."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

import pytest

from corpus.localities import (
    Gazetteer,
    Locality,
    Place,
    default_gazetteer,
    load_stats,
    resolve_locality,
)
from corpus.text import fold


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def _loc(district: str | None, kind: str | None, province: str | None, province_kind: str | None) -> Locality:
    return Locality(district=district, district_kind=kind, province=province, province_kind=province_kind)


NONE = Locality()
PLAN_BODY = ("Thực hiện Kế hoạch của Bộ Nội vụ; giao UBND phường Quy Nhơn, xã Vĩnh Linh, đặc khu Cồn Cỏ và "
             "huyện Mê Linh rà soát; UBND phường Quy Nhơn báo cáo trước ngày 15/3.")

# ---------------------------------------------------------------- resolve_header

HEADERS = [
    # provincial issuers: the province only, whatever the body names
    (["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"], "Đồng Tháp", "", _loc(None, None, "Đồng Tháp", "tỉnh")),
    (["UBND TỈNH SƠN LA", "SỞ NỘI VỤ"], "Sơn La", "", _loc(None, None, "Sơn La", "tỉnh")),
    (["HĐND THÀNH PHỐ HÀ NỘI"], "Hà Nội", "", _loc(None, None, "Hà Nội", "thành phố")),
    (["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI"], "Hà Nội", "", _loc(None, None, "Hà Nội", "thành phố")),
    (["UBND TỈNH GIA LAI"], "Gia Lai", PLAN_BODY, _loc(None, None, "Gia Lai", "tỉnh")),
    (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"], "Quảng Trị", PLAN_BODY, _loc(None, None, "Quảng Trị", "tỉnh")),
    (["UBND TỈNH QUẢNG TRỊ", "SỞ NỘI VỤ"], "Đông Hà", PLAN_BODY, _loc(None, None, "Quảng Trị", "tỉnh")),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "TP. Hồ Chí Minh", "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    (["UBND TP. HỒ CHÍ MINH"], "Thành phố Hồ Chí Minh", "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    (["SỞ NỘI VỤ TP.HCM"], None, "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    (["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND TỈNH LÀO CAI"], "Lào Cai", "", _loc(None, None, "Lào Cai", "tỉnh")),
    (["BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH QUẢNG NINH"], "Quảng Ninh", "", _loc(None, None, "Quảng Ninh", "tỉnh")),
    (["TỈNH ỦY KON TUM"], "Kon Tum", "", _loc(None, None, "Kon Tum", "tỉnh")),
    (["UBND TỈNH THỪA THIÊN HUẾ"], "Huế", "", _loc(None, None, "Thừa Thiên Huế", "tỉnh")),
    (["UBND THÀNH PHỐ HUẾ"], "Huế", "", _loc(None, None, "Huế", "thành phố")),
    (["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"], "Hà Nội", "", _loc(None, None, "Hà Nội", "thành phố")),
    (["SỞ NỘI VỤ"], "Đắk Lắk", "", _loc(None, None, "Đắk Lắk", "tỉnh")),
    # national issuers: no locality, not even from the place line or the body
    (["BỘ NỘI VỤ"], "Hà Nội", PLAN_BODY, NONE),
    (["THỦ TƯỚNG CHÍNH PHỦ"], "Hà Nội", "", NONE),
    (["CHÍNH PHỦ"], "Hà Nội", "", NONE),
    (["VĂN PHÒNG CHÍNH PHỦ"], "Hà Nội", "", NONE),
    (["CỤC THUẾ"], "Hà Nội", "tỉnh Quảng Trị, tỉnh Quảng Trị", NONE),
    (["BỘ TÀI CHÍNH", "CỤC THUẾ"], "Hà Nội", "", NONE),
    (["BAN CHỈ ĐẠO TRUNG ƯƠNG", "VỀ PHÒNG, CHỐNG THAM NHŨNG"], "Hà Nội", "", NONE),
    # district issuers (before 07/2025): the district and its province
    (["ỦY BAN NHÂN DÂN", "HUYỆN VĨNH LINH"], "Hồ Xá", "", _loc("Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")),
    (["UBND HUYỆN BẠCH THÔNG", "PHÒNG NỘI VỤ"], "Bạch Thông", "", _loc("Bạch Thông", "huyện", "Bắc Kạn", "tỉnh")),
    (["ỦY BAN NHÂN DÂN QUẬN LONG BIÊN"], "Long Biên", "", _loc("Long Biên", "quận", "Hà Nội", "thành phố")),
    (["UBND THÀNH PHỐ BẮC NINH"], "Bắc Ninh", "", _loc("Bắc Ninh", "thành phố", "Bắc Ninh", "tỉnh")),
    (["UBND THÀNH PHỐ VINH"], "Vinh", "", _loc("Vinh", "thành phố", "Nghệ An", "tỉnh")),
    (["UBND THỊ XÃ QUẢNG TRỊ"], "Quảng Trị", "", _loc("Quảng Trị", "thị xã", "Quảng Trị", "tỉnh")),
    (["UBND HUYỆN ĐAKRÔNG"], "Krông Klang", "", _loc("Đa Krông", "huyện", "Quảng Trị", "tỉnh")),
    (["UBND QUẬN 1"], "TP. Hồ Chí Minh", "", _loc("1", "quận", "Hồ Chí Minh", "thành phố")),
    (["HUYỆN ỦY VĨNH LINH"], None, "", _loc("Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")),
    (["UBND HUYỆN TĨNH GIA"], "Tĩnh Gia", "", _loc("Tĩnh Gia", "huyện", "Thanh Hóa", "tỉnh")),  # merged 2020
    (["UBND HUYỆN PHONG ĐIỀN"], "Phong Điền", "trên địa bàn tỉnh Thừa Thiên Huế",
     _loc("Phong Điền", "huyện", "Thừa Thiên Huế", "tỉnh")),
    (["UBND HUYỆN PHONG ĐIỀN"], "Phong Điền", "trên địa bàn thành phố Cần Thơ",
     _loc("Phong Điền", "huyện", "Cần Thơ", "thành phố")),
    (["UBND HUYỆN CHÂU THÀNH"], "Châu Thành", "Kế hoạch của UBND tỉnh Tây Ninh",
     _loc("Châu Thành", "huyện", "Tây Ninh", "tỉnh")),
    (["UBND HUYỆN CHÂU THÀNH"], "Châu Thành", "Kế hoạch của UBND tỉnh An Giang",
     _loc("Châu Thành", "huyện", "An Giang", "tỉnh")),
    (["UBND huyện Vĩnh Linh"], "Vĩnh Linh", "", _loc("Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")),
    # commune issuers: the commune and its province
    (["UBND XÃ ĐỊNH HƯNG"], "Định Hưng", "", _loc("Định Hưng", "xã", "Thanh Hóa", "tỉnh")),
    (["ỦY BAN NHÂN DÂN", "XÃ BÁT TRÀNG"], "Bát Tràng", "", _loc("Bát Tràng", "xã", "Hà Nội", "thành phố")),
    (["UBND XÃ VĨNH LINH"], "Vĩnh Linh", "", _loc("Vĩnh Linh", "xã", "Quảng Trị", "tỉnh")),
    (["UBND PHƯỜNG SÀI GÒN"], "TP. Hồ Chí Minh", "", _loc("Sài Gòn", "phường", "Hồ Chí Minh", "thành phố")),
    (["UBND PHƯỜNG BẾN NGHÉ"], "TP. Hồ Chí Minh", "", _loc("Bến Nghé", "phường", "Hồ Chí Minh", "thành phố")),
    (["UBND ĐẶC KHU PHÚ QUỐC"], "Phú Quốc", "", _loc("Phú Quốc", "đặc khu", "An Giang", "tỉnh")),
    (["UBND PHƯỜNG QUY NHƠN"], "Quy Nhơn", "", _loc("Quy Nhơn", "phường", "Gia Lai", "tỉnh")),
    (["UBND THỊ TRẤN HỒ XÁ"], "Hồ Xá", "", _loc("Hồ Xá", "thị trấn", "Quảng Trị", "tỉnh")),
    (["ỦY BAN NHÂN DÂN", "XÃ KHÔNG CÓ TÊN"], None, "trên địa bàn tỉnh Quảng Trị",
     _loc("Không Có Tên", "xã", "Quảng Trị", "tỉnh")),  # not in the gazetteer: as written
    # no issuer block: the place line
    ([], "TP. Hồ Chí Minh", "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    ([], "Thành phố Hồ Chí Minh", "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    ([], "Tp. Hồ Chí Minh", "", _loc(None, None, "Hồ Chí Minh", "thành phố")),
    ([], "Huế", "", _loc(None, None, "Huế", "thành phố")),
    ([], "Đồng Tháp", "", _loc(None, None, "Đồng Tháp", "tỉnh")),
    ([], "Vĩnh Linh", "UBND huyện yêu cầu", _loc("Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")),
    ([], "Hồ Xá", "", _loc("Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")),
    ([], "Bạch Thông", "", _loc("Bạch Thông", "huyện", "Bắc Kạn", "tỉnh")),
    ([], "Mê Linh", "UBND thành phố Hà Nội", _loc("Mê Linh", "huyện", "Hà Nội", "thành phố")),
    ([], "Định Hưng", "", _loc("Định Hưng", "xã", "Thanh Hóa", "tỉnh")),
    # nothing but the body
    ([], None, "UBND tỉnh Sơn La giao Sở Nội vụ tỉnh Sơn La …", _loc(None, None, "Sơn La", "tỉnh")),
    ([], None, "Chủ tịch Ủy ban nhân dân huyện Châu Thành ban hành Công văn", _loc("Châu Thành", "huyện", None, None)),
    ([], None, "Bộ Nội vụ hướng dẫn chế độ báo cáo", NONE),
]


@pytest.mark.parametrize("issuer, place, body, want", HEADERS,
                         ids=[fold(" ".join(h[0]) or f"place {h[1]}")[:60] for h in HEADERS])
def test_resolve_header(gaz: Gazetteer, issuer: list[str], place: str | None, body: str, want: Locality) -> None:
    assert gaz.resolve_header(issuer, place, body) == want


def test_labels_say_kind_and_province(gaz: Gazetteer) -> None:
    assert gaz.resolve_header(["UBND QUẬN 1"], None, "").label() == "quận 1, thành phố Hồ Chí Minh"
    assert gaz.resolve_header(["UBND XÃ ĐỊNH HƯNG"], None, "").label() == "xã Định Hưng, tỉnh Thanh Hóa"


def test_old_entry_point_still_reads_place_and_hint(gaz: Gazetteer) -> None:
    assert resolve_locality("UBND huyện yêu cầu …", "Vĩnh Linh", None, gaz) == _loc(
        "Vĩnh Linh", "huyện", "Quảng Trị", "tỉnh")
    assert resolve_locality("…", "Hà Nội", "Bộ Nội vụ", gaz) == NONE
    assert resolve_locality("…", None, "UBND tỉnh Đồng Tháp", gaz).province == "Đồng Tháp"


# ---------------------------------------------------------------- places_in

HCM = Place("Hồ Chí Minh", "province", "Hồ Chí Minh")
HANOI = Place("Hà Nội", "province", "Hà Nội")
MELINH = Place("Mê Linh", "district", "Hà Nội")

QUESTIONS = [
    ("dong thap", [Place("Đồng Tháp", "province", "Đồng Tháp")]),
    ("hạn nộp của Đồng Tháp?", [Place("Đồng Tháp", "province", "Đồng Tháp")]),
    ("tp hcm", [HCM]),
    ("TP.HCM", [HCM]),
    ("tphcm", [HCM]),
    ("Tp. Hồ Chí Minh", [HCM]),
    ("THÀNH PHỐ HỒ CHÍ MINH", [HCM]),
    ("Sài Gòn", [HCM]),
    ("HN", [HANOI]),
    ("ha noi", [HANOI]),
    ("Sở Nội vụ Hà Nội", [HANOI]),
    ("Bắc Ninh", [Place("Bắc Ninh", "province", "Bắc Ninh")]),
    ("bac ninh", [Place("Bắc Ninh", "province", "Bắc Ninh")]),
    ("tinh Kon Tum", [Place("Kon Tum", "province", "Kon Tum")]),
    ("Đắk Lắk", [Place("Đắk Lắk", "province", "Đắk Lắk")]),
    ("dak lak", [Place("Đắk Lắk", "province", "Đắk Lắk")]),
    ("Đăk Lăk", [Place("Đắk Lắk", "province", "Đắk Lắk")]),
    ("brvt", [Place("Bà Rịa - Vũng Tàu", "province", "Bà Rịa - Vũng Tàu")]),
    ("Thừa Thiên Huế", [Place("Thừa Thiên Huế", "province", "Thừa Thiên Huế")]),
    ("huế", [Place("Huế", "province", "Huế")]),
    ("huyện Mê Linh", [MELINH]),
    ("huyen me linh", [MELINH]),
    ("HUYỆN MÊ LINH", [MELINH]),
    ("kế hoạch CCHC Mê Linh", [MELINH]),
    ("UBND các xã, thị trấn Mê Linh phải làm gì?", [MELINH]),
    ("huyện Vĩnh Linh, tỉnh Quảng Trị", [Place("Vĩnh Linh", "district", "Quảng Trị"),
                                         Place("Quảng Trị", "province", "Quảng Trị")]),
    ("thành phố Vinh", [Place("Vinh", "district", "Nghệ An")]),
    ("huyen dakrong", [Place("Đa Krông", "district", "Quảng Trị")]),
    ("quận 1 tp hcm", [Place("1", "district", "Hồ Chí Minh"), HCM]),
    ("q1", [Place("1", "district", "Hồ Chí Minh")]),
    ("huyện Châu Thành", [Place("Châu Thành", "district", None)]),
    ("huyen Chau Thanh tinh Tay Ninh", [Place("Châu Thành", "district", "Tây Ninh"),
                                        Place("Tây Ninh", "province", "Tây Ninh")]),
    ("phường Bến Nghé", [Place("Bến Nghé", "commune", "Hồ Chí Minh")]),
    ("phuong Ben Nghe", [Place("Bến Nghé", "commune", "Hồ Chí Minh")]),
    ("phường Sài Gòn", [Place("Sài Gòn", "commune", "Hồ Chí Minh")]),
    ("xã Vĩnh Thạch", [Place("Vĩnh Thạch", "commune", "Quảng Trị")]),  # merged into Kim Thạch
    ("xa vinh thach", [Place("Vinh Thach", "commune", "Quảng Trị")]),
    ("xã Định Hưng", [Place("Định Hưng", "commune", "Thanh Hóa")]),
    ("XA DINH HUNG", [Place("Định Hưng", "commune", "Thanh Hóa")]),
    ("đặc khu Phú Quốc", [Place("Phú Quốc", "commune", "An Giang")]),
    ("xã Bát Tràng", [Place("Bát Tràng", "commune", "Hà Nội")]),
    ("phường 12 quận 10", [Place("12", "commune", "Hồ Chí Minh"), Place("10", "district", "Hồ Chí Minh")]),
    ("các huyện Sơn La", [Place("Sơn La", "province", "Sơn La")]),
]


@pytest.mark.parametrize("text, want", QUESTIONS, ids=[fold(q) for q, _ in QUESTIONS])
def test_places_in_questions(gaz: Gazetteer, text: str, want: list[Place]) -> None:
    assert gaz.places_in(text) == want


NOT_PLACES = [
    "phương án cải cách hành chính năm 2025",
    "phuong an cai cach hanh chinh",
    "phuong an phong chong thien tai",
    "xã hội hóa dịch vụ công",
    "xa hoi hoa",
    "đã thống nhất chưa?",
    "da thong nhat chua",
    "văn bản nào quy định việc này",
    "van ban nao quy dinh",
    "mô hình ngày thứ ba xanh là gì",
    "mo hinh ngay thu ba xanh la gi",
    "các cơ quan tương đương sở",
    "co quan tuong duong so",
    "đo lường sự hài lòng của người dân",
    "do luong su hai long",
    "quản lý nhà nước về CCHC",
    "quan ly nha nuoc",
    "vinh danh tập thể xuất sắc",
    "tình hình thực hiện",
    "triển khai thành công",
    "tinh thần đoàn kết",
    "tinh than doan ket",
    "diễn biến phức tạp",
    "Chủ tịch UBND ký",
    "Chu tich UBND ky",
    "phương thức tiếp nhận hồ sơ",
    "quân đội",
    "tân tiến",
]


@pytest.mark.parametrize("text", NOT_PLACES, ids=[fold(t) for t in NOT_PLACES])
def test_ordinary_words_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert gaz.places_in(text) == []


def test_places_carry_their_province_after_2025(gaz: Gazetteer) -> None:
    (melinh,) = gaz.places_in("huyện Mê Linh")
    assert melinh.new_province == "Hà Nội" and melinh.era == "old"
    (bachthong,) = gaz.places_in("hạn của huyện Bạch Thông")
    assert (bachthong.province, bachthong.new_province) == ("Bắc Kạn", "Thái Nguyên")
    (vinhthach,) = gaz.places_in("xã Vĩnh Thạch")
    assert (vinhthach.successor, vinhthach.district) == ("Kim Thạch", "Vĩnh Linh")
    (kontum,) = gaz.places_in("tỉnh Kon Tum")
    assert kontum.new_province == "Quảng Ngãi"
    (hue,) = gaz.places_in("Thừa Thiên Huế")
    assert hue.new_province == "Huế"


def test_mapping_old_to_new(gaz: Gazetteer) -> None:
    assert gaz.mapping["Bắc Kạn"] == "Thái Nguyên"
    assert gaz.mapping["Quảng Bình"] == "Quảng Trị"
    assert gaz.mapping["Hà Nội"] == "Hà Nội"
    assert gaz.mapping["Thừa Thiên Huế"] == "Huế"
    assert len(set(gaz.mapping.values())) == 34 and gaz.provinces_2025() == set(gaz.mapping.values())
    assert gaz.new_province_of("Mê Linh", level="district") == "Hà Nội"
    assert gaz.new_province_of("Bạch Thông", level="district") == "Thái Nguyên"
    assert gaz.new_province_of("Châu Thành", level="district") is None  # several provinces
    assert gaz.new_province_of("Châu Thành", level="district", province="Bến Tre") == "Vĩnh Long"


def test_the_whole_official_list_is_there() -> None:
    stats = load_stats()
    assert stats["provinces_old"] == 63 and stats["provinces_new"] == 34
    assert stats["district:old"] == 696
    assert stats["commune:old"] > 10000 and stats["commune:new"] == 3321


def test_old_dict_api(gaz: Gazetteer) -> None:
    assert gaz.is_province("TP. Hồ Chí Minh") and gaz.is_province("tinh dong thap")
    assert gaz.canonical_province("TP HCM") == "Hồ Chí Minh"
    assert gaz.kind_of_province("Hồ Chí Minh") == "thành phố" and gaz.kind_of_province("Sơn La") == "tỉnh"
    assert gaz.province_of("Vĩnh Linh") == "Quảng Trị"
    assert gaz.province_of("Châu Thành") is None  # ten provinces have one
    assert len(gaz.province_name) >= 63 and len(gaz.district_province) > 550
    gaz2 = default_gazetteer()
    gaz2.add_district("Châu Thành", "Tây Ninh")
    assert gaz2.province_of("Châu Thành") == "Tây Ninh" and gaz.province_of("Châu Thành") is None


def test_places_in_is_fast(gaz: Gazetteer) -> None:
    q = "Hạn nộp báo cáo kết quả thực hiện kế hoạch CCHC năm 2025 của UBND huyện Mê Linh về Sở Nội vụ Hà Nội?"
    assert len(q) == 100
    gaz.places_in(q)
    times = []
    for _ in range(200):
        started = time.perf_counter()
        gaz.places_in(q)
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.001


def test_loading_does_not_import_the_packages_parser() -> None:
    code = ("import sys; from corpus.localities import default_gazetteer; "
            "default_gazetteer().places_in('ha noi'); "
            "print(any(m.split('.')[0] in ('shapely', 'geopy', 'vietnamadminunits') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

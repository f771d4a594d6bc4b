"""Every organisation or office-holder named in a Vietnamese sentence, known to a list or not.

>>> [o.name for o in find_orgs("Giao Sở KH&CN chủ trì, phối hợp với Cục Kiểm soát thủ tục hành chính thực hiện")]
['Sở Khoa học và Công nghệ', 'Cục Kiểm soát thủ tục hành chính']
>>> expand_list("các Sở: Tư pháp, Nội vụ, Tài chính")
['Sở Tư pháp', 'Sở Nội vụ', 'Sở Tài chính']
>>> canonical("VP UBND tỉnh")
'Văn phòng Ủy ban nhân dân tỉnh'
>>> [(o.name, r) for o, r in roles("Sở Nội vụ tổng hợp, báo cáo UBND tỉnh (qua Văn phòng UBND tỉnh).")]
[('Sở Nội vụ', 'thực hiện'), ('Ủy ban nhân dân tỉnh', 'nhận'), ('Văn phòng Ủy ban nhân dân tỉnh', 'nhận')]

How a name is bounded. A mention starts at a head (`_HEADS`: "Sở", "Cục", "Ủy ban nhân dân"/"UBND", "Chủ tịch",
"Văn phòng", an abbreviation such as "STC" …) or at a run of generic nouns ("các sở, ban, ngành", "cơ quan, đơn
vị"); its specific part then runs on

* through capitalised syllables and abbreviations ("Bộ Giáo dục và Đào tạo", "Phòng QLCN&TĐC"); "và", "-", "&"
  go on only before a capital ("Văn hóa - Xã hội"), a comma only inside a known comma name ("Văn hóa, Thể thao
  và Du lịch") or a committee's topic;
* through lower-case syllables ("Cục Kiểm soát thủ tục hành chính", "Văn phòng đăng ký đất đai") until a word
  that cannot be part of a name (`_STOP`: the verbs and function words of administrative writing, "chủ trì",
  "có trách nhiệm", "tham mưu", "được", "để", "theo" …), unless it is one of the name phrases (`_NAME_PHRASES`:
  "quản lý nhà nước", "đầu tư xây dựng", "tiếp nhận và trả kết quả" …); at most two lower-case syllables
  after the last capital for heads whose names are written in title case (Bộ, Sở, Ủy ban, Hội …);
* a known specific part (`data/org_abbreviations.yaml`: "Tài chính", "KH&CN", "Văn hóa, Thể thao và Du lịch")
  ends the name unless capitals go on, so "Sở Tài chính thúc đẩy …" stops at "Tài chính";
* then a locality ("tỉnh Nghệ An", "cấp xã", "các xã, phường, đặc khu", "khu vực XII", "Thành phố Hồ Chí
  Minh", "các tỉnh, thành phố trực thuộc Trung ương"), "thuộc/trực thuộc" + an organisation ("Vụ Tổ chức -
  Biên chế thuộc Bộ Nội vụ"), the body a sub-unit belongs to ("Văn phòng Bộ Tư pháp", "Thanh tra Sở Xây dựng"),
  "của Chính phủ/Quốc hội" and "về <topic>" after a committee ("Ban Chỉ đạo của Chính phủ về …");
* it stops at punctuation, at a new head, at a number (except "khu vực V", "phường 5", "Đề án 06"), at a
  person's name after a title ("Bộ trưởng Bộ Quốc phòng Phan Văn Giang"), and never takes a code inside a
  document number ("1494/TTr-SNV", "QĐ-UBND").

An office-holder takes the organisation after it ("Giám đốc Sở Tư pháp", "Chủ tịch UBND các xã, phường"). Lists
that share one head ("các Sở: Tư pháp, Nội vụ, Tài chính", "Sở Tư pháp, Nội vụ và Tài chính", "Chủ tịch, Phó Chủ
tịch UBND tỉnh") are one mention whose `members` are the bodies written out; `expand_list` gives them.

What is read. Text with diacritics, cased as the letters write it. Text in capitals ("SỞ TƯ PHÁP"), in title case
("Sở Tài Chính") or in lower case ("sở tư pháp") is read with the capital tests replaced by the known specific
parts and the stop words: known names come out canonical, other names as typed (head capitalised). Text typed
without any diacritic ("so tai chinh", "cong an tinh", "ubnd cac xa, phuong") is matched folded: heads, known
names, localities and abbreviations are recognised and written out with their diacritics; other words stay as
typed. A text with a diacritic anywhere is matched with diacritics (so "số" is never "sở", "bán" never "ban").
Both tone placements are accepted ("Uỷ ban", "Ủy ban"); names come out with the classic one.

Spans refer to the text given (NFC; a text in another normal form is read as its NFC form). The module is pure:
no I/O at import (the YAML is read on first use), tables and regexes are built once; results of the last few
thousand texts are kept, so the passages of a question are read once.
"""
from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Generic, TypeVar

import yaml

from corpus.text import fold, normalize_tones

__all__ = ["Org", "find_orgs", "expand_list", "canonical", "roles", "ROLES"]

ROLES = ("chủ trì", "phối hợp", "thực hiện", "nhận", "khác")


@dataclass(frozen=True)
class Org:
    """One mention of an organisation, a group of them, or an office-holder."""

    start: int
    end: int
    text: str  # as written
    name: str  # canonical: abbreviations written out, "Ủy" not "Uỷ", one space, " - " around dashes
    head: str  # the head word ("Sở", "Ủy ban nhân dân", "Chủ tịch", "Cơ quan" …)
    group: bool  # stands for many bodies: "các sở, ban, ngành", "UBND cấp xã", "Thủ trưởng các cơ quan, đơn vị"
    members: tuple[str, ...] = field(default=())  # a shared-head list written out ("Sở Tư pháp", "Sở Nội vụ")


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary. Phrases are written lower case with diacritics; the folded forms are derived.

# Head words. kind: org (needs a specific part), loc (a locality may follow directly), fixed (complete as it is),
# holder (an office-holder: an organisation follows), group (a lower-case generic noun: sở, cơ quan …).
# Options: alone (no specific part needed when written with a capital), starters (lower-case words that may
# begin the specific part, so "Ban quản lý dự án" and "Văn phòng đăng ký đất đai" are names), lower (the head
# may be written in lower case in a cased text when a starter or known spec follows), sub (a sub-unit: may be
# followed by the organisation it belongs to: "Văn phòng Bộ Tư pháp", "Vụ Pháp chế Bộ Nội vụ"), committee
# (its name may go on with "của Chính phủ" and "về <topic>"), bad_next / bad_prev (words that make the head
# something else: "ban hành", "cơ sở", "nhiệm vụ").
_COMMITTEE_STARTERS = ("chỉ đạo", "chỉ huy", "điều hành", "soạn thảo", "biên tập", "tổ chức", "thường vụ",
                       "thường trực", "giám khảo", "quản lý", "công tác", "tư vấn", "thẩm định", "kiểm tra",
                       "giám sát", "chuyên gia", "giúp việc", "kiểm kê", "xây dựng", "thi đua", "đánh giá",
                       "liên ngành", "vận động", "đại diện", "tiếp công dân", "khảo sát", "thanh tra", "công tác")

_HEADS: list[tuple[str, str, str, dict]] = [
    # (surface forms separated by |, canonical head, kind, options)
    ("ủy ban nhân dân|ubnd|ub nhân dân", "Ủy ban nhân dân", "loc", {"alone": 1, "lower": 1, "sub": 1}),
    ("hội đồng nhân dân|hđnd", "Hội đồng nhân dân", "loc", {"alone": 1, "lower": 1, "sub": 1}),
    ("ủy ban mặt trận tổ quốc|ủy ban mttq|ubmttq|ubmttqvn|ủy ban trung ương mặt trận tổ quốc",
     "Ủy ban Mặt trận Tổ quốc", "loc", {"alone": 1}),
    ("mặt trận tổ quốc|mttq|mttqvn", "Mặt trận Tổ quốc", "loc", {"alone": 1}),
    ("ủy ban", "Ủy ban", "org", {"committee": 1, "starters": ("quốc gia", "thường vụ", "kiểm tra", "chứng khoán",
                                                               "an toàn giao thông")}),
    ("hội đồng", "Hội đồng", "org", {"committee": 1, "lower": 1, "runon": 1,
                                     "starters": _COMMITTEE_STARTERS + ("thi đua", "khoa học", "quản lý",
                                                                        "nghiệm thu", "xét", "tuyển dụng",
                                                                        "định giá", "bồi thường", "phối hợp",
                                                                        "giáo dục", "chính sách", "thành viên",
                                                                        "quản trị", "kỷ luật", "sáng kiến",
                                                                        "bầu cử", "nhân dân")}),
    ("chính phủ", "Chính phủ", "fixed", {"bad_prev": ("phi",), "bad_next": ("điện tử", "số")}),
    ("quốc hội", "Quốc hội", "fixed", {"bad_prev": ("biểu",), "bad_next": ("khóa", "khoá")}),
    ("bộ chính trị", "Bộ Chính trị", "fixed", {}),
    ("ban bí thư", "Ban Bí thư", "fixed", {}),
    ("tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|huyện ủy|huyện uỷ|quận ủy|thị ủy|đảng ủy|đảng uỷ", "Đảng ủy", "loc",
     {"alone": 1, "sub": 1, "keep": 1}),
    ("tỉnh đoàn|thành đoàn|huyện đoàn", "Tỉnh đoàn", "fixed", {"keep": 1, "cap": 1}),
    ("kho bạc nhà nước|kho bạc", "Kho bạc Nhà nước", "loc", {"alone": 1, "cap": 1}),
    ("kbnn", "Kho bạc Nhà nước", "loc", {"alone": 1}),
    ("bảo hiểm xã hội việt nam", "Bảo hiểm xã hội", "fixed", {}),
    ("bảo hiểm xã hội|bhxh", "Bảo hiểm xã hội", "loc", {"need_loc": 1, "cap": 1}),
    ("ngân hàng nhà nước việt nam", "Ngân hàng", "fixed", {}),
    ("ngân hàng", "Ngân hàng", "org", {"starters": ("nhà nước", "chính sách xã hội", "phát triển", "thương mại",
                                                    "hợp tác xã"), "cap": 1}),
    ("kiểm toán nhà nước", "Kiểm toán nhà nước", "loc", {"alone": 1}),
    ("thanh tra chính phủ", "Thanh tra", "fixed", {}),
    ("thanh tra", "Thanh tra", "loc", {"need_loc": 1, "sub": 1, "cap": 1}),
    ("tòa án nhân dân|toà án nhân dân|tòa án|toà án|tand", "Tòa án", "loc", {"alone": 1, "cap": 1}),
    ("viện kiểm sát nhân dân|viện kiểm sát|vksnd", "Viện kiểm sát", "loc", {"alone": 1, "cap": 1}),
    ("công an", "Công an", "loc", {"alone": 1, "lower_loc": 1, "sub": 1, "bad_next": ("nhân dân",)}),
    ("ca", "Công an", "loc", {"need_loc": 1, "abbr": 1}),
    ("thuế", "Thuế", "loc", {"need_loc": 1, "cap": 1}),
    ("hải quan", "Hải quan", "loc", {"need_loc": 1, "cap": 1}),
    ("thống kê", "Thống kê", "loc", {"need_loc": 1, "cap": 1}),
    ("liên đoàn lao động|liên đoàn", "Liên đoàn", "loc", {"cap": 1, "alone": 1}),
    ("tổng liên đoàn lao động", "Tổng Liên đoàn Lao động", "loc", {"alone": 1}),
    ("bộ chỉ huy quân sự|bộ chqs", "Bộ Chỉ huy Quân sự", "loc", {"alone": 1}),
    ("ban chỉ huy quân sự|ban chqs|bchqs", "Ban Chỉ huy Quân sự", "loc", {"alone": 1, "lower": 1}),
    ("bộ chỉ huy bộ đội biên phòng", "Bộ Chỉ huy", "loc", {"alone": 1}),
    ("bộ đội biên phòng", "Bộ đội Biên phòng", "loc", {"alone": 1}),
    ("bộ phận", "Bộ phận", "org", {"lower": 1, "starters": ("một cửa", "tiếp nhận và trả kết quả", "tiếp nhận",
                                                            "văn thư", "tiếp dân", "tiếp công dân"),
                                   "bad_prev": ("một", "các", "những")}),
    ("bộ", "Bộ", "org", {"bad_prev": ("toàn", "cán", "nội", "đồng", "sơ", "tiến", "cục", "thủ", "hiến"),
                        "bad_next": ("phận", "máy", "luật", "chỉ số", "tiêu chí", "hồ sơ", "thủ tục", "câu hỏi",
                                     "mẫu", "đội", "tài liệu", "công cụ", "nhận diện", "quy tắc", "dữ liệu",
                                     "sưu tập", "tranh")}),
    ("sở", "Sở", "org", {"bad_prev": ("cơ", "trụ", "căn"), "bad_next": ("hữu", "dĩ", "tại", "thích", "trường", "cứ"),
                         "starters": ("quản lý",)}),  # "Sở quản lý ngành, lĩnh vực"
    ("tổng cục", "Tổng cục", "org", {}),
    ("chi cục", "Chi cục", "org", {"sub": 1}),
    ("cục", "Cục", "org", {"sub": 1, "bad_next": ("bộ",)}),
    ("vụ", "Vụ", "org", {"sub": 1, "cap": 1,
                        "bad_prev": ("nhiệm", "dịch", "phục", "nghiệp", "công", "thời", "sự", "chức", "nội",
                                     "ngoại", "thương", "tác", "hồ", "mùa", "phi", "cục")}),
    ("văn phòng|vp", "Văn phòng", "org", {"sub": 1, "lower": 1, "alone_subject": 1,
                                       "starters": ("hđnd và ubnd", "hđnd - ubnd", "hđnd & ubnd", "hđnd&ubnd",
                                                    "hội đồng nhân dân và ủy ban nhân dân", "hđnd, ubnd",
                                                    "đoàn đbqh và hđnd", "đoàn đbqh, hđnd và ubnd",
                                                    "đăng ký đất đai", "đăng ký", "công chứng", "luật sư",
                                                    "thừa phát lại", "đại diện", "điều phối"),
                                       "bad_next": ("phẩm", "làm việc", "điện tử", "số", "không giấy")}),
    ("chi nhánh", "Chi nhánh", "org", {"sub": 1, "cap": 1}),
    ("trung tâm", "Trung tâm", "org", {"sub": 1, "lower": 1,
                                       "starters": ("phục vụ", "hành chính công", "dữ liệu", "y tế", "giao dịch",
                                                    "dịch vụ", "phát triển", "văn hóa", "giáo dục", "công nghệ",
                                                    "trợ giúp", "đăng kiểm", "kiểm soát bệnh tật", "chuyển đổi số",
                                                    "thông tin", "lưu trữ", "quan trắc", "khuyến nông",
                                                    "giám định", "bảo trợ", "điều hành", "xúc tiến",
                                                    "đổi mới sáng tạo", "hỗ trợ", "kỹ thuật", "quản lý"),
                                       "bad_next": ("của", "là")}),
    ("ban", "Ban", "org", {"sub": 1, "lower": 1, "committee": 1,
                          "starters": _COMMITTEE_STARTERS + ("quản lý dự án", "tuyên giáo", "dân vận", "pháp chế",
                                                             "dân tộc", "kinh tế", "văn hóa", "nội chính",
                                                             "tổ chức", "bí thư", "cán sự", "tiếp công dân",
                                                             "an toàn giao thông", "vì sự tiến bộ"),
                          "bad_next": ("hành", "đầu", "ngày", "đêm", "bố", "cho", "ngành", "phát", "chiều",
                                       "sáng", "tặng", "hố", "công")}),
    ("phòng", "Phòng", "org", {"sub": 1,
                              "starters": ("chuyên môn", "công chứng", "cảnh sát", "tư pháp", "nội vụ", "kinh tế",
                                           "văn hóa", "tài chính", "tài nguyên", "giáo dục", "y tế", "dân tộc",
                                           "quản lý đô thị", "nông nghiệp", "lao động"),
                              "bad_next": ("chống", "ngừa", "cháy", "tránh", "thủ", "vệ", "dịch", "bệnh", "hộ", "họp",
                                           "khám", "ở", "làm việc", "đọc", "thí nghiệm", "khi", "trường hợp",
                                           "trừ", "hờ", "bị", "học", "máy", "ban", "giao dịch", "truyền thống"),
                              "bad_prev": ("văn", "dự", "đề", "biên", "quốc", "đặt", "cảnh")}),
    ("tổ", "Tổ", "org", {"sub": 1, "lower": 1, "committee": 1,
                        "starters": ("công tác", "kiểm kê", "giúp việc", "thẩm định", "biên tập", "chuyên gia",
                                     "kiểm tra", "tư vấn", "soạn thảo", "điều phối", "triển khai", "rà soát",
                                     "chuyên trách", "công nghệ", "hỗ trợ", "thư ký", "thường trực", "liên ngành",
                                     "đánh giá", "xác minh", "tiếp nhận", "quản lý"),
                        "bad_next": ("chức", "quốc", "hợp", "tiên", "dân phố", "ấm", "tụng", "trưởng", "phó")}),
    ("đoàn", "Đoàn", "org", {"sub": 1, "lower": 1, "committee": 1,
                            "starters": ("kiểm tra", "công tác", "giám sát", "thanh tra", "đại biểu", "khảo sát",
                                         "liên ngành", "kiểm toán", "đánh giá", "thẩm định"),
                            "bad_next": ("kết", "viên", "thể", "xe", "người", "vào", "ra", "thanh niên"),
                            "bad_prev": ("công", "các", "tập", "liên", "tỉnh", "thành", "huyện")}),
    ("đoàn thanh niên", "Đoàn Thanh niên", "loc", {"alone": 1, "cap": 1}),
    ("đoàn đbqh|đoàn đại biểu quốc hội", "Đoàn đại biểu Quốc hội", "loc", {"alone": 1}),
    ("đội", "Đội", "org", {"sub": 1, "cap": 1, "bad_prev": ("bộ",), "bad_next": ("ngũ", "viên", "hình")}),
    ("viện", "Viện", "org", {"bad_next": ("dẫn", "trợ", "phí"), "bad_prev": ("bệnh", "học", "thư")}),
    ("học viện", "Học viện", "org", {}),
    ("bệnh viện", "Bệnh viện", "org", {}),
    ("trường", "Trường", "org", {"bad_prev": ("môi", "thị", "chiến", "quảng", "hiện", "sở", "lập", "đấu",
                                             "nhà", "các", "lò"),
                                "bad_next": ("hợp", "học", "lớp", "độ", "kỳ", "ca", "quay")}),
    ("quỹ", "Quỹ", "org", {"bad_next": ("đất", "lương", "thời gian", "nhà", "tiền", "dự phòng")}),
    ("đài", "Đài", "org", {"bad_next": ("truyền thanh cơ sở", "tưởng niệm", "phun")}),
    ("báo", "Báo", "org", {"bad_next": ("cáo", "chí", "động", "giá", "đáp", "hiệu", "tin", "trước", "hại", "danh"),
                          "bad_prev": ("thông", "cảnh", "dự", "nhật", "tờ", "khai", "tố", "cơ")}),
    ("hiệp hội", "Hiệp hội", "org", {}),
    ("báo và phát thanh, truyền hình", "Báo và Phát thanh, Truyền hình", "loc", {"alone": 1}),
    ("hội", "Hội", "org", {"bad_next": ("nghị", "thảo", "nhập", "viên", "đủ", "chợ", "thi", "diễn", "họp", "ý",
                                       "tụ", "đàm", "trại", "đoàn", "chứng", "sách", "xuân", "lim", "an"),
                          "bad_prev": ("xã", "cơ", "quốc", "đại", "giáo", "lễ", "các", "thời", "tổng")}),
    ("tập đoàn", "Tập đoàn", "org", {}),
    ("tổng công ty", "Tổng công ty", "org", {}),
    ("công ty", "Công ty", "org", {}),
    ("công đoàn", "Công đoàn", "org", {"bad_next": ("viên", "phí")}),
    ("thông tấn xã việt nam", "Thông tấn xã Việt Nam", "fixed", {}),
    ("đài truyền hình việt nam", "Đài Truyền hình Việt Nam", "fixed", {}),
    ("đài tiếng nói việt nam", "Đài Tiếng nói Việt Nam", "fixed", {}),
    ("cơ quan", "Cơ quan", "group1", {"bad_next": ("này", "mình", "đó", "khác", "nào", "trên", "chủ trì",
                                                   "phối hợp", "thực hiện", "tiếp nhận", "giải quyết", "có",
                                                   "được", "là", "và")}),
    ("đơn vị", "Đơn vị", "group1", {"bad_next": ("hành chính", "tính", "mình", "này", "đó", "khác", "nào",
                                                 "chủ trì", "phối hợp", "thực hiện", "tiền tệ", "đo", "có",
                                                 "được", "là", "và", "vũ trang", "bầu cử", "cấp")}),
    # office-holders
    ("bộ trưởng|thứ trưởng", "Bộ trưởng", "holder", {"alone": 1, "phó": 0}),
    ("thủ tướng chính phủ|thủ tướng|phó thủ tướng chính phủ|phó thủ tướng", "Thủ tướng Chính phủ", "holder",
     {"alone": 1, "keep": 1}),
    ("chủ tịch nước|phó chủ tịch nước", "Chủ tịch nước", "fixed", {"keep": 1}),
    ("chủ tịch|phó chủ tịch", "Chủ tịch", "holder", {"cap": 1}),
    ("giám đốc|phó giám đốc|tổng giám đốc|phó tổng giám đốc", "Giám đốc", "holder", {"cap": 1}),
    ("thủ trưởng|phó thủ trưởng", "Thủ trưởng", "holder", {"lower": 1}),
    ("người đứng đầu|cấp phó của người đứng đầu", "Người đứng đầu", "holder", {"lower": 1}),
    ("lãnh đạo", "Lãnh đạo", "holder", {"cap": 1}),
    ("chuyên viên", "Chuyên viên", "holder", {"cap": 1, "lower": 1}),
    ("công chức|viên chức", "Công chức", "holder", {"cap": 1, "lower": 1}),
    ("cán bộ", "Cán bộ", "holder", {"cap": 1}),
    ("trưởng phòng|phó trưởng phòng|trưởng ban|phó trưởng ban|trưởng đoàn|phó trưởng đoàn|tổ trưởng|tổ phó|"
     "chánh văn phòng|phó chánh văn phòng|chánh thanh tra|phó chánh thanh tra|cục trưởng|phó cục trưởng|"
     "vụ trưởng|phó vụ trưởng|chi cục trưởng|phó chi cục trưởng|tổng cục trưởng|viện trưởng|phó viện trưởng|"
     "hiệu trưởng|chủ nhiệm|phó chủ nhiệm|bí thư|phó bí thư|chỉ huy trưởng|chánh án|"
     "tổng thư ký|trưởng|phó trưởng|thành viên|ủy viên|thường trực|tt",
     "Trưởng", "holder", {"cap": 1, "keep": 1}),
]

# Lower-case generic nouns that make a group in a comma list ("các sở, ban, ngành", "cơ quan, đơn vị").
_GROUP_WORDS = {
    "sở": "Sở", "ban": "Ban", "ngành": "Ngành", "bộ": "Bộ", "cơ quan": "Cơ quan", "đơn vị": "Đơn vị",
    "địa phương": "Địa phương", "phòng": "Phòng", "cơ quan ngang bộ": "Cơ quan", "cơ quan thuộc chính phủ": "Cơ quan",
    "tổ chức": "Tổ chức", "đoàn thể": "Đoàn thể", "doanh nghiệp": "Doanh nghiệp", "hội": "Hội",
    "cơ quan trung ương": "Cơ quan", "tổ chức chính trị - xã hội": "Tổ chức", "đơn vị sự nghiệp": "Đơn vị",
    "trung tâm": "Trung tâm", "chi cục": "Chi cục", "cục": "Cục", "vụ": "Vụ", "ủy ban nhân dân": "Ủy ban nhân dân",
    "ubnd": "Ủy ban nhân dân", "cấp": "Cấp", "đơn vị trực thuộc": "Đơn vị", "trường": "Trường",
}
_GROUP_FIRST = {"tổ chức chính trị - xã hội", "sở", "ban", "bộ", "cơ quan", "đơn vị", "phòng", "địa phương",
                "cơ quan ngang bộ",
                "cơ quan trung ương", "chi cục", "cục", "vụ", "trung tâm", "ngành", "đơn vị sự nghiệp",
                "trường", "ủy ban nhân dân", "ubnd"}
# a single plural group word that is a group without a qualifier
_GROUP_ALONE = {"tổ chức chính trị - xã hội", "sở", "bộ", "địa phương", "cơ quan ngang bộ", "chi cục", "cục", "vụ",
                "ủy ban nhân dân", "ubnd", "cơ quan trung ương"}

# Locality words: they belong to the name they follow ("UBND tỉnh", "Công an xã Hòa Bình").
_LOCALITIES = {
    "tỉnh": "tỉnh", "thành phố": "thành phố", "tp": "thành phố", "tp.": "thành phố", "huyện": "huyện",
    "quận": "quận", "thị xã": "thị xã", "tx": "thị xã", "xã": "xã", "phường": "phường", "thị trấn": "thị trấn",
    "đặc khu": "đặc khu", "cấp tỉnh": "cấp tỉnh", "cấp huyện": "cấp huyện", "cấp xã": "cấp xã",
    "cấp thành phố": "cấp thành phố", "cấp quận": "cấp quận", "cấp trung ương": "cấp trung ương",
    "cấp cơ sở": "cấp cơ sở", "cùng cấp": "cùng cấp", "các cấp": "các cấp", "trung ương": "Trung ương",
    "khu vực": "khu vực", "vùng": "vùng", "cơ sở": "cơ sở", "nơi có đất": "nơi có đất", "nơi cư trú": "nơi cư trú",
    "nơi đăng ký": "nơi đăng ký", "địa phương": "địa phương",
}
_LOC_PLURAL_OK = {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
                  "tp", "tx", "tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran", "dac khu"}
_PARTY_SUFFIX = {"ủy", "uỷ", "đoàn", "uy", "doan"}
_LOC_TAIL = ("trực thuộc trung ương", "trực thuộc tỉnh", "trực thuộc thành phố", "thuộc tỉnh", "thuộc thành phố",
             "thuộc trung ương", "trên địa bàn", "trên địa bàn tỉnh", "trên địa bàn thành phố",
             "trên địa bàn huyện", "trên địa bàn xã", "có liên quan", "liên quan")

# Words and phrases that end a name: verbs and function words of administrative writing.
_STOP = """
chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|thực hiện|tham mưu|tổng hợp|hướng dẫn|báo cáo|gửi|xây dựng|
theo dõi|rà soát|được|là|để|theo|tại|trong|khi|đã|sẽ|phải|cần|chịu|có|của|với|cho|từ|về|đến|tới|do|bởi|bằng|
vào|ra|lên|xuống|qua|trên|dưới|sau|trước|giữa|ngoài|trừ|nếu|thì|mà|nhưng|hoặc|hay|như|nhằm|vì|tuy|dù|
các|những|mọi|mỗi|từng|một số|toàn bộ|tất cả|này|đó|kia|nọ|ấy|nào|đây|mình|họ|ai|gì|đâu|sao|bao giờ|
không|chưa|chẳng|đang|vừa|mới|cũng|còn|đều|vẫn|luôn|chỉ|rất|hết|ngay|liền|tự|cùng|kể|gồm|bao gồm|
ngày|năm|tháng|quý|tuần|giờ|lần|đợt|kỳ|số|thời gian|thời hạn|hạn|
trân trọng|kính gửi|kính|đề nghị|yêu cầu|giao|chỉ đạo|ủy quyền|uỷ quyền|phân công|cử|chuẩn bị|
triển khai|tổ chức|thành lập|kiện toàn|ban hành|sửa đổi|bổ sung|thay thế|bãi bỏ|quy định|quyết định|
tiếp nhận|giải quyết|xử lý|thẩm định|kiểm tra|thanh tra|giám sát|đánh giá|phê duyệt|cấp|trả|trả lời|
xem xét|nghiên cứu|đề xuất|kiến nghị|trình|nộp|chuyển|chuyển giao|bàn giao|gửi về|cung cấp|chia sẻ|cập nhật|
công bố|công khai|niêm yết|đăng tải|thông báo|tuyên truyền|phổ biến|quán triệt|tập huấn|bồi dưỡng|
đôn đốc|bảo đảm|đảm bảo|tăng cường|đẩy mạnh|nâng cao|tiếp tục|khẩn trương|chủ động|kịp thời|thường xuyên|
hoàn thành|hoàn thiện|khắc phục|chấn chỉnh|rút kinh nghiệm|tổng kết|sơ kết|thống nhất|tiến hành|
áp dụng|sử dụng|vận hành|khai thác|kết nối|tích hợp|số hóa|lưu trữ|lưu|cài đặt|
làm|lập|ký|đưa|xin|nhận|lấy|tạo|giữ|bố trí|sắp xếp|phân bổ|giải ngân|thanh toán|quyết toán|
thúc đẩy|thu hút|hỗ trợ|giúp|tham gia|tham dự|dự|chủ|đóng góp|góp ý|cho ý kiến|lấy ý kiến|tiếp thu|
giải trình|xác nhận|xác minh|xác định|phân loại|điều chỉnh|thay đổi|bảo vệ|bảo mật|phòng ngừa|ngăn chặn|
căn cứ|dựa|trực tiếp|và|hoặc|ngày càng|bình thường|tạm thời|định kỳ|đột xuất|hằng năm|hàng năm|hằng tháng|
nơi|chuyên trách|kiêm nhiệm|phụ trách|đồng thời|đồng chí|ông|bà|anh|chị|
hiện nay|hiện|nay|tới đây|vừa qua|kết quả|tình hình|nội dung|nhiệm vụ|chức năng|quyền hạn|
việc|sự|công tác|hoạt động|văn bản|hồ sơ|kế hoạch|đề án|chương trình|dự thảo|quy chế|danh sách|danh mục|
theo quy định|đúng quy định|đúng|đầy đủ|chi tiết|cụ thể|chặt chẽ|nghiêm túc|hiệu quả|
biết|rõ|muốn|nên|hãy|đi|đưa ra|ra soát|nắm|nắm bắt|tăng|giảm|mở|đóng|dừng|tạm dừng|hủy|huỷ|
tích cực|phấn đấu|quan tâm|chăm lo|cam kết|ứng dụng|đổi mới|cải cách|cải thiện|nâng cấp|mua sắm|
điều phối|điều hành|chỉ huy|lãnh đạo|quản lý|kiểm soát|vận động|khuyến khích|
mời|họp|dự họp|đặt|in|nêu|ghi|xem|tìm|chọn|bàn|hỏi|dùng|hiểu|đạt|vượt|mua|bán|thuê|chi|nhập|xuất|
mất|bị|bỏ|tránh|chống|đổi|sửa|xóa|xoá|thêm|đếm|trao|nhắc|phạt|lưu ý|chú ý|
làm việc|gặp|trao đổi|thảo luận|tiếp xúc|tiếp công dân|tiếp dân|
thụ lý|điều tra|truy cứu|xử phạt|cưỡng chế|thu hồi|tịch thu|niêm phong|
phê bình|khen thưởng|kỷ luật|biểu dương|
liên hệ|gọi|điện thoại|email|fax|địa chỉ|website|
gồm có|kèm theo|kèm|đính kèm|sau đây|như sau|cụ thể như sau|
"""

# The words that end even a topic ("Ban Chỉ đạo … về …", "cơ quan … quản lý nhà nước về lĩnh vực …").
_STRONG_STOP = ("chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|thực hiện|tham mưu|tổng hợp|hướng dẫn|báo cáo|"
                "gửi|được|là|để|theo|tại|trong|khi|đã|sẽ|phải|cần|chịu|của|cho|có|và|hoặc|với|các|những|từ|đến|"
                "trước|sau|nhằm|trình|nộp|giao|đề nghị|yêu cầu|chỉ đạo|triển khai|xây dựng|ban hành|theo dõi|"
                "kiểm tra|đôn đốc|rà soát|thuộc|trực thuộc|ngày|số|năm|họp|ký|công bố|quyết định|thông qua|"
                "tổ chức thực hiện|báo cáo|tham dự|dự|là|nêu|đề ra")

# Lower-case phrases that a name may hold although they look like verbs or stop words.
_NAME_PHRASES = """
đầu tư xây dựng|quản lý nhà nước|quản lý dự án|quản lý thị trường|quản lý thuế|quản lý đô thị|quản lý xây dựng|
quản lý đất đai|quản lý chất lượng|đầu tư phát triển|chi nhánh|quản lý giá|quản lý vốn|quản lý|có thẩm quyền|
có liên quan|tiếp nhận và trả kết quả|
tiếp nhận hồ sơ và trả kết quả|phục vụ hành chính công|hành chính công|đăng ký đất đai|đăng ký kinh doanh|
đăng ký đầu tư|phát triển quỹ đất|phát triển nông thôn|phòng, chống|phòng chống|phòng cháy, chữa cháy|
phòng cháy và chữa cháy|cứu nạn, cứu hộ|chuyển đổi số|đổi mới sáng tạo|khởi nghiệp sáng tạo|kiểm soát bệnh tật|
thi đua - khen thưởng|thi đua, khen thưởng|thi đua|xử lý vi phạm hành chính|kiểm soát thủ tục hành chính|
xúc tiến đầu tư|xúc tiến thương mại|trợ giúp pháp lý|giáo dục nghề nghiệp|bảo trợ xã hội|dịch vụ công|
hỗ trợ phát triển|hỗ trợ doanh nghiệp|giám sát đầu tư|chủ quản|quân sự|cải cách hành chính|
thuộc chính phủ|ngang bộ|có chức năng quản lý|có chức năng|quản lý ngành, lĩnh vực|quản lý ngành|
tham mưu quản lý nhà nước|chức năng quản lý nhà nước|ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân|
kiểm định|kiểm nghiệm|
giám định|đăng kiểm|lưu trữ lịch sử|lưu trữ|văn thư|tiếp công dân|phát thanh|truyền hình|
"""

# Vietnamese surnames: after an office-holder's organisation, "Nguyễn Văn A" is a person, not part of the name.
_SURNAMES = set("""nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đoàn trịnh
lương lâm trương mai tạ đào chu kiều quách tô tôn thái hà vương triệu lưu cao từ châu khúc hứa ninh""".split())
_NOT_PERSON = {("hồ", "chí"), ("hà", "nội"), ("hà", "giang"), ("hà", "tĩnh"), ("hà", "nam"), ("lâm", "đồng"),
               ("cao", "bằng"), ("lý", "sơn"), ("mai", "sơn"), ("thái", "nguyên"), ("thái", "bình"),
               ("hà", "tiên"), ("cao", "lãnh"), ("ninh", "bình"), ("ninh", "thuận"), ("vũng", "tàu")}

# ---------------------------------------------------------------------------------------------------------------
# Tables, built once on first use.

_TOKEN_RE = re.compile(r"[^\W_]+(?:&[^\W_]+)*|[^\w\s]")
_VN_RE = re.compile("[À-ỹđĐ]")
_DIGIT_RE = re.compile(r"^\d+$")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def _tone_variants(word: str) -> set[str]:
    """'ủy' → {'ủy', 'uỷ'}: the tone on either vowel of oa/oe/uy, as both are written."""
    out = {word}
    norm = normalize_tones(word)
    out.add(norm)
    # the old placement: tone moved from the first to the second vowel of a final oa/oe/uy
    m = re.search(r"([oOuU])([aeyAEY])$", fold(norm))
    if m and len(norm) >= 2:
        first, second = norm[-2], norm[-1]
        nfd = unicodedata.normalize("NFD", first)
        tones = [c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323"]
        if tones:
            bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
            moved = unicodedata.normalize("NFC", second + tones[0])
            out.add(norm[:-2] + bare + moved)
    return out


def _keys_of(phrase: str, accented: bool) -> list[tuple[str, ...]]:
    """The token-key sequences of a phrase, in one mode (with or without diacritics), tone variants included."""
    toks = [m.group(0).lower() for m in _TOKEN_RE.finditer(phrase)]
    toks = ["-" if t in "–—" else t for t in toks]
    if not accented:
        return [tuple(fold(t) for t in toks)]
    seqs: list[tuple[str, ...]] = [()]
    for t in toks:
        seqs = [s + (v,) for s in seqs for v in sorted(_tone_variants(t))][:16]
    return seqs


V = TypeVar("V")


class _Table(Generic[V]):
    """Phrases by their first token key, longest first."""

    __slots__ = ("by_first",)

    def __init__(self) -> None:
        self.by_first: dict[str, list[tuple[int, list[str], V]]] = {}

    def add(self, seq: tuple[str, ...], value: V) -> None:
        if not seq:
            return
        lst = self.by_first.setdefault(seq[0], [])
        if not any(s == list(seq) for _, s, _ in lst):
            lst.append((len(seq), list(seq), value))
            lst.sort(key=lambda sv: -sv[0])

    def firsts(self) -> list[tuple[str, int, list[str]]]:
        """(first token, number of tokens, tokens) of every phrase."""
        return [(first, n_tok, seq) for first, lst in self.by_first.items() for n_tok, seq, _ in lst]

    def match(self, keys: list[str], i: int, n: int | None = None) -> tuple[int, V] | None:
        if i >= len(keys):
            return None
        lst = self.by_first.get(keys[i])
        if not lst:
            return None
        end = len(keys) if n is None else n
        for k, seq, val in lst:
            if k == 1:
                return 1, val
            if i + k <= end and keys[i:i + k] == seq:
                return k, val
        return None


@dataclass(frozen=True)
class _Head:
    canon: str
    kind: str
    opts: dict
    surface: str  # the canonical surface form of this alternative ("Phó Chủ tịch", "Tỉnh ủy")


class _Mode:
    """The tables of one mode (with diacritics, or folded)."""

    def __init__(self, accented: bool, data: dict) -> None:
        k = lambda phrase: _keys_of(phrase, accented)  # noqa: E731
        self.heads: _Table[_Head] = _Table()
        for forms, canon, kind, opts in _HEADS:
            for form in forms.split("|"):
                surface = _surface(form, canon)
                opts2 = dict(opts)
                for o in ("starters", "bad_next", "bad_prev"):
                    if o in opts2:
                        opts2[o] = _seq_set(opts2[o], accented)
                for seq in k(form):
                    self.heads.add(seq, _Head(canon, kind, opts2, surface))
        self.stop: _Table[bool] = _Table()
        for w in _STOP.replace("\n", "").split("|"):
            if w.strip():
                for seq in k(w.strip()):
                    self.stop.add(seq, True)
        self.name_phrases: _Table[str] = _Table()
        for w in _NAME_PHRASES.replace("\n", "").split("|"):
            if w.strip():
                for seq in k(w.strip()):
                    self.name_phrases.add(seq, w.strip())
        self.loc: _Table[str] = _Table()
        for w, canon in _LOCALITIES.items():
            for seq in k(w):
                self.loc.add(seq, canon)
        self.loc_tail: _Table[str] = _Table()
        for w in _LOC_TAIL:
            for seq in k(w):
                self.loc_tail.add(seq, w.replace("trung ương", "Trung ương"))
        self.group: _Table[tuple[str, str]] = _Table()
        for w, canon in _GROUP_WORDS.items():
            for seq in k(w):
                self.group.add(seq, (w, canon))
        self.specs: _Table[str] = _Table()
        for canon, aliases in (data.get("specs") or {}).items():
            for alias in [canon, *(aliases or [])]:
                for seq in k(alias):
                    self.specs.add(seq, canon)
                if "&" in alias:  # "KH & CN" as well as "KH&CN"
                    for seq in k(alias.replace("&", " & ")):
                        self.specs.add(seq, canon)
        self.comma_specs: _Table[str] = _Table()
        for name in data.get("comma_specs") or []:
            for seq in k(name):
                self.comma_specs.add(seq, name)
        self.org_abbr: dict[str, str] = {}
        for abbr, full in (data.get("orgs") or {}).items():
            self.org_abbr[_abbr_key(abbr, accented)] = full
        self.loc_abbr: dict[str, str] = {}
        for abbr, full in (data.get("orgs_with_locality") or {}).items():
            self.loc_abbr[_abbr_key(abbr, accented)] = full
        self.words: dict[str, str] = {}
        for abbr, full in (data.get("words") or {}).items():
            self.words[_abbr_key(abbr, accented)] = full
        self.plural = {"các", "những", "mọi", "cac", "nhung", "moi"}
        self.cand = set(self.heads.by_first) | set(self.group.by_first) | {"các", "những", "mọi", "cac", "nhung",
                                                                            "moi"}
        # where a mention may start: a one-token head, or the first token of a longer one with its second
        self.start1: set[str] = set()
        self.start2: dict[str, set[str]] = {}
        for first, n_tok, tokens in [*self.heads.firsts(), *self.group.firsts()]:
            if n_tok == 1:
                self.start1.add(first)
            else:
                self.start2.setdefault(first, set()).add(tokens[1])
        for abbr_table in (data.get("orgs") or {}, data.get("orgs_with_locality") or {}):
            for abbr in abbr_table:
                for form in (abbr.lower(), _abbr_key(abbr, accented)):
                    self.cand.add(form if accented else fold(form))
                    self.start1.add(form if accented else fold(form))
        self.surnames = {fold(s) if not accented else s for s in _SURNAMES}
        self.not_person = {tuple(fold(x) if not accented else x for x in p) for p in _NOT_PERSON}
        self.group_qualifiers = sorted(_seq_set(_GROUP_QUALIFIERS, accented), key=len, reverse=True)
        self.va = "và"
        self.cac = {"các", "cac"}
        self.thuoc = {"thuộc", "thuoc"}
        self.cua = "của" if accented else "cua"
        self.ve = "về" if accented else "ve"
        self.strong_stop: _Table[bool] = _Table()
        for w in _STRONG_STOP.split("|"):
            for seq in k(w.strip()):
                self.strong_stop.add(seq, True)


def _surface(form: str, canon: str) -> str:
    """'phó chủ tịch' → 'Phó Chủ tịch' (head words are written with the capitals of official style)."""
    special = {"ubnd": "Ủy ban nhân dân", "hđnd": "Hội đồng nhân dân", "ub nhân dân": "Ủy ban nhân dân",
               "mttq": "Mặt trận Tổ quốc", "mttqvn": "Mặt trận Tổ quốc Việt Nam",
               "ubmttq": "Ủy ban Mặt trận Tổ quốc", "ubmttqvn": "Ủy ban Mặt trận Tổ quốc Việt Nam",
               "ủy ban mttq": "Ủy ban Mặt trận Tổ quốc", "kbnn": "Kho bạc Nhà nước", "bhxh": "Bảo hiểm xã hội",
               "ca": "Công an", "tand": "Tòa án nhân dân", "vksnd": "Viện kiểm sát nhân dân",
               "bộ chqs": "Bộ Chỉ huy Quân sự", "ban chqs": "Ban Chỉ huy Quân sự", "bchqs": "Ban Chỉ huy Quân sự",
               "đoàn đbqh": "Đoàn đại biểu Quốc hội", "kho bạc": "Kho bạc Nhà nước",
               "ủy ban nhân dân": "Ủy ban nhân dân", "hội đồng nhân dân": "Hội đồng nhân dân",
               "kho bạc nhà nước": "Kho bạc Nhà nước", "ngân hàng nhà nước việt nam": "Ngân hàng Nhà nước Việt Nam",
               "bảo hiểm xã hội việt nam": "Bảo hiểm xã hội Việt Nam", "thanh tra chính phủ": "Thanh tra Chính phủ",
               "kiểm toán nhà nước": "Kiểm toán nhà nước", "bộ chính trị": "Bộ Chính trị",
               "ban bí thư": "Ban Bí thư", "thủ tướng chính phủ": "Thủ tướng Chính phủ",
               "phó thủ tướng chính phủ": "Phó Thủ tướng Chính phủ", "phó thủ tướng": "Phó Thủ tướng",
               "ủy ban trung ương mặt trận tổ quốc": "Ủy ban Trung ương Mặt trận Tổ quốc",
               "ủy ban mặt trận tổ quốc": "Ủy ban Mặt trận Tổ quốc", "mặt trận tổ quốc": "Mặt trận Tổ quốc",
               "tổng liên đoàn lao động": "Tổng Liên đoàn Lao động", "liên đoàn lao động": "Liên đoàn Lao động",
               "bộ chỉ huy quân sự": "Bộ Chỉ huy Quân sự", "ban chỉ huy quân sự": "Ban Chỉ huy Quân sự",
               "bộ chỉ huy bộ đội biên phòng": "Bộ Chỉ huy Bộ đội Biên phòng",
               "bộ đội biên phòng": "Bộ đội Biên phòng", "đoàn thanh niên": "Đoàn Thanh niên",
               "đoàn đại biểu quốc hội": "Đoàn đại biểu Quốc hội", "tòa án nhân dân": "Tòa án nhân dân",
               "toà án nhân dân": "Tòa án nhân dân", "toà án": "Tòa án",
               "viện kiểm sát nhân dân": "Viện kiểm sát nhân dân", "thông tấn xã việt nam": "Thông tấn xã Việt Nam",
               "đài truyền hình việt nam": "Đài Truyền hình Việt Nam", "đài tiếng nói việt nam":
               "Đài Tiếng nói Việt Nam", "chủ tịch nước": "Chủ tịch nước", "phó chủ tịch nước": "Phó Chủ tịch nước",
               "phó chủ tịch": "Phó Chủ tịch", "phó giám đốc": "Phó Giám đốc", "tổng giám đốc": "Tổng Giám đốc",
               "phó tổng giám đốc": "Phó Tổng Giám đốc", "phó thủ trưởng": "Phó Thủ trưởng",
               "cấp phó của người đứng đầu": "Cấp phó của người đứng đầu", "viên chức": "Viên chức",
               "thứ trưởng": "Thứ trưởng", "tổng cục": "Tổng cục", "chi cục": "Chi cục", "bộ phận": "Bộ phận",
               "trung tâm": "Trung tâm", "văn phòng": "Văn phòng", "chi nhánh": "Chi nhánh", "học viện": "Học viện",
               "bệnh viện": "Bệnh viện", "hiệp hội": "Hiệp hội", "liên hiệp": "Liên hiệp", "tập đoàn": "Tập đoàn",
               "tổng công ty": "Tổng công ty", "công ty": "Công ty", "công đoàn": "Công đoàn",
               "ngân hàng": "Ngân hàng", "thanh tra": "Thanh tra", "công an": "Công an", "hải quan": "Hải quan",
               "thống kê": "Thống kê", "liên đoàn": "Liên đoàn", "hội đồng": "Hội đồng", "ủy ban": "Ủy ban",
               "cơ quan": "Cơ quan", "đơn vị": "Đơn vị", "chính phủ": "Chính phủ", "quốc hội": "Quốc hội",
               "tòa án": "Tòa án", "viện kiểm sát": "Viện kiểm sát", "chánh văn phòng": "Chánh Văn phòng",
               "phó chánh văn phòng": "Phó Chánh Văn phòng", "chánh thanh tra": "Chánh Thanh tra",
               "phó chánh thanh tra": "Phó Chánh Thanh tra", "trưởng công an": "Trưởng Công an",
               "phó trưởng công an": "Phó Trưởng Công an", "tổng thư ký": "Tổng Thư ký",
               "tổ trưởng": "Tổ trưởng", "tổ phó": "Tổ phó", "phó trưởng phòng": "Phó Trưởng phòng",
               "phó trưởng ban": "Phó Trưởng ban", "phó trưởng đoàn": "Phó Trưởng đoàn",
               "phó cục trưởng": "Phó Cục trưởng", "phó vụ trưởng": "Phó Vụ trưởng",
               "phó chi cục trưởng": "Phó Chi cục trưởng", "phó viện trưởng": "Phó Viện trưởng",
               "phó chủ nhiệm": "Phó Chủ nhiệm", "phó bí thư": "Phó Bí thư", "phó trưởng": "Phó Trưởng",
               "chỉ huy trưởng": "Chỉ huy trưởng", "người đứng đầu": "Người đứng đầu", "lãnh đạo": "Lãnh đạo",
               "chuyên viên": "Chuyên viên", "công chức": "Công chức", "cán bộ": "Cán bộ",
               "thủ trưởng": "Thủ trưởng", "giám đốc": "Giám đốc", "chủ tịch": "Chủ tịch",
               "bộ trưởng": "Bộ trưởng", "thủ tướng": "Thủ tướng", "tỉnh ủy": "Tỉnh ủy", "tỉnh uỷ": "Tỉnh ủy",
               "thành ủy": "Thành ủy", "thành uỷ": "Thành ủy", "huyện ủy": "Huyện ủy", "huyện uỷ": "Huyện ủy",
               "quận ủy": "Quận ủy", "thị ủy": "Thị ủy", "đảng ủy": "Đảng ủy", "đảng uỷ": "Đảng ủy",
               "tỉnh đoàn": "Tỉnh đoàn", "thành đoàn": "Thành đoàn", "huyện đoàn": "Huyện đoàn",
               "ủy viên": "Ủy viên", "thành viên": "Thành viên", "thường trực": "Thường trực",
               "trưởng phòng": "Trưởng phòng", "trưởng ban": "Trưởng ban", "trưởng đoàn": "Trưởng đoàn",
               "cục trưởng": "Cục trưởng", "vụ trưởng": "Vụ trưởng", "chi cục trưởng": "Chi cục trưởng",
               "tổng cục trưởng": "Tổng cục trưởng", "viện trưởng": "Viện trưởng", "hiệu trưởng": "Hiệu trưởng",
               "chủ nhiệm": "Chủ nhiệm", "bí thư": "Bí thư", "chánh án": "Chánh án", "trưởng": "Trưởng",
               "đoàn": "Đoàn", "đội": "Đội", "viện": "Viện", "trường": "Trường", "quỹ": "Quỹ", "đài": "Đài",
               "báo": "Báo", "hội": "Hội", "tổ": "Tổ", "ban": "Ban", "phòng": "Phòng", "vụ": "Vụ", "cục": "Cục",
               "sở": "Sở", "bộ": "Bộ", "thuế": "Thuế", "tt": "Thường trực", "vp": "Văn phòng",
               "báo và phát thanh, truyền hình": "Báo và Phát thanh, Truyền hình"}
    return special.get(form, form[:1].upper() + form[1:])


def _seq_set(phrases: Iterable[str], accented: bool) -> frozenset[tuple[str, ...]]:
    return frozenset(seq for p in phrases for seq in _keys_of(p, accented))


def _abbr_key(abbr: str, accented: bool) -> str:
    s = abbr.lower().replace(" ", "").replace("-", "").replace("&", "")
    return s if accented else fold(s)


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("corpus").joinpath("data/org_abbreviations.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


_MODES: dict[bool, _Mode] = {}


def _mode(accented: bool) -> _Mode:
    m = _MODES.get(accented)
    if m is None:
        m = _MODES[accented] = _Mode(accented, _data())
    return m


# ---------------------------------------------------------------------------------------------------------------
# One sentence as tokens.

class _Sent:
    """One text as tokens: as written (`raw`), as matched (`keys`: lower case, with diacritics or folded),
    capitalised or not. Token spans are computed only when needed."""

    __slots__ = ("text", "_spans", "raw", "keys", "cap", "caps", "n", "cased", "m", "accented", "heads")

    def __init__(self, text: str) -> None:
        self.text = text
        self.accented = _VN_RE.search(text) is not None
        self.m = _mode(self.accented)
        raw = _TOKEN_RE.findall(text)
        keys = list(map(str.lower, raw))
        if "–" in text or "—" in text:
            keys = ["-" if k in ("–", "—") else k for k in keys]
        if not self.accented and not text.isascii():
            keys = [fold(k) for k in keys]
        self.raw, self.keys, self.n = raw, keys, len(raw)
        firsts = list(map(_FIRST, raw))
        self.cap = list(map(str.isupper, firsts))
        self.caps = list(map(str.isupper, raw))
        self._spans: list[tuple[int, int]] | None = None
        self.heads: dict[int, tuple[int, _Head] | None] = {}
        # a text written all in capitals, in title case or with no capital at all is read without the capital
        # tests (the known names and the stop words still bound a name)
        n_words = sum(map(str.isalpha, firsts))
        n_cap = sum(self.cap)
        n_all = sum(self.caps)
        self.cased = n_cap > 0 and (n_all * 2 < n_words + 1 and n_cap < n_words * 0.9 or n_words <= 3 and
                                    n_all < n_words)

    def span(self, i: int) -> tuple[int, int]:
        """Where token i is in the text (found once, from the last token placed: most are never asked for)."""
        sp = self._spans
        if sp is None:
            sp = self._spans = []
        if i < len(sp):
            return sp[i]
        pos = sp[-1][1] if sp else 0
        find, raw = self.text.find, self.raw
        for k in range(len(sp), i + 1):
            a = find(raw[k], pos)
            pos = a + len(raw[k])
            sp.append((a, pos))
        return sp[i]

    def is_word(self, i: int) -> bool:
        return i < self.n and self.raw[i][:1].isalnum()

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.span(i - 1)[1]:self.span(i)[0]] if i > 0 else self.text[:self.span(0)[0]]

    def tight(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return i > 0 and self.span(i - 1)[1] == self.span(i)[0]


_FIRST = operator.itemgetter(0)


# ---------------------------------------------------------------------------------------------------------------
# Parsing one mention.

@dataclass
class _Parse:
    end: int  # token index after the mention
    pieces: list[str]
    head: str
    group: bool = False
    members: tuple[str, ...] = ()
    complete: bool = False  # the specific part is a known one
    has_spec: bool = False
    holder: bool = False


_JOIN_CACHE: dict[tuple[str, ...], str] = {}


def _join(pieces: list[str]) -> str:
    key = tuple(pieces)
    got = _JOIN_CACHE.get(key)
    if got is None:
        if len(_JOIN_CACHE) > 50000:
            _JOIN_CACHE.clear()
        got = _JOIN_CACHE[key] = _join_uncached(pieces)
    return got


def _join_uncached(pieces: list[str]) -> str:
    out = ""
    for p in pieces:
        if not p:
            continue
        if p == ",":
            out = out.rstrip() + ","
        elif p in ("-", "–"):
            out = out.rstrip() + " -"
        elif p == "&":
            out = out.rstrip() + " và"
        elif p == ":":
            out = out.rstrip() + ":"
        else:
            out = f"{out} {p}" if out else p
    return normalize_tones(re.sub(r"\s+", " ", out).strip())


def _written(s: _Sent, i: int, canon_lower: bool = False) -> str:
    """How token i goes into a canonical name."""
    r = s.raw[i]
    k = s.keys[i]
    if r in (",", "-", "–", "—", "&", ":"):
        return "-" if r in "–—" else r
    if "&" in r and len(r) > 2:
        parts = r.split("&")
        out = []
        for part in parts:
            ab = s.m.words.get(_abbr_key(part, s.accented))
            out.append(ab if ab and (part.isupper() or not s.cased) else part)
        return " và ".join(out)
    ab = s.m.words.get(_abbr_key(r, s.accented))
    if ab and (s.caps[i] or not s.cased) and len(r) > 1:
        return ab
    if not s.cased:
        return k if canon_lower else r.lower()
    return r


def _is_head_at(s: _Sent, i: int) -> tuple[int, _Head] | None:
    """A head word at token i (with its number of tokens), checked against its bad neighbours."""
    if i >= s.n or s.keys[i] not in s.m.cand:
        return None
    if i in s.heads:
        return s.heads[i]
    got = s.heads[i] = _is_head_at_uncached(s, i)
    return got


def _is_head_at_uncached(s: _Sent, i: int) -> tuple[int, _Head] | None:
    if not s.is_word(i):
        return None
    hit = s.m.heads.match(s.keys, i)
    if hit is None:
        ab = _abbr_key(s.raw[i], s.accented)
        if (s.caps[i] or not s.cased) and len(s.raw[i]) >= 2 and not _in_number(s, i):
            if ab in s.m.org_abbr:
                return 1, _Head("", "abbr", {}, s.m.org_abbr[ab])
            if ab in s.m.loc_abbr:
                return 1, _Head("", "abbr_loc", {}, s.m.loc_abbr[ab])
        return None
    n, h = hit
    o = h.opts
    if not o:
        if s.caps[i] and _in_number(s, i):
            return None
        return n, h
    if o.get("abbr") and not s.caps[i]:
        return None
    if i > 0 and (s.keys[i - 1],) in o.get("bad_prev", ()) and not s.cap[i]:
        return None
    if i > 0 and (s.keys[i - 1],) in o.get("bad_prev", ()) and s.cap[i] and s.cap[i - 1] and s.tight(i) is False \
            and s.gap(i) == " ":
        return None
    bad = o.get("bad_next")
    if bad and i + n < s.n:
        for seq in bad:
            if tuple(s.keys[i + n:i + n + len(seq)]) == seq:
                sp = s.m.specs.match(s.keys, i + n)
                if sp is None or sp[0] <= len(seq) or s.accented:
                    return None
    if s.caps[i] and len(s.raw[i]) <= 6 and _in_number(s, i):
        return None
    return n, h


def _in_number(s: _Sent, i: int) -> bool:
    """Token i is part of a document number or code ('1494/TTr-SNV', 'QĐ-UBND', '/SNV-CCHC')."""
    t = s.text
    a, b = s.span(i)
    before = t[a - 1] if a > 0 else " "
    after = t[b] if b < len(t) else " "
    if before in "/-" and a > 1 and not t[a - 2].isspace():
        return True
    if after == "/" and b + 1 < len(t) and t[b + 1].isalnum():
        return True
    if after == "-" and b + 1 < len(t) and t[b + 1].isalnum() and s.caps[i]:
        # "QĐ-UBND", "KH-UBND" … but not "HĐND-UBND" inside a name (handled by the caller's lookahead)
        j = i + 2
        return j < s.n and s.caps[j] and (s.keys[i] in _DOC_KINDS or s.keys[j] in _DOC_KINDS)
    return False


_DOC_KINDS = {"qđ", "qd", "kh", "ct", "tb", "bc", "hd", "ttr", "cv", "nq", "nđ", "nd", "tt", "cđ", "cd", "kl", "qc",
              "gm", "bb", "ub", "qh", "ttg", "cp", "tw", "vpcp", "ubnd", "bnv", "btc", "snv", "stc", "stp"}


def _stop_at(s: _Sent, i: int) -> bool:
    if i >= s.n or s.keys[i] not in s.m.stop.by_first:
        return False
    return s.m.stop.match(s.keys, i) is not None


def _name_phrase_at(s: _Sent, i: int) -> int:
    if i >= s.n or s.keys[i] not in s.m.name_phrases.by_first:
        return 0
    hit = s.m.name_phrases.match(s.keys, i)
    return hit[0] if hit else 0


def _spec_at(s: _Sent, i: int) -> tuple[int, str] | None:
    """A known specific part at token i ('Tài chính', 'KH&CN', 'Văn hóa, Thể thao và Du lịch')."""
    if i >= s.n or not s.is_word(i):
        return None
    hit = s.m.specs.match(s.keys, i)
    if hit is None:
        return None
    n, canon = hit
    # an abbreviation spec must be written in capitals in a cased text ("Sở TP" yes, "Sở tp" no)
    if s.cased and all(s.caps[j] or not s.is_word(j) for j in range(i, i + n)) is False and \
            not s.cap[i] and _abbr_key(s.raw[i], s.accented) == s.keys[i] and len(canon) > 3 and \
            s.keys[i] != canon.lower().split()[0]:
        return None
    # "Tư pháp" must be followed by something that is not a lower-case continuation of another word
    return n, str(canon)


def _locality_at(s: _Sent, i: int) -> tuple[int, list[str], bool] | None:
    """A locality at token i: 'tỉnh Nghệ An', 'cấp xã', 'các xã, phường, đặc khu', 'khu vực XII',
    'các tỉnh, thành phố trực thuộc Trung ương'. Returns (tokens, pieces, plural)."""
    if i >= s.n:
        return None
    j = i
    pieces: list[str] = []
    plural = False
    direct = s.m.loc.match(s.keys, j) if s.keys[j] in s.m.cac else None
    if direct is not None:  # "các cấp"
        return direct[0], [str(direct[1])], True
    if s.keys[j] in s.m.cac and j + 1 < s.n:
        hit = s.m.loc.match(s.keys, j + 1)
        if hit is None:
            return None
        pieces.append("các")
        plural = True
        j += 1
    hit = s.m.loc.match(s.keys, j)
    if hit is None:
        return None
    n, canon = hit
    if j + 1 < s.n and s.keys[j + 1] in _PARTY_SUFFIX and (s.keys[j], s.keys[j + 1]) != ("xã", "đoàn"):
        return None  # "Tỉnh ủy", "Thành đoàn": a body, not a locality
    first_key = " ".join(s.keys[j:j + n])
    if s.cased and s.cap[j] and canon not in ("Trung ương", "thành phố", "tỉnh", "khu vực", "xã", "phường",
                                               "huyện", "quận", "thị xã", "thị trấn", "đặc khu", "cấp tỉnh",
                                               "cấp xã", "cấp huyện", "vùng", "cơ sở"):
        return None
    word = s.raw[j] if (s.cased and s.cap[j] and canon in ("thành phố", "tỉnh")) else canon
    if canon == "thành phố" and s.cased and s.raw[j] in ("TP", "TP."):
        word = "thành phố"
    elif canon == "thành phố" and s.cased and s.cap[j]:
        word = "Thành phố"
    pieces.append(word)
    j += n
    if j < s.n and s.raw[j] == "." and s.keys[j - 1] == "tp":
        j += 1
    if canon in ("cùng cấp", "các cấp", "nơi có đất", "nơi cư trú", "nơi đăng ký", "địa phương") or \
            canon.startswith("cấp"):
        return j - i, pieces, plural or canon.startswith("cấp") or canon == "các cấp"
    # a list of locality kinds: "các xã, phường, đặc khu", "huyện, thị xã, thành phố"
    while j + 1 < s.n and s.raw[j] in (",", "/") and (plural or first_key in _LOC_PLURAL_OK):
        hit2 = s.m.loc.match(s.keys, j + 1)
        if hit2 is None or hit2[1] in ("Trung ương", "khu vực", "vùng", "cơ sở") or \
                " ".join(s.keys[j + 1:j + 1 + hit2[0]]) not in _LOC_PLURAL_OK | {"thanh pho", "thi xa", "thi tran",
                                                                              "dac khu"}:
            break
        pieces += [",", hit2[1]]
        plural = True
        j += 1 + hit2[0]
    if j < s.n and s.keys[j] == "và" and j + 1 < s.n and plural:
        hit2 = s.m.loc.match(s.keys, j + 1)
        if hit2 is not None and hit2[1] not in ("Trung ương", "khu vực", "vùng"):
            pieces += ["và", hit2[1]]
            j += 1 + hit2[0]
    # a proper name: "tỉnh Nghệ An", "phường 5", "khu vực XII", "Thành phố Hồ Chí Minh"
    if not plural and canon not in ("Trung ương",):
        j, name = _place_name(s, j, canon)
        pieces += name
    t = s.m.loc_tail.match(s.keys, j)
    if t is not None and (plural or "trực thuộc" in t[1]) and "liên quan" not in t[1] and "địa bàn" not in t[1]:
        pieces.append(t[1])
        j += t[0]
    return j - i, pieces, plural


def _place_name(s: _Sent, j: int, canon: str) -> tuple[int, list[str]]:
    out: list[str] = []
    start = j
    while j < s.n and j - start < 5:
        r = s.raw[j]
        if _DIGIT_RE.match(r) and j == start:
            out.append(r)
            j += 1
            break
        if s.cased:
            if not s.cap[j] or not r[:1].isalpha():
                if r == "-" and j + 1 < s.n and s.cap[j + 1] and out and not _is_head_at(s, j + 1):
                    out.append("-")
                    j += 1
                    continue
                break
            if _is_head_at(s, j) and _parse_at(s, j, 1) is not None:
                break
            if s.m.loc.match(s.keys, j) and j == start:
                break
            out.append(r)
            j += 1
        else:
            if not r[:1].isalnum() or _stop_at(s, j) or _is_head_at(s, j) or s.m.loc.match(s.keys, j) \
                    or s.keys[j] in ("va", "và"):
                break
            if canon in ("khu vực", "vùng", "cơ sở") and j > start:
                break
            out.append(r.capitalize() if not _ROMAN_RE.match(r.upper()) or len(r) > 4 else r.upper())
            j += 1
    return j, out


def _person_at(s: _Sent, i: int) -> bool:
    """'Nguyễn Văn A', 'Lê Thành Long' after a title: a person, not part of the name."""
    if not s.cased or i + 1 >= s.n or not s.cap[i] or not s.cap[i + 1]:
        return False
    if s.keys[i] not in s.m.surnames or (s.keys[i], s.keys[i + 1]) in s.m.not_person:
        return False
    return not _is_head_at(s, i + 1) and not s.caps[i]


def _thuoc_at(s: _Sent, k: int) -> int:
    """The length of 'thuộc' (1) or 'trực thuộc' (2) at word k, 0 when neither stands there."""
    if s.keys[k] in s.m.thuoc:
        return 1
    return 2 if s.keys[k] in ("trực", "truc") and k + 1 < s.n and s.keys[k + 1] in s.m.thuoc else 0


def _thuoc_written(s: _Sent, k: int, step: int) -> str:
    """'thuộc' / 'trực thuộc' as the sentence writes it (with its marks when it has them)."""
    return " ".join(s.raw[k:k + step]) if s.cased else ("thuộc" if step == 1 else "trực thuộc")


def _parse_at(s: _Sent, i: int, depth: int = 0) -> _Parse | None:
    """The mention that starts at token i, or None."""
    # "các" + a plural head ("các Sở", "các Bộ: …", "các cơ quan chuyên môn") or group words ("các sở, ban, ngành")
    plural = False
    j = i
    if s.keys[i] in s.m.cac or s.keys[i] in ("những", "nhung", "mọi", "moi"):
        if i + 1 >= s.n:
            return None
        plural = True
        j = i + 1
    g = s.m.group.match(s.keys, j)
    if g is not None and not (s.cased and s.cap[j] and not plural) and (
            _group_list_follows(s, j + g[0]) or s.keys[j + g[0]:j + g[0] + 1] == [s.keys[j]] or
            (j + g[0] < s.n and s.keys[j + g[0]] in _ADJ_GROUP and s.keys[j] in _ADJ_GROUP)):
        hit = None  # "cơ quan, đơn vị", "sở, ban, ngành", "sở ban ngành": a list of generic nouns, read below
    else:
        hit = _is_head_at(s, j)
    p = _parse_head(s, j, hit[0], hit[1], plural, depth) if hit is not None else None
    if p is not None and hit is not None and hit[1].kind == "group1" and _group_list_follows(s, p.end):
        p = None
    if p is None:
        grp = _group_at(s, j, plural)
        if grp is not None:
            return grp
        if plural:
            loc = _locality_at(s, i)
            if loc and loc[2] and len(loc[1]) >= 2 and not _place_context(s, i) and \
                    " ".join(s.keys[i + 1:i + 2]) in _LOC_PLURAL_OK | {"thành", "thị", "thanh", "thi", "đặc", "dac"}:
                return _Parse(i + loc[0], loc[1], "Địa phương", group=True)
        return None
    if plural and j > i:
        p.group = True
        if p.pieces and p.pieces[0] != "các":
            first = p.pieces[0]
            if hit is not None and hit[1].kind == "holder":
                p.pieces = [first, "các", *p.pieces[1:]]
            else:
                p.pieces = ["các", *p.pieces]
                p.members = tuple(p.members)
    return p


def _group_list_follows(s: _Sent, k: int) -> bool:
    return k + 1 < s.n and s.raw[k] == "," and s.m.group.match(s.keys, k + 1) is not None and \
        not (s.cased and s.cap[k + 1])


def _place_context(s: _Sent, i: int) -> bool:
    """'trên địa bàn các xã, phường', 'tại các xã': places, not authorities."""
    prev = " ".join(s.keys[max(0, i - 2):i])
    return prev.endswith(("địa bàn", "dia ban", "tại", "tai", "ở", "o", "trên", "tren", "giữa", "giua", "từ", "tu",
                          "thuộc", "thuoc", "của", "cua", "khắp", "toàn bộ"))


_ADJ_GROUP = {"sở": "sở", "ban": "ban", "ngành": "ngành", "phòng": "phòng", "so": "sở", "nganh": "ngành",
              "phong": "phòng"}
_GROUP_QUALIFIERS = ("thường trực", "chuyên môn và tương đương", "chuyên môn", "chuyên ngành", "sự nghiệp công lập",
                     "sự nghiệp", "hành chính nhà nước", "nhà nước", "tương đương", "khác", "thành viên", "chức năng",
                     "đoàn thể", "chính trị - xã hội")


def _group_at(s: _Sent, j: int, plural: bool) -> _Parse | None:
    """'sở, ban, ngành', 'cơ quan, đơn vị, địa phương', 'bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ'
    (after 'các' or not), and 'các Sở', 'các phòng chuyên môn', 'các đơn vị trực thuộc'."""
    hit = s.m.group.match(s.keys, j)
    if hit is None:
        return None
    n, (word, canon) = hit
    if word not in _GROUP_FIRST or (s.cased and s.caps[j]):
        return None
    h = s.m.heads.match(s.keys, j)
    if h is not None and j > 0 and (s.keys[j - 1],) in h[1].opts.get("bad_prev", ()):
        return None
    if j > 0 and s.keys[j - 1] in ("cấp", "cap", "văn", "van"):
        return None  # "cấp bộ, cấp tỉnh" is a level; "văn phòng" is no "phòng"
    pieces = [" ".join(s.raw[j:j + n]) if s.cased else word]
    words = [word]
    k = j + n
    while k < s.n and s.keys[k] in _ADJ_GROUP and words[-1] in _ADJ_GROUP and s.keys[k] != words[-1] and \
            not (s.cased and s.cap[k]):
        pieces.append(s.raw[k] if s.cased else s.keys[k])  # "các sở ban ngành", "các phòng ban"
        words.append(_ADJ_GROUP[s.keys[k]])
        k += 1
    while k + 1 < s.n and (s.raw[k] == "," or (s.keys[k] in ("và", "va") and len(words) >= 2)):
        nxt = k + 1
        if s.keys[nxt] in s.m.cac:
            nxt += 1
        if nxt >= s.n:
            break
        h2 = s.m.group.match(s.keys, nxt)
        if h2 is None:
            break
        if s.cased and s.cap[nxt] and _parse_named(s, nxt):
            break  # "các sở, Sở Tư pháp"
        pieces += [s.raw[k] if s.raw[k] == "," else "và", *(["các"] if nxt > k + 1 else []),
                   " ".join(s.raw[nxt:nxt + h2[0]]) if s.cased else h2[1][0]]
        words.append(h2[1][0])
        k = nxt + h2[0]
    is_list = len(words) >= 2
    if not is_list and not plural:
        return None
    if not is_list and word in ("ngành", "tổ chức", "trường", "hội"):
        return None
    if not is_list and s.cased and s.cap[j] and k < s.n and s.raw[k] == ":":
        return None  # "các Sở: Tư pháp …" is read as a list of names
    q_end, q_pieces = _qualifier(s, k, words[-1], free=False)
    if not is_list and not q_pieces and word not in _GROUP_ALONE:
        return None
    pieces += q_pieces
    name_pieces = (["các"] if plural else []) + pieces
    return _Parse(q_end, name_pieces, canon, group=True, has_spec=True)


def _qualifier(s: _Sent, k: int, last_word: str, free: bool = True) -> tuple[int, list[str]]:
    """Lower-case words after a generic noun that make it a definite body or group: 'chuyên môn', 'sự nghiệp
    công lập', 'thuộc UBND tỉnh', 'có liên quan', 'trên địa bàn tỉnh', 'tham mưu quản lý nhà nước về …'.
    Without `free`, only the fixed qualifiers (not any lower-case word) count."""
    pieces: list[str] = []
    free_words = 0
    fixed_seen = False
    had_loc = False
    while k < s.n:
        kk = s.keys[k]
        if kk in s.m.thuoc and k + 3 < s.n and s.raw[k + 1] == "," and s.keys[k + 2] in ("trực", "truc"):
            pieces.append("thuộc,")  # "các cơ quan, đơn vị thuộc, trực thuộc Bộ Nội vụ"
            k += 2
            kk = s.keys[k]
        if step := _thuoc_at(s, k):
            if k + step < s.n:
                sub = _parse_at(s, k + step, 1)
                if sub is not None and not sub.holder:
                    pieces += [_thuoc_written(s, k, step), _join(sub.pieces)]
                    k = sub.end
                    break
                loc = _locality_at(s, k + step)
                if loc:
                    pieces += ["thuộc" if step == 1 else "trực thuộc", *loc[1]]
                    k += step + loc[0]
                    break
                bare = _bare_head(s, k + step)
                if bare:
                    pieces += ["thuộc" if step == 1 else "trực thuộc", bare[1]]
                    k += step + bare[0]
                    break
            if step == 2 and pieces == []:
                pieces.append("trực thuộc")  # "các đơn vị trực thuộc"
                k += 2
                continue
            break
        t = s.m.loc_tail.match(s.keys, k)
        if t is not None:
            pieces.append(t[1])
            k += t[0]
            if "địa bàn" in t[1]:
                loc = _locality_at(s, k)
                if loc:
                    pieces += loc[1]
                    k += loc[0]
            continue
        loc = _locality_at(s, k)
        if loc is not None:
            if not had_loc and loc[1][0] not in ("các", "cùng cấp", "nơi có đất", "nơi cư trú", "nơi đăng ký"):
                pieces += loc[1]
                k += loc[0]
                had_loc = True
                continue
            break
        if kk == s.m.ve and pieces and pieces[-1].lower().endswith(("quản lý nhà nước", "quan ly nha nuoc")):
            topic_end, topic = _topic(s, k + 1)
            if topic:
                pieces += ["về", *topic]
                k = topic_end
                continue
            break
        np_ = _name_phrase_at(s, k)
        if np_:
            pieces.append(" ".join(s.raw[k:k + np_]) if s.cased else " ".join(s.keys[k:k + np_]))
            k += np_
            fixed_seen = False
            free_words = 0
            continue
        gq = _fixed_qualifier(s, k)
        if gq:
            pieces.append(" ".join(s.raw[k:k + gq]) if s.cased else " ".join(s.keys[k:k + gq]))
            k += gq
            fixed_seen = True
            if s.keys[k - 1] in ("trực", "truc"):  # "cơ quan thường trực Ban Chỉ đạo …"
                sub = _parse_at(s, k, 1)
                if sub is not None and not sub.holder:
                    pieces.append(_join(sub.pieces))
                    k = sub.end
                    break
                pieces.pop()  # "là cơ quan thường trực" alone names no body
                k -= gq
                break
            continue
        if s.cased and s.cap[k] and not pieces and last_word in ("cơ quan", "đơn vị", "co quan", "don vi") and \
                s.is_word(k) and not s.caps[k] and _parse_at(s, k, 1) is None:
            pieces.append(s.raw[k])  # "cơ quan Thuế"
            k += 1
            continue
        if not free or not s.is_word(k) or _stop_at(s, k) or (s.cased and (s.cap[k] or s.caps[k])) or \
                (_is_head_at(s, k) and _parse_at(s, k, 1) is not None) or s.m.group.match(s.keys, k) or \
                _DIGIT_RE.match(s.raw[k]) or free_words >= 3 or fixed_seen:
            break
        pieces.append(s.raw[k] if s.cased else s.raw[k].lower())
        free_words += 1
        k += 1
    return k, pieces


def _bare_head(s: _Sent, k: int) -> tuple[int, str] | None:
    """'thuộc Sở', 'thuộc Bộ': a capitalised head standing for the body the text is about."""
    hit = _is_head_at(s, k)
    if hit and hit[1].kind == "org" and hit[1].canon in ("Sở", "Bộ", "Cục", "Tổng cục", "Ban", "Phòng", "Vụ") and \
            (s.cap[k] or not s.cased):
        return hit[0], hit[1].surface
    return None


def _fixed_qualifier(s: _Sent, k: int) -> int:
    for q in s.m.group_qualifiers:
        if tuple(s.keys[k:k + len(q)]) == q:
            return len(q)
    return 0


def _topic(s: _Sent, k: int) -> tuple[int, list[str]]:
    """The topic after 'về' in a committee's or a body's name, up to a strong stop or punctuation."""
    topic: list[str] = []
    while k < s.n:
        if not s.is_word(k):
            if s.raw[k] == "," and _topic_comma_ok(s, k):
                topic.append(",")
                k += 1
                continue
            if s.raw[k] in ("-", "–") and k + 1 < s.n and s.is_word(k + 1):
                topic.append("-")
                k += 1
                continue
            break
        if (s.keys[k] in s.m.thuoc or s.keys[k] in ("trực", "truc")) and topic:
            break
        np_ = _name_phrase_at(s, k)
        if np_:
            topic += [_written(s, x) for x in range(k, k + np_)]
            k += np_
            continue
        if s.keys[k] in ("và", "va") and k + 1 < s.n and s.is_word(k + 1) and not _is_head_at(s, k + 1) and \
                (not _stop_at(s, k + 1) or s.cased and s.cap[k + 1]):
            topic.append("và")
            k += 1
            continue
        if s.cased and s.cap[k] and not _is_head_at(s, k):
            topic.append(s.raw[k])  # "Đề án 06", "Chương trình 135"
            k += 1
            continue
        if s.m.strong_stop.match(s.keys, k) or _is_head_at(s, k) and s.cap[k] or _locality_at(s, k) and topic:
            break
        if _DIGIT_RE.match(s.raw[k]) and not (topic and s.keys[k - 1] in ("án", "an", "trình")):
            break  # "Đề án 06", "Chương trình 135" go on
        if topic and _DIGIT_RE.match(s.raw[k - 1]) and not (s.cased and s.cap[k]):
            break  # a number ends the topic
        topic.append(_written(s, k))
        k += 1
    while topic and topic[-1] in (",", "-", "và"):
        topic.pop()
        k -= 1
    return k, topic


def _parse_named(s: _Sent, i: int) -> bool:
    hit = _is_head_at(s, i)
    return hit is not None and _parse_head(s, i, hit[0], hit[1], False, 1) is not None


def _parse_head(s: _Sent, i: int, n: int, h: _Head, plural: bool, depth: int) -> _Parse | None:
    """The mention whose head (n tokens) is at token i."""
    o = h.opts
    kind = h.kind
    head_cap = s.cap[i] or s.caps[i]
    if kind in ("abbr", "abbr_loc"):
        p = _Parse(i + 1, [h.surface], h.surface.split()[0] if h.surface.split()[0] != "Ủy" else "Ủy ban",
                   has_spec=True, complete=True)
        p.head = _head_of_name(h.surface)
        k = i + 1
        while k < s.n and s.caps[k] and len(s.raw[k]) > 1 and _abbr_key(s.raw[k], s.accented) in s.m.words and \
                _is_head_at(s, k) is None:
            p.pieces.append(_written(s, k))  # "BCĐ CCHC tỉnh"
            k += 1
        j, extra, loc = _tail(s, k, p, locality_only=True)
        if kind == "abbr_loc" and not loc:
            return None
        p.end, p.pieces = j, p.pieces + extra
        return p
    written_head = _head_written(s, i, n, h)
    p = _Parse(i + n, [written_head], h.canon)
    p.head = _display_head(h, written_head)
    if kind == "fixed":
        p.has_spec = p.complete = True
        if o.get("cap") and s.cased and not head_cap:
            return None
        j, extra, _ = _tail(s, i + n, p, locality_only=True)
        p.end, p.pieces = j, p.pieces + extra
        return p
    if kind == "holder":
        return _parse_holder(s, i, n, h, p, depth)
    if kind == "group1":
        return _parse_generic(s, i, n, h, p, plural)
    if s.cased and not head_cap and not o.get("lower") and not (o.get("lower_loc") and s.m.loc.match(s.keys, i + n)):
        # a lower-case head word in a cased text is an ordinary word, unless a known spec follows
        # ("phối hợp với sở Tư pháp", "cho hỏi sở tư pháp làm gì")
        sp = _spec_at(s, i + n) if kind == "org" else None
        if sp is None or not (s.cap[i + n] or _lower_spec_ok(s, i + n, sp[0], h)):
            return None
    if s.cased and o.get("cap") and not head_cap and not (o.get("lower_loc") or kind == "loc" and o.get("lower")):
        return None
    j = i + n
    # the specific part
    spec_ok = _spec(s, j, h, p, head_cap)
    if spec_ok is None:
        return None
    if kind == "loc":
        if not p.has_spec:
            jj, extra, loc = _tail(s, p.end, p, locality_only=not o.get("sub"))
            loc = loc or bool(extra)  # "Thanh tra Sở Xây dựng": the body it belongs to places it
            if o.get("need_loc") and not loc and not p.has_spec:
                return None
            if not loc and s.cased and not head_cap and not o.get("alone"):
                return None
            if not loc and not o.get("alone") and not p.has_spec:
                return None
            p.end, p.pieces = jj, p.pieces + extra
            p.has_spec = True
            if p.end < s.n and not loc:
                jj, extra, _ = _tail(s, p.end, p)
                p.end, p.pieces = jj, p.pieces + extra
            return p
        jj, extra, _ = _tail(s, p.end, p)
        p.end, p.pieces = jj, p.pieces + extra
        return p
    # an org head
    if not p.has_spec:
        jj, extra, loc = _tail(s, p.end, p)
        if loc or extra:  # "Thanh tra Sở", "Văn phòng Bộ Tư pháp", "Trung tâm tỉnh"
            p.end, p.pieces, p.has_spec = jj, p.pieces + extra, True
            return p
        if o.get("alone_subject") and head_cap and s.cased and (p.end >= s.n or _stop_at(s, p.end)):
            return p  # "Văn phòng chủ trì …" in a Sở's own letter
        return None
    jj, extra, _ = _tail(s, p.end, p)
    p.end, p.pieces = jj, p.pieces + extra
    return p


def _head_written(s: _Sent, i: int, n: int, h: _Head) -> str:
    if h.opts.get("keep") and s.cased:
        w = " ".join(s.raw[i:i + n])
        if s.caps[i] and n == 1 and len(w) <= 3:
            return h.surface
        if all(s.caps[k] for k in range(i, i + n)):
            return h.surface
        return normalize_tones(w[:1].upper() + w[1:])
    return h.surface


def _display_head(h: _Head, written: str) -> str:
    if h.kind == "holder" or h.opts.get("keep"):
        return written
    return h.canon if h.canon not in ("Đảng ủy",) else written


def _head_of_name(name: str) -> str:
    for pref in ("Ủy ban nhân dân", "Hội đồng nhân dân", "Văn phòng", "Trung tâm", "Ban Chỉ đạo", "Ban Chỉ huy",
                 "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Ngân hàng", "Ủy ban Mặt trận Tổ quốc", "Mặt trận Tổ quốc",
                 "Tòa án", "Viện kiểm sát", "Liên đoàn", "Thủ tướng Chính phủ", "Công an", "Hải quan"):
        if name.startswith(pref):
            return {"Ban Chỉ đạo": "Ban", "Ban Chỉ huy": "Ban", "Thủ tướng Chính phủ": "Thủ tướng Chính phủ",
                    "Kho bạc Nhà nước": "Kho bạc Nhà nước"}.get(pref, pref)
    return name.split()[0]


def _spec(s: _Sent, j: int, h: _Head, p: _Parse, head_cap: bool) -> bool | None:
    """Read the specific part from token j into p (p.end, p.pieces, p.has_spec, p.complete); None: not a mention."""
    if j >= s.n:
        return True
    # an ellipsis list straight after the head: "các Sở: Tư pháp, Nội vụ"
    if s.raw[j] == ":" and j + 1 < s.n:
        _ellipsis(s, j + 1, p, h, colon=True)
        return True
    sp = _spec_at(s, j) if h.kind == "org" else None
    if sp is not None and (not s.cased or s.cap[j] or s.caps[j] or _lower_spec_ok(s, j, sp[0], h)):
        n, canon = sp
        # a longer capitalised reading wins ("Ban Kinh tế - Ngân sách" over the known "Kinh tế")
        e = j + n
        if s.cased and (s.cap[j] or s.caps[j]) and e < s.n and (
                s.raw[e] in ("-", "–", "&") or s.cap[e] or s.keys[e] in ("và", "va") and e + 1 < s.n and s.cap[e + 1]):
            alt = _Parse(j, list(p.pieces), p.head)
            _free_spec(s, j, alt, h)
            if alt.end > j + n and _capital_extra(s, j + n, alt.end):
                p.pieces, p.end, p.has_spec, p.complete = alt.pieces, alt.end, True, alt.complete
                _ellipsis(s, p.end, p, h, colon=False)
                return True
        p.pieces.append(canon)
        p.end = j + n
        p.has_spec = p.complete = True
        _more_spec(s, p, h)
        _ellipsis(s, p.end, p, h, colon=False)
        return True
    if s.cased:
        if _starts_spec_cased(s, j, h) or _starter(s, j, h):
            _free_spec(s, j, p, h)
        return True  # no spec: the caller decides if the head may stand alone
    # caseless: a starter, or a free run bounded by stop words for the heads whose names run on in lower case
    if _starter(s, j, h) or (h.kind == "org" and h.canon in _RUNON_HEADS):
        _free_spec(s, j, p, h)
    return True


_RUNON_HEADS = {"Cục", "Vụ", "Chi cục", "Trung tâm", "Văn phòng", "Tổng cục", "Viện", "Học viện", "Bệnh viện",
                "Trường", "Hội đồng", "Quỹ", "Chi nhánh", "Hiệp hội", "Tập đoàn", "Tổng công ty", "Công ty"}
_STRICT_HEADS = {"Bộ", "Sở", "Ủy ban", "Tổng cục", "Hội", "Đài", "Báo", "Liên đoàn", "Liên hiệp"}
_COMPLETE_STARTERS = {"một cửa", "tiếp nhận và trả kết quả", "phục vụ hành chính công", "hành chính công",
                      "đăng ký đất đai", "mot cua", "tiep nhan va tra ket qua", "phuc vu hanh chinh cong",
                      "hanh chinh cong", "dang ky dat dai"}


def _capital_extra(s: _Sent, a: int, b: int) -> bool:
    """Tokens a..b are capitalised words, abbreviations, dashes or 'và' before a capital: a name's own words."""
    for k in range(a, b):
        r = s.raw[k]
        if s.is_word(k):
            # lower-case syllables are allowed only inside a capitalised word ("Ngân sách")
            if not (s.cap[k] or s.caps[k] or s.keys[k] in ("và", "va")) and (
                    k == a or not (s.cap[k - 1] or s.keys[k - 1] not in ("và", "va") and not s.cap[k - 1]
                                   and k - 1 > a)):
                return False
        elif r not in ("-", "–", "&"):
            return False
    return s.raw[a] in ("-", "–", "&") or s.cap[a] or s.caps[a] or \
        (s.keys[a] in ("và", "va") and a + 1 < b and s.cap[a + 1])


def _starts_spec_cased(s: _Sent, j: int, h: _Head) -> bool:
    """A capitalised word or an abbreviation that is not a head, a number or a person's name starts a name."""
    if not s.is_word(j) or _DIGIT_RE.match(s.raw[j]):
        return False
    if not (s.cap[j] or s.caps[j]):
        return False
    if _starter(s, j, h):
        return True
    return not (_is_head_at(s, j) or _person_at(s, j))


def _free_spec(s: _Sent, j: int, p: _Parse, h: _Head) -> None:
    """A specific part not in the lexicon: capitalised syllables, abbreviations and lower-case words up to a stop."""
    start = j
    lowers = 0
    max_lowers = 2 if h.canon in _STRICT_HEADS and s.cased else 8
    st = _starter(s, j, h)
    if st:
        p.pieces += [_written(s, k) for k in range(j, j + st)]
        j += st
        if " ".join(s.keys[start:j]) in _COMPLETE_STARTERS:
            p.end, p.has_spec, p.complete = j, True, True
            _more_spec(s, p, h)
            return
        if h.opts.get("committee") and j < s.n and not (s.cased and s.cap[j]) and s.keys[j] != s.m.ve \
                and _locality_at(s, j) is None:
            # "Tổ công tác cải cách thủ tục hành chính", "Ban Chỉ đạo phòng, chống tham nhũng"
            k, topic = _topic(s, j)
            if topic:
                p.pieces += topic
                p.end, p.has_spec = k, True
                return
    else:
        p.pieces.append(_written(s, j))
        j += 1
    while j < s.n:
        r = s.raw[j]
        if not s.is_word(j):
            if r in ("-", "–", "—", "&") and j + 1 < s.n and s.is_word(j + 1):
                nxt_head = _is_head_at(s, j + 1)
                if nxt_head and not _protected_pair(s, j - 1, j + 1) and not _name_phrase_at(s, j + 1):
                    break
                if s.cased and not (s.cap[j + 1] or s.caps[j + 1]) and _stop_at(s, j + 1) and \
                        not _name_phrase_at(s, j + 1):
                    break  # "Thi đua - khen thưởng" goes on; "… - nơi …" does not
                if not s.cased and _stop_at(s, j + 1):
                    break
                p.pieces.append("&" if r == "&" else "-")
                j += 1
                p.pieces.append(_written(s, j))
                j += 1
                continue
            if r == "," and j + 1 < s.n:
                cs = s.m.comma_specs.match(s.keys, start)
                if cs and start + cs[0] > j:
                    p.pieces += [_written(s, k) for k in range(j, start + cs[0])]
                    j = start + cs[0]
                    continue
            break
        kj = s.keys[j]
        np_ = _name_phrase_at(s, j)
        if np_ and not ((s.cap[j] or s.caps[j]) and _is_head_at(s, j)):
            p.pieces += [_written(s, k) for k in range(j, j + np_)]
            j += np_
            lowers = 0
            continue
        if _locality_at(s, j) is not None or kj in s.m.thuoc or kj in (s.m.cua, s.m.ve, "trực", "truc"):
            break
        if _is_head_at(s, j):
            break
        if kj in ("và", "va"):
            nx = j + 1
            if nx < s.n and s.is_word(nx) and (s.cap[nx] or s.caps[nx] or not s.cased) and \
                    not _is_head_at(s, nx) and not _person_at(s, nx) and not (not s.cased and _stop_at(s, nx)) \
                    and not _DIGIT_RE.match(s.raw[nx]) and not _locality_at(s, nx):
                if _spec_at(s, nx) and _known_prefix(s, start, j):
                    break  # "Sở Tư pháp và Tài chính": a list, read by _ellipsis
                p.pieces.append("và")
                j += 1
                continue
            if nx < s.n and _name_phrase_at(s, nx) and h.canon in _RUNON_HEADS | {"Ban", "Tổ", "Đoàn"}:
                p.pieces.append("và")
                j += 1
                continue
            break
        if _person_at(s, j):
            break
        if kj in s.m.plural and s.cased and j + 1 < s.n and s.cap[j + 1] and not s.caps[j + 1] and \
                not _is_head_at(s, j + 1) and _locality_at(s, j + 1) is None:
            p.pieces += ["các", s.raw[j + 1]]  # "Ban Quản lý các Khu công nghiệp"
            j += 2
            continue
        if _DIGIT_RE.match(r):
            if s.keys[j - 1] in ("số", "so", "đội", "doi", "tổ", "to"):
                p.pieces.append(r)
                j += 1
                continue
            break
        if s.cased and (s.cap[j] or s.caps[j]):
            if _ROMAN_RE.match(r) and len(r) <= 4 and s.keys[j - 1] not in ("khu", "vực", "vuc"):
                pass
            p.pieces.append(_written(s, j))
            j += 1
            lowers = 0
            continue
        if _stop_at(s, j):
            break
        lowers += 1
        if lowers > max_lowers:
            break
        p.pieces.append(_written(s, j))
        j += 1
    p.end = j
    p.has_spec = True
    sp = s.m.specs.match(s.keys, start, j)
    if sp and start + sp[0] == j:
        p.complete = True


def _lower_spec_ok(s: _Sent, j: int, n: int, h: _Head) -> bool:
    """A known spec written in lower case ('Sở tài chính') counts in a question, not in a sentence where the same
    words are ordinary ('bộ tài chính công' is rare, 'Ban tổ chức' is a committee)."""
    return h.kind == "org" and h.canon in ("Sở", "Bộ", "Phòng") and (j + n >= s.n or not s.is_word(j + n)
                                                                     or _stop_at(s, j + n)
                                                                     or s.m.loc.match(s.keys, j + n) is not None)


def _starter(s: _Sent, j: int, h: _Head) -> int:
    st = h.opts.get("starters")
    if not st or j >= s.n:
        return 0
    best = 0
    for seq in st:
        k = len(seq)
        if tuple(s.keys[j:j + k]) == seq and k > best:
            best = k
    return best


def _protected_pair(s: _Sent, a: int, b: int) -> bool:
    """'HĐND - UBND', 'HĐND&UBND' inside a name."""
    pair = {s.keys[a], s.keys[b]}
    return pair <= {"hđnd", "hdnd", "ubnd"} and len(pair) == 2


def _known_prefix(s: _Sent, start: int, j: int) -> bool:
    sp = s.m.specs.match(s.keys, start, j)
    return bool(sp and start + sp[0] == j)


def _topic_comma_ok(s: _Sent, j: int) -> bool:
    """In a committee's topic ('Ban Chỉ đạo … về phát triển khoa học, công nghệ, đổi mới sáng tạo'), a comma
    followed by lower-case topic words goes on."""
    k = j + 1
    if k >= s.n or not s.is_word(k) or (s.cased and (s.cap[k] or s.caps[k])):
        return False
    if _stop_at(s, k) or _is_head_at(s, k) or s.m.group.match(s.keys, k) or s.m.loc.match(s.keys, k):
        return _name_phrase_at(s, k) > 0
    return True


def _more_spec(s: _Sent, p: _Parse, h: _Head) -> None:
    """After a known spec or a complete starter, capitalised words still belong to the name ('Cục Thuế' +
    'Doanh nghiệp lớn', 'Văn phòng Đăng ký đất đai' + 'Hà Nội'); lower-case ones do not."""
    j = p.end
    k = j
    while k < s.n and s.cased and s.is_word(k) and (s.cap[k] and not s.caps[k]) and not _is_head_at(s, k) and \
            not _person_at(s, k) and _locality_at(s, k) is None and not _DIGIT_RE.match(s.raw[k]) and \
            not (k == j and _stop_at(s, k) and not s.cap[k]):
        k += 1
    if k > j:
        p.pieces += [s.raw[x] for x in range(j, k)]
        p.end = k
        p.complete = False


def _ellipsis(s: _Sent, j: int, p: _Parse, h: _Head, colon: bool) -> bool:
    """'Sở Tư pháp, Nội vụ và Tài chính' / 'các Sở: Tư pháp, Nội vụ': more specs sharing the head."""
    if h.kind not in ("org", "loc") or h.canon in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        return False
    items: list[tuple[int, int, str]] = []  # (start, end, canon spec)
    k = j
    first = True
    while k < s.n:
        if first and colon:
            sep_ok = True
            nxt = k
        else:
            if s.raw[k] == "," and k + 1 < s.n:
                nxt = k + 1
                if s.keys[nxt] in ("và", "va") and nxt + 1 < s.n:
                    nxt += 1
            elif s.keys[k] in ("và", "va") and k + 1 < s.n:
                nxt = k + 1
            else:
                break
            sep_ok = True
        if not sep_ok or nxt >= s.n:
            break
        sp = _spec_at(s, nxt)
        if _is_head_at(s, nxt) and not (sp and (colon or items) and _item_ends(s, nxt + sp[0])):
            break
        if sp is not None and (not s.cased or s.cap[nxt] or s.caps[nxt]):
            end = nxt + sp[0]
            items.append((nxt, end, str(sp[1])))
            k = end
        elif s.cased and s.cap[nxt] and not s.caps[nxt] and (colon or items or _has_known(s, p)):
            e = nxt
            while e < s.n and s.is_word(e) and (s.cap[e] or (e > nxt and not _stop_at(s, e) and
                                                             not s.cap[e] and e - nxt < 3 and
                                                             s.keys[e] not in ("và", "va"))) \
                    and not _is_head_at(s, e) and not s.m.loc.match(s.keys, e):
                e += 1
            if e == nxt:
                break
            items.append((nxt, e, " ".join(s.raw[nxt:e])))
            k = e
        else:
            break
        first = False
    if not items:
        return False
    if not colon and not (p.complete and all(_spec_at(s, a) for a, _, _ in items)):
        return False
    base = _join(p.pieces)
    if colon:
        # "các Sở: Tư pháp, Nội vụ" — the head alone (with its holder) is the base
        members = [f"{base} {c}" for _, _, c in items]
    else:
        members = [base] + [f"{_join(p.pieces[:1])} {c}" for _, _, c in items]
    p.members = tuple(normalize_tones(m) for m in members)
    p.end = items[-1][1]
    p.has_spec = True
    p.complete = True
    p.pieces = [", ".join(p.members)]
    return True


def _item_ends(s: _Sent, k: int) -> bool:
    """A list item ends at k: a comma, 'và', the end, or a word that is not a locality ('Công an' of 'các Bộ:
    Công an, Quốc phòng' is an item; 'Công an tỉnh' is a body of its own)."""
    return k >= s.n or s.raw[k] in (",", ";", ".", ")") or s.keys[k] in ("và", "va") or \
        (_locality_at(s, k) is None and not s.cap[k])


def _has_known(s: _Sent, p: _Parse) -> bool:
    return p.complete


def _tail(s: _Sent, j: int, p: _Parse, locality_only: bool = False) -> tuple[int, list[str], bool]:
    """What may follow a name: a locality ('tỉnh Nghệ An', 'các xã, phường'), 'thuộc/trực thuộc' + an
    organisation, a parent organisation after a sub-unit ('Văn phòng Bộ Tư pháp'), 'của Chính phủ' and a
    topic after a committee. Returns (end, pieces, had_locality)."""
    pieces: list[str] = []
    had_loc = False
    for _ in range(4):
        if j >= s.n:
            break
        loc = _locality_at(s, j)
        if loc is not None and not (loc[1] and loc[1][0] in ("nơi có đất", "nơi cư trú", "nơi đăng ký")
                                    and not had_loc):
            if loc[1][0] == "địa phương" and p.has_spec:
                break
            pieces += loc[1]
            j += loc[0]
            had_loc = True
            if loc[2]:
                p.group = True
            continue
        if locality_only and not had_loc and p.head not in ("Ủy ban nhân dân", "Hội đồng nhân dân", "Công an",
                                                            "Thanh tra", "Đảng ủy", "Tỉnh ủy", "Thành ủy"):
            # a fixed name or an abbreviation may still be followed by "thuộc …"
            pass
        kj = s.keys[j]
        if step := _thuoc_at(s, j):
            if j + step < s.n:
                sub = _parse_at(s, j + step, 1)
                if sub is not None and not sub.holder:
                    pieces += [_thuoc_written(s, j, step), _join(sub.pieces)]
                    j = sub.end
                    continue
                bare = _bare_head(s, j + step)
                if bare:
                    pieces += ["thuộc" if step == 1 else "trực thuộc", bare[1]]
                    j += step + bare[0]
                    continue
            break
        if kj == s.m.cua and p.head in ("Ban", "Ủy ban", "Hội đồng", "Tổ", "Văn phòng", "Đoàn") and j + 1 < s.n:
            hit = _is_head_at(s, j + 1)
            if hit and hit[1].canon in ("Chính phủ", "Quốc hội", "Thủ tướng Chính phủ", "Đảng ủy"):
                sub = _parse_at(s, j + 1, 1)
                if sub is not None:
                    pieces += ["của", _join(sub.pieces)]
                    j = sub.end
                    continue
            break
        if kj == s.m.ve and p.head in ("Ban", "Ủy ban", "Hội đồng", "Tổ") and _committee_spec(p):
            k, topic = _topic(s, j + 1)
            if topic:
                pieces += ["về", *topic]
                j = k
                continue
            break
        # a sub-unit followed by the body it belongs to: "Văn phòng Bộ Tư pháp", "Vụ Pháp chế Bộ Nội vụ",
        # "Lãnh đạo Phòng", "Thanh tra Sở"
        if p.head in _SUB_HEADS and not locality_only and s.is_word(j) and (s.cap[j] or s.caps[j] or not s.cased):
            hit = _is_head_at(s, j)
            if hit and hit[1].kind in ("org", "loc", "abbr", "abbr_loc", "fixed") and \
                    _rank(hit[1]) > _rank_name(p.head):
                sub = _parse_at(s, j, 1)
                if sub is not None:
                    pieces.append(_join(sub.pieces))
                    j = sub.end
                    if sub.group:
                        p.group = True
                    continue
                # the bare parent ("Thanh tra Sở", "Văn phòng Bộ")
                if hit[1].canon in ("Sở", "Bộ", "Cục", "Tổng cục") and (s.cap[j] or not s.cased):
                    pieces.append(hit[1].surface)
                    j += hit[0]
                    continue
        break
    return j, pieces, had_loc


def _committee_spec(p: _Parse) -> bool:
    return len(p.pieces) >= 2


_SUB_HEADS = {"Ủy ban", "Văn phòng", "Vụ", "Cục", "Chi cục", "Thanh tra", "Phòng", "Ban", "Trung tâm", "Bộ phận", "Tổ",
              "Đoàn", "Viện", "Trường", "Đội", "Chi nhánh", "Công an", "Đảng ủy", "Hội đồng", "Tổng cục",
              "Lãnh đạo", "Chuyên viên", "Công chức"}

_RANKS = {"Bộ": 9, "Chính phủ": 10, "Quốc hội": 10, "Thủ tướng Chính phủ": 10, "Ủy ban nhân dân": 8,
          "Hội đồng nhân dân": 8, "Tổng cục": 7, "Sở": 7, "Cục": 6, "Ủy ban": 8, "Ban": 6, "Đảng ủy": 8,
          "Vụ": 5, "Chi cục": 5, "Văn phòng": 5, "Trung tâm": 4, "Phòng": 4, "Thanh tra": 5, "Công an": 6,
          "Tổ": 2, "Đội": 2, "Bộ phận": 2, "Đoàn": 3, "Viện": 5, "Trường": 4, "Chi nhánh": 3, "Hội đồng": 5,
          "Kho bạc Nhà nước": 6, "Bảo hiểm xã hội": 6, "Ngân hàng": 6, "Mặt trận Tổ quốc": 8,
          "Ủy ban Mặt trận Tổ quốc": 8, "Liên đoàn": 6, "Tỉnh đoàn": 6, "Học viện": 6, "Bệnh viện": 4}


def _rank(h: _Head) -> int:
    if h.kind in ("abbr", "abbr_loc"):
        return _RANKS.get(_head_of_name(h.surface), 7)
    return _RANKS.get(h.canon, 3)


def _rank_name(head: str) -> int:
    return _RANKS.get(head, 0 if head in ("Lãnh đạo", "Chuyên viên", "Công chức") else 3)


def _parse_generic(s: _Sent, i: int, n: int, h: _Head, p: _Parse, plural: bool) -> _Parse | None:
    """'cơ quan chuyên môn thuộc UBND tỉnh', 'cơ quan Thuế', 'đơn vị sự nghiệp công lập': a generic noun with
    a qualifier (a bare 'cơ quan' is no mention)."""
    word = " ".join(s.keys[i:i + n])
    word = "cơ quan" if word in ("cơ quan", "co quan") else "đơn vị"
    q_end, q_pieces = _qualifier(s, i + n, word)
    if not q_pieces:
        return None
    p.pieces = [" ".join(s.raw[i:i + n]) if s.cased else h.surface.lower(), *q_pieces]
    p.end = q_end
    p.has_spec = True
    p.group = True
    # "cơ quan Thuế" is one body
    if len(q_pieces) == 1 and q_pieces[0][:1].isupper():
        p.group = plural
    return p


def _parse_holder(s: _Sent, i: int, n: int, h: _Head, p: _Parse, depth: int) -> _Parse | None:
    """'Giám đốc Sở Tư pháp', 'Chủ tịch UBND các xã, phường', 'Thủ trưởng các cơ quan, đơn vị', 'Bộ trưởng'."""
    o = h.opts
    head_cap = s.cap[i] or s.caps[i]
    j = i + n
    if s.cased and o.get("cap") and not head_cap and not o.get("lower") and not _lower_holder(s, i, j, h):
        return None
    p.holder = True
    if j < s.n and s.raw[j] == ":":  # "Giám đốc các Sở: …" handled below; "Lãnh đạo:" is a label
        return None
    if h.canon in ("Công chức", "Chuyên viên", "Cán bộ") and s.cased:
        title = _job_title(s, j)
        if title:
            p.pieces += [_written(s, k) for k in range(j, title)]
            p.end, p.has_spec = title, True
            return p
    sub = _parse_at(s, j, depth + 1) if j < s.n else None
    if sub is not None and not sub.holder:
        if sub.members:
            p.members = tuple(normalize_tones(f"{p.pieces[0]} {m}") for m in sub.members)
        p.pieces = p.pieces + [_join(sub.pieces)]
        p.end = sub.end
        p.group = sub.group
        p.has_spec = True
        return p
    # "Chủ tịch, Phó Chủ tịch UBND tỉnh": holders sharing the organisation after them
    if j + 1 < s.n and s.raw[j] == ",":
        hit = _is_head_at(s, j + 1)
        if hit and hit[1].kind == "holder":
            nxt = _parse_holder(s, j + 1, hit[0], hit[1], _Parse(j + 1 + hit[0], [_head_written(s, j + 1, hit[0],
                                                                                                hit[1])],
                                                                 hit[1].canon), depth + 1)
            if nxt is not None and len(nxt.pieces) >= 2 and not h.opts.get("alone"):
                org = _join(nxt.pieces[1:])
                mine = f"{p.pieces[0]} {org}"
                others = nxt.members or (_join(nxt.pieces),)
                p.members = tuple(normalize_tones(x) for x in (mine, *others))
                p.pieces = [", ".join(p.members)]
                p.end = nxt.end
                p.group = nxt.group
                p.has_spec = True
                return p
    # a holder with a spec of its own ("Trưởng phòng Tư pháp", "Chánh Văn phòng", "Trưởng ban Tổ chức")
    if s.cased and j < s.n and s.cap[j] and not s.caps[j] and not _person_at(s, j) and not _stop_at(s, j) \
            and h.canon == "Trưởng" and s.is_word(j):
        fake = _Head("Trưởng", "org", {"sub": 1}, p.pieces[0])
        _free_spec(s, j, p, fake)
        if p.has_spec:
            jj, extra, _ = _tail(s, p.end, p)
            p.end, p.pieces = jj, p.pieces + extra
            return p
    if o.get("alone") and head_cap or (o.get("alone") and not s.cased):
        return p
    # a title standing alone in a table cell or heading ("Chuyên viên", "Lãnh đạo Sở" is caught above)
    if s.cased and head_cap and h.canon in ("Chuyên viên", "Lãnh đạo", "Giám đốc", "Chủ tịch", "Trưởng") and \
            (j >= s.n or s.raw[j] in ("|", ";", ".", ")", "(") or _table_cell_end(s, j)):
        return p
    return None


_LOWER_HOLDERS = {"Chủ tịch", "Giám đốc", "Lãnh đạo"}


def _lower_holder(s: _Sent, i: int, j: int, h: _Head) -> bool:
    """A title written in lower case in running text ('yêu cầu giám đốc các sở, ngành, chủ tịch UBND các huyện',
    'lãnh đạo các cơ quan') is still an office-holder when an organisation follows it at once; 'lãnh đạo' only
    after a word that assigns (else it is the verb: 'lãnh đạo, chỉ đạo các cơ quan')."""
    if h.canon not in _LOWER_HOLDERS or j >= s.n or not s.is_word(j):
        return False
    if h.canon == "Lãnh đạo" and not (i > 0 and s.keys[i - 1] in ("cầu", "nghị", "giao", "thị", "cau", "nghi")):
        return False
    sub = _parse_at(s, j, 1)
    return sub is not None and not sub.holder


def _job_title(s: _Sent, j: int) -> int:
    """'Tư pháp - Hộ tịch', 'Văn phòng - Thống kê', 'Địa chính - Xây dựng': a commune civil servant's title
    (capitalised words joined by dashes). Returns the token after it, or 0."""
    k = j
    dashes = 0
    while k < s.n and s.is_word(k) and (s.cap[k] or (k > j and not s.cap[k] and not _stop_at(s, k) and
                                                     s.keys[k] not in ("và", "va"))):
        k += 1
        if k + 1 < s.n and s.raw[k] in ("-", "–") and s.cap[k + 1]:
            dashes += 1
            k += 1
        elif k + 1 < s.n and s.keys[k] in ("và", "va") and s.cap[k + 1] and dashes:
            k += 1
    return k if dashes and k > j else 0


def _table_cell_end(s: _Sent, j: int) -> bool:
    return j < s.n and s.raw[j] == "|"


# ---------------------------------------------------------------------------------------------------------------
# Public functions.

_FOUND: dict[str, tuple[Org, ...]] = {}


def find_orgs(text: str) -> list[Org]:
    """Every organisation, group or office-holder named in `text`, in order, non-overlapping, longest first."""
    got = _FOUND.get(text)
    if got is None:
        got = tuple(_find(text))
        if len(_FOUND) >= 4096:  # the passages of the last questions; ingest sees each sentence once
            _FOUND.clear()
        _FOUND[text] = got
    return list(got)


def _find(text: str) -> list[Org]:
    if not text:
        return []
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    s = _Sent(text)
    m = s.m
    keys = s.keys
    n = s.n
    start1, start2, plural = m.start1, m.start2, m.plural
    # where a mention may start: a one-token head, the first token of a longer head followed by its second
    # token, or "các" before either (found with comprehensions: most tokens are never looked at again)
    cands = [i for i, k in enumerate(keys) if k in start1 or k in start2 or k in plural]
    out: list[Org] = []
    end = 0
    for i in cands:
        if i < end:
            continue
        k = keys[i]
        if k not in start1:
            nxt = keys[i + 1] if i + 1 < n else None
            if nxt is None or not (nxt in start2.get(k, ()) or k in plural and (nxt in start1 or nxt in start2)):
                continue
        p = _parse_at(s, i)
        if p is not None and p.end > i:
            out.append(_to_org(s, i, p))
            end = p.end
    return out


def _to_org(s: _Sent, i: int, p: _Parse) -> Org:
    end_tok = p.end - 1
    while end_tok > i and not s.is_word(end_tok) and s.raw[end_tok] not in (")",):
        end_tok -= 1
    a, b = s.span(i)[0], s.span(end_tok)[1]
    name = _tidy(", ".join(p.members) if p.members else _join(p.pieces), s)
    if p.members:
        return Org(a, b, s.text[a:b], name, p.head, False, tuple(p.members))
    head = p.head
    return Org(a, b, s.text[a:b], name, head, p.group or _is_group_name(name), tuple(p.members))


_TIDY_CACHE: dict[str, str] = {}


def _tidy(name: str, s: _Sent | None = None) -> str:
    got = _TIDY_CACHE.get(name)
    if got is None:
        if len(_TIDY_CACHE) > 50000:
            _TIDY_CACHE.clear()
        got = _TIDY_CACHE[name] = _tidy_uncached(name)
    return got


def _tidy_uncached(name: str) -> str:
    name = name.replace("Hội đồng nhân dân - Ủy ban nhân dân", "Hội đồng nhân dân và Ủy ban nhân dân")
    name = re.sub(r"\s+,", ",", name)
    name = re.sub(r"\s*-\s*", " - ", name)
    name = re.sub(r"\s+", " ", name).strip(" ,-")
    if name[:1].islower():
        name = name[:1].upper() + name[1:]
    return name


_GROUPISH = re.compile(r"(?:^|\s)(?:các|những|mọi|cac|nhung|moi)\s|\bcấp (?:tỉnh|huyện|xã|quận)\b|\bcùng cấp\b|"
                       r"\bcap (?:tinh|huyen|xa)\b|\bcung cap\b")
_GROUP_CACHE: dict[str, bool] = {}


def _is_group_name(name: str) -> bool:
    got = _GROUP_CACHE.get(name)
    if got is None:
        if len(_GROUP_CACHE) > 50000:
            _GROUP_CACHE.clear()
        got = _GROUP_CACHE[name] = bool(_GROUPISH.search(name.lower()))
    return got


def expand_list(org_or_text: Org | str) -> list[str]:
    """The bodies a mention or a text names, one canonical name each: a shared-head list is written out
    ('các Sở: Tư pháp, Nội vụ' → 'Sở Tư pháp', 'Sở Nội vụ'); a text gives all its mentions in order."""
    if isinstance(org_or_text, Org):
        return list(org_or_text.members) or [org_or_text.name]
    out: list[str] = []
    for o in find_orgs(org_or_text):
        for name in (o.members or (o.name,)):
            if name not in out:
                out.append(name)
    return out


@lru_cache(maxsize=8192)
def canonical(name: str) -> str:
    """The canonical form of one name: 'STC' → 'Sở Tài chính', 'VP UBND tỉnh' → 'Văn phòng Ủy ban nhân dân tỉnh'.
    A text that is not one mention is returned with its abbreviations written out."""
    text = " ".join(name.split())
    if not text:
        return text
    orgs = find_orgs(text)
    if len(orgs) == 1 and orgs[0].start <= 4 and len(text) - orgs[0].end <= 1:
        o = orgs[0]
        return ", ".join(o.members) if o.members else o.name
    if orgs and len(orgs) > 1 and all(o.members == () for o in orgs):
        pass
    s = _Sent(text)
    return _join([_written(s, i) for i in range(s.n)]) if s.n else text


def roles(sentence: str, orgs: list[Org] | None = None) -> list[tuple[Org, str]]:
    """The role of each mention in one sentence: 'chủ trì', 'phối hợp', 'thực hiện' (the doer), 'nhận' (where a
    result is sent, who is advised or addressed) or 'khác' (named otherwise: 'theo Quyết định của X', an issuer
    'X yêu cầu …'). Mentions joined by commas, 'và', 'hoặc' share one role."""
    if orgs is None:
        orgs = find_orgs(sentence)
    if not orgs:
        return []
    low = sentence.lower()
    if _VN_RE.search(low) is None:
        low = _to_accented_cues(low)
    bounds = [m.end() for m in _CLAUSE_END.finditer(low)]
    labels = [(m.start(), m.end(), _label_role(m.group("l"))) for m in _LABEL.finditer(low)]
    out: list[tuple[Org, str]] = []
    prev: tuple[int, str] | None = None
    for run in _runs(low, orgs, bounds):
        role = _run_role(low, run, orgs, bounds, labels)
        if role == "khác" and prev and prev[1] == "thực hiện" and _CHAIN_GAP.match(low[prev[0]:run[0].start]) and \
                _DUTY_LATER.search(_clause_after(low, run[-1].end)):
            role = "thực hiện"  # "Thủ trưởng các cơ quan thuộc phạm vi …, các cơ quan Trung ương … chịu trách nhiệm"
        elif role == "khác" and prev and prev[1] == "thực hiện" and _LIST_GAP.match(low[prev[0]:run[0].start]) and \
                not low[run[-1].end:].strip(" .;:"):
            # a heading "Giao A, B thuộc UBND Thành phố; Chủ tịch UBND các xã" lists one duty's doers
            role = "thực hiện"
        out += [(o, role) for o in run]
        prev = (run[-1].end, role)
    return out


_LIST_GAP = re.compile(r"^[^:.()]{0,100};\s*(?:và\s+)?$")
_CHAIN_GAP = re.compile(r"^[^;:.()]{0,100},\s*(?:và\s+)?(?:các\s+)?$")


def _clause_after(low: str, pos: int) -> str:
    after = low[pos:pos + 200]
    m = _CLAUSE_END.search(after)
    return after[:m.start()] if m else after


# cue words typed without diacritics, written with them (same length) so one set of patterns reads both
_FOLDED_CUES = {
    "chu tri": "chủ trì", "phoi hop": "phối hợp", "co trach nhiem": "có trách nhiệm", "thuc hien": "thực hiện",
    "tham muu": "tham mưu", "gui": "gửi", "bao cao": "báo cáo", "trinh": "trình", "nop": "nộp",
    "de nghi": "đề nghị", "yeu cau": "yêu cầu", "cua": "của", "ve": "về", "den": "đến", "toi": "tới",
    "cung": "cùng", "voi": "với", "la": "là", "cac": "các", "chi dao": "chỉ đạo", "dau moi": "đầu mối",
    "thuoc": "thuộc", "duoc": "được", "chiu trach nhiem": "chịu trách nhiệm", "trach nhiem": "trách nhiệm",
    "chuyen": "chuyển", "giup": "giúp", "va": "và", "hoac": "hoặc", "co quan": "cơ quan", "don vi": "đơn vị",
    "ban hanh": "ban hành", "quy dinh": "quy định", "tai": "tại", "len": "lên", "thuong truc": "thường trực",
    "cu": "cử", "uy quyen": "ủy quyền", "phan cong": "phân công", "tham gia": "tham gia", "doi voi": "đối với",
    "rieng": "riêng", "thong bao": "thông báo", "ket luan": "kết luận", "quyet dinh": "quyết định",
    "kinh gui": "kính gửi", "de xuat": "đề xuất", "phe duyet": "phê duyệt", "chi thi": "chỉ thị",
    "nhiem vu": "nhiệm vụ", "quyen han": "quyền hạn", "noi nhan": "nơi nhận", "lam": "làm", "su": "sự",
    "dong thoi": "đồng thời", "ngoai ra": "ngoài ra", "trong do": "trong đó", "kien nghi": "kiến nghị",
    "phan anh": "phản ánh", "ban giao": "bàn giao", "cung cap": "cung cấp", "xin y kien": "xin ý kiến",
}
_FOLDED_RE = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(_FOLDED_CUES, key=len, reverse=True)) + r")\b")


def _to_accented_cues(low: str) -> str:
    return _FOLDED_RE.sub(lambda m: _FOLDED_CUES[m.group(1)], low)


_CLAUSE_END = re.compile(r"[;\n|]|[.!?](?=\s|$)|:(?=\s)|(?<=\s)(?:[a-zđ]|\(\d{1,2}\))\)?(?=\s)(?<=\))")
_LABEL = re.compile(r"(?:^|(?<=[\s(;|.\-–]))(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)(?:\s*,\s*đơn\s+vị)?\s+)?"
                    r"(?P<l>chủ\s+trì(?:\s+[^\W\d]+){0,5}?|phối\s+hợp(?:\s+[^\W\d]+){0,5}?|thực\s+hiện|"
                    r"tiếp\s+nhận|giải\s+quyết|tham\s+mưu|kính\s+gửi|nơi\s+nhận|nơi\s+nộp(?:\s+hồ\s+sơ)?)"
                    r"\s*:")
_LABEL_ROLES = {"chủ trì": "chủ trì", "chủ trì thực hiện": "chủ trì", "phối hợp": "phối hợp",
                "phối hợp thực hiện": "phối hợp", "thực hiện": "thực hiện", "tiếp nhận": "thực hiện",
                "giải quyết": "thực hiện", "tham mưu": "thực hiện", "kính gửi": "nhận", "nơi nhận": "nhận",
                "nơi nộp": "nhận", "nơi nộp hồ sơ": "nhận"}
def _label_role(label: str) -> str:
    label = " ".join(label.split())
    if label.startswith("chủ trì"):
        return "chủ trì"
    if label.startswith("phối hợp"):
        return "phối hợp"
    return _LABEL_ROLES.get(label, "thực hiện")


_END_ANCHOR = r"\s*(?:các\s+|cho\s+các\s+|cho\s+)?$"
_PAREN_VIA = re.compile(r"\(\s*(?:qua|thông\s+qua|gửi)\s*(?:các\s+)?$")
_PARTNER_BEFORE = re.compile(
    r"(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?|cùng\s+với|(?:^|\s)cùng|sự\s+phối\s+hợp\s+của|"
    r"phối\s+hợp\s+giữa|có\s+sự\s+tham\s+gia\s+của|sự\s+tham\s+gia\s+của|tham\s+gia\s+cùng|"
    r"phối\s+hợp\s+(?:chặt\s+chẽ\s+)?với)" + _END_ANCHOR)
_DO_BEFORE = re.compile(r"(?:^|\s)do" + _END_ANCHOR)
_PASSIVE_BEFORE = re.compile(r"(?:^|[\s(])(?:được|đã\s+được|bị)" + _END_ANCHOR)
_DUTY_OF = re.compile(r"(?:trách\s+nhiệm|nhiệm\s+vụ)(?:\s*(?:,|và)\s*(?:quyền\s+hạn|nhiệm\s+vụ|trách\s+nhiệm))?"
                      r"\s+(?:của|đối\s+với)" + _END_ANCHOR)
_DUTY_HEADING = re.compile(r"^[\s\-–+*•]*(?:(?:điều\s+\d+|[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[ivxlc]+)[.)]\s*)*"
                           r"(?:trách\s+nhiệm|nhiệm\s+vụ)")
_LEAD_OF = re.compile(r"(?:sự\s+)?chủ\s+trì\s+(?:của|bởi)" + _END_ANCHOR)
_OTHER_BEFORE = re.compile(r"(?:^|\s)(?:của|thuộc|trực\s+thuộc|bởi|theo|tại|từ|trước|đối\s+với\s+)" + _END_ANCHOR)
_RECEIVER_BEFORE = re.compile(
    r"(?:(?:^|\s)(?:gửi|nộp|chuyển|báo\s+cáo|trình|phản\s+ánh|kiến\s+nghị|đề\s+xuất|thông\s+báo|cung\s+cấp|"
    r"chia\s+sẻ|bàn\s+giao|tham\s+mưu|giúp|xin\s+ý\s+kiến|hỏi\s+ý\s+kiến|báo\s+cáo\s+kết\s+quả|"
    r"đề\s+nghị\s+với|thông\s+tin|cung\s+cấp\s+thông\s+tin|gửi\s+thông\s+tin)(?:\s+(?:lại|ngay|kịp\s+thời|"
    r"trực\s+tiếp|bằng\s+văn\s+bản|văn\s+bản|hồ\s+sơ|kết\s+quả))?(?:\s+(?:về|đến|tới|cho|lên|tại|với|đối\s+với))"
    r"?|(?:^|\s)(?:thông\s+)?qua)" + _END_ANCHOR)
_TO_BEFORE = re.compile(r"(?:^|\s)(?:về|đến|tới|lên|cho)" + _END_ANCHOR)
_SUBMIT_VERB = re.compile(r"(?:^|\s)(?:gửi|nộp|chuyển|báo\s+cáo|trình|phản\s+ánh|đề\s+xuất|kiến\s+nghị|"
                          r"cung\s+cấp|bàn\s+giao|thông\s+báo|tổng\s+hợp)(?=\s|$)")
_TRIGGER_BEFORE = re.compile(
    r"(?:^|[\s,;(:])(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|chỉ\s+đạo|ủy\s+quyền(?:\s+cho)?|uỷ\s+quyền(?:\s+cho)?|"
    r"phân\s+công(?:\s+cho)?|cử|chỉ\s+thị(?:\s+cho)?|giao\s+nhiệm\s+vụ(?:\s+cho)?|riêng|"
    r"trong\s+đó,?|kính\s+đề\s+nghị|đề\s+nghị\s+(?:các\s+)?đồng\s+chí)" + _END_ANCHOR)
_LEAD_AFTER = re.compile(r"^\s*(?:\([^)]{0,150}\)\s*)?,?\s*(?:là\s+(?:cơ\s+quan|đơn\s+vị)\s+|làm\s+cơ\s+quan\s+|"
                         r"được\s+giao\s+|được\s+phân\s+công\s+|chủ\s+động\s+|trực\s+tiếp\s+|là\s+|làm\s+)?"
                         r"(?:chủ\s+trì|đầu\s+mối|thường\s+trực|chịu\s+trách\s+nhiệm\s+chính|cơ\s+quan\s+chủ\s+trì)")
_PARTNER_AFTER = re.compile(r"^\s*(?:\([^)]{0,150}\)\s*)?,?\s*(?:có\s+trách\s+nhiệm\s+|chịu\s+trách\s+nhiệm\s+|"
                            r"là\s+(?:cơ\s+quan|đơn\s+vị)\s+)?(?:phối\s+hợp|tham\s+gia)(?!\s+(?:ý\s+kiến|góp\s+ý))")
_ISSUER_AFTER = re.compile(r"^\s*(?:\([^)]{0,150}\)\s*)?,?\s*"
                           # "X vừa có văn bản yêu cầu Y …", "X còn yêu cầu Y …", "X cũng đã chỉ đạo Y …"
                           r"(?:(?:đã|vừa|mới|còn|cũng|tiếp\s+tục|lại|này|ký)\s+){0,3}"
                           r"(?:(?:có|ký|ban\s+hành|gửi)\s+(?:văn\s+bản|công\s+văn|công\s+điện|chỉ\s+thị|quyết\s+định)"
                           r"(?:\s+số\s+\S+)?\s*,?\s*)?"
                           r"(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo|chỉ\s+thị|"
                           r"ủy\s+quyền|uỷ\s+quyền|phân\s+công|trân\s+trọng|kính\s+gửi|kính\s+đề\s+nghị)"
                           r"(?=\s|$|[,:])")
_OTHER_AFTER = re.compile(r"^\s*(?:đã|vừa|mới)?\s*(?:ban\s+hành|quy\s+định|phê\s+duyệt|ký|quyết\s+định\s+số|"
                          r"công\s+bố\s+tại)(?=\s|$|[,;:.])")
_NOT_ACT_AFTER = re.compile(r"^\s*(?:của|về|theo|tại|thuộc|trực\s+thuộc|ngày|số|năm|đã\s+được|được\s+ban|là\s+cơ"
                            r"\s+quan\s+(?:ban\s+hành|nhà\s+nước))(?=\s|$)")
_SCOPE_AFTER = re.compile(r"^\s*,?\s*(?:theo|trong\s+phạm\s+vi|căn\s+cứ)\s+(?:chức\s+năng|thẩm\s+quyền|"
                          r"nhiệm\s+vụ|lĩnh\s+vực|phạm\s+vi)")
_DUTY_LATER = re.compile(r"(?:chịu|có)\s+trách\s+nhiệm|tổ\s+chức\s+thực\s+hiện|căn\s+cứ\s+quyết\s+định\s+thi\s+hành")
_DUE_LATER = re.compile(r"(?:trước|chậm\s+nhất|muộn\s+nhất)\s+(?:ngày|tháng|quý)|hoàn\s+thành\s+(?:trước|trong|chậm)|"
                        r"\btrong\s+(?:tháng|quý)\s+\d")
_PAST_AFTER = re.compile(r"^\s*(?:đã|vừa|mới)\b")
_WORD_AFTER = re.compile(r"^\s*(?:\([^)]{0,150}\)\s*)?,?\s*[^\W\d_]")
_BULLET = re.compile(r"^[\s\-–—+*•·>]*(?:\(?(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[ivxlc]+)[.)]\s*)*[\s\-–—+*•·]*$")
_INTRO = re.compile(r"^[\s\-–+*•]*(?:\(?(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[ivxlc]+)[.)]\s*)*"
                    r"(?:(?:các\s+)?đồng\s+chí|đồng\s+thời|ngoài\s+ra|bên\s+cạnh\s+đó|trong\s+đó|riêng|đặc\s+biệt|mặt\s+khác|do\s+đó|"
                    r"đối\s+với(?:\s+các)?|"
                    r"vì\s+vậy|theo\s+đó|tiếp\s+theo|sau\s+đó|trên\s+cơ\s+sở\s+đó|sau\s+khi\s+[^,]{0,80}|"
                    r"căn\s+cứ\s+[^,]{0,200}|để\s+[^,]{0,120}|nhằm\s+[^,]{0,120}|trong\s+[^,]{0,80}|"
                    r"trường\s+hợp\s+[^,]{0,120}|khi\s+[^,]{0,100}|thực\s+hiện\s+[^,]{0,200}|"
                    r"trên\s+cơ\s+sở\s+[^,]{0,120}|hằng\s+năm|định\s+kỳ[^,]{0,40}|chậm\s+nhất\s+[^,]{0,60}|"
                    r"trước\s+ngày\s+[^,]{0,40})\s*,?\s*$")
_INTRO_START = re.compile(r"^[\s\-–+*•]*(?:\(?(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[ivxlc]+)[.)]\s*)*"
                          r"(?:căn\s+cứ|thực\s+hiện|để|nhằm|trên\s+cơ\s+sở|trong|sau\s+khi|khi|trường\s+hợp|"
                          r"hằng\s+năm|hàng\s+năm|định\s+kỳ|đồng\s+thời|ngoài\s+ra|theo|qua|từ|với|nếu|đối\s+với|"
                          r"riêng|bên\s+cạnh|chậm\s+nhất|trước\s+ngày|sau|đến|tiếp\s+theo|mặt\s+khác|do|vì)\b")
_JOINER = re.compile(r"^\s*(?:[,;/]|và|hoặc|cùng|cùng\s+với|,\s*và|,\s*hoặc)?\s*(?:các\s+|cả\s+)?$")
_PARENS = re.compile(r"\([^()]{0,150}\)")


def _runs(low: str, orgs: list[Org], bounds: list[int]) -> list[list[Org]]:
    """Mentions that follow each other joined only by commas, 'và', 'hoặc', 'cùng' (a parenthesis between
    them is skipped). After an intro clause ('Thực hiện Kế hoạch của X, Y xây dựng …') the comma ends the
    clause: Y starts a run of its own."""
    runs: list[list[Org]] = []
    for o in orgs:
        if runs:
            gap = low[runs[-1][-1].end:o.start]
            if len(gap) < 200:
                if "(" in gap:
                    gap = _PARENS.sub(" ", gap)
                if _JOINER.match(gap) and not (
                        "," in gap and _WORD_AFTER.match(low[o.end:o.end + 40]) and
                        not _CONTINUES_LIST.match(low[o.end:o.end + 40]) and _after_intro(low, runs[-1][0], bounds)) \
                        and not (";" in gap and not _opens_clause(low, runs[-1][0], bounds)):
                    runs[-1].append(o)
                    continue
        runs.append([o])
    return runs


def _opens_clause(low: str, first: Org, bounds: list[int]) -> bool:
    """The mention begins its clause ('Chánh Văn phòng UBND tỉnh; Giám đốc Sở …' lists subjects across ';'); one
    deep inside a clause ('… nhiệm vụ của cơ quan, đơn vị; UBND các xã …') ends its list at the ';'."""
    k = bisect.bisect_right(bounds, first.start) - 1
    head = low[bounds[k] if k >= 0 else 0:first.start]
    return bool(_BULLET.match(head) or _INTRO.match(head) or _TRIGGER_BEFORE.search(head.rstrip()[-90:]))


_CONTINUES_LIST = re.compile(r"^\s*(?:và|hoặc|cùng|có\s+liên\s+quan|liên\s+quan)\b")


def _after_intro(low: str, first: Org, bounds: list[int]) -> bool:
    """The mention sits in an intro clause ('Căn cứ …', 'Thực hiện … của X')."""
    k = bisect.bisect_right(bounds, first.start) - 1
    cs = bounds[k] if k >= 0 else 0
    clause = low[cs:first.start]
    return bool(_INTRO_START.match(clause)) and not clause.lstrip(" -–+*•").startswith("căn cứ") and \
        bool(_OTHER_BEFORE.search(clause.rstrip()))


def _org_soon(orgs: list[Org], pos: int, low: str) -> bool:
    """An issuer's verb is followed by the body it addresses ('UBND tỉnh yêu cầu các sở …')."""
    for o in orgs:
        if o.start >= pos:
            gap = low[pos:o.start]
            return len(gap) <= 25 and ";" not in gap and "." not in gap
    return False


def _run_role(low: str, run: list[Org], orgs: list[Org], bounds: list[int], labels: list) -> str:
    first, last = run[0], run[-1]
    k = bisect.bisect_right(bounds, first.start) - 1
    cs = bounds[k] if k >= 0 else 0
    before = low[max(cs, first.start - 160):first.start]
    before_s = before.rstrip()[-90:]  # the cue words sit right before the mention
    after = low[last.end:last.end + 160]
    m = _CLAUSE_END.search(after)
    after_clause = after[:m.start()] if m and not after.startswith(":") else after
    if _PAREN_VIA.search(before_s):
        return "nhận"
    if _PARTNER_BEFORE.search(before_s):
        return "phối hợp"
    # a label before the mention: "Cơ quan chủ trì: …", "Phối hợp: …", "Kính gửi: …"
    lab = None
    for _start, b, role in labels:
        if b <= first.start and "." not in low[b:first.start]:
            lab = role
    if lab is not None and (before_s.endswith(":") or _BULLET.match(before) or _JOINER.match(before)):
        return lab
    if _DO_BEFORE.search(before_s):
        if _LEAD_AFTER.match(after_clause):
            return "chủ trì"
        if _OTHER_AFTER.match(after_clause):
            return "khác"
        return "thực hiện"
    if _PASSIVE_BEFORE.search(before_s):
        return "chủ trì" if _LEAD_AFTER.match(after_clause) else "khác"
    if _DUTY_OF.search(before_s):
        if _LEAD_AFTER.match(after_clause):
            return "chủ trì"
        if _DUTY_HEADING.match(before) or "trách nhiệm" in before_s[-30:]:
            return "thực hiện"
        return "khác"
    if _LEAD_OF.search(before_s):
        return "chủ trì"
    if lab is not None:
        return lab
    if _RECEIVER_BEFORE.search(before_s):
        return "nhận"
    if _OTHER_BEFORE.search(before_s) and not _TRIGGER_BEFORE.search(before_s):
        return "khác"
    if _TO_BEFORE.search(before_s) and _SUBMIT_VERB.search(before_s):
        return "nhận"
    if _TRIGGER_BEFORE.search(before_s):
        if _LEAD_AFTER.match(after_clause):
            return "chủ trì"
        if _PARTNER_AFTER.match(after_clause):
            return "phối hợp"
        return "thực hiện"
    # the subject of its clause: nothing before it but a bullet, an intro word or an intro clause
    clause = low[cs:first.start]
    subject = bool(_BULLET.match(clause) or _INTRO.match(clause))
    if not subject:
        c = clause.rfind(",")
        subject = c >= 0 and bool(_BULLET.match(clause[c + 1:])) and bool(_INTRO_START.match(clause)) and \
            not _OTHER_BEFORE.search(clause[:c].rstrip()) or False
    if subject:
        if _LEAD_AFTER.match(after_clause):
            return "chủ trì"
        if _PARTNER_AFTER.match(after_clause):
            return "phối hợp"
        iss = _ISSUER_AFTER.match(after_clause)
        if iss and _org_soon(orgs, last.end + iss.end(), low):
            return "khác"
        if after_clause.lstrip().startswith(":") or after.lstrip().startswith(":"):
            return "thực hiện"
        if not after_clause.strip() and after.lstrip().startswith(";"):
            # "Chánh Văn phòng UBND tỉnh; Giám đốc Sở …; các tổ chức … chịu trách nhiệm thi hành"
            rest = low[last.end:last.end + 300].split(".", 1)[0]
            if _DUTY_LATER.search(rest):
                return "thực hiện"
        if _SCOPE_AFTER.match(after_clause):
            return "thực hiện"  # "Sở Y tế theo chức năng, nhiệm vụ được giao chủ động triển khai"
        if _NOT_ACT_AFTER.match(after_clause) or _OTHER_AFTER.match(after_clause):
            if _DUTY_LATER.search(after_clause) or (_OTHER_AFTER.match(after_clause) and _DUE_LATER.search(after_clause)
                                                     and not _PAST_AFTER.match(after_clause)):
                return "thực hiện"  # "(1) Thanh tra Chính phủ ban hành trước ngày 25 tháng 11 năm 2025"
            return "khác"
        if _WORD_AFTER.match(after_clause):
            return "thực hiện"
    if _LEAD_AFTER.match(after_clause):
        return "chủ trì"
    if _PARTNER_AFTER.match(after_clause) and not _OTHER_BEFORE.search(before_s):
        return "phối hợp"
    return "khác"

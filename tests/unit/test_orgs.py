"""corpus.orgs: organisations and office-holders named in a sentence, their canonical names and roles.

The sentences follow the forms of real directives of ministries, provinces, districts and communes (2010–2025):
Chỉ thị/Quyết định/Kế hoạch/Công văn of the Prime Minister, Bộ Nội vụ, Văn phòng Chính phủ, provinces (Đắk Lắk,
Nghệ An, Lạng Sơn, Hải Phòng, Tuyên Quang, Kon Tum, Bình Định, Gia Lai, Hà Giang, Hậu Giang, Cần Thơ …), district
and commune People's Committees. Each case can fail: a name cut short, a name run on, a word that is no body, a role.
"""
from __future__ import annotations

from itertools import pairwise

import pytest

from corpus.orgs import Org, canonical, expand_list, find_orgs, roles
from corpus.text import fold


def names(text: str) -> list[str]:
    return [o.name for o in find_orgs(text)]


def _id(value: object) -> str | None:
    """Readable test ids: the sentence without diacritics, cut short."""
    return fold(value)[:60] if isinstance(value, str) else None


# ---------------------------------------------------------------------------------------------------------------
# Names: every mention, canonical, in order.

NAME_CASES = [
    # ministries and national bodies
    ("Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính hướng dẫn thực hiện.", ["Bộ Nội vụ", "Bộ Tài chính"]),
    ("Bộ Giáo dục và Đào tạo có trách nhiệm hướng dẫn các địa phương.", ["Bộ Giáo dục và Đào tạo", "Các địa phương"]),
    ("Bộ Lao động - Thương binh và Xã hội tổng hợp, báo cáo Thủ tướng Chính phủ.",
     ["Bộ Lao động - Thương binh và Xã hội", "Thủ tướng Chính phủ"]),
    ("Bộ Văn hóa, Thể thao và Du lịch chủ trì tổ chức hội nghị.", ["Bộ Văn hóa, Thể thao và Du lịch"]),
    ("Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Chỉ thị này.", ["Văn phòng Chính phủ"]),
    ("Cục Kiểm soát thủ tục hành chính thuộc Văn phòng Chính phủ hướng dẫn nghiệp vụ.",
     ["Cục Kiểm soát thủ tục hành chính thuộc Văn phòng Chính phủ"]),
    ("Vụ Tổ chức - Biên chế thuộc Bộ Nội vụ tổng hợp đề xuất của các bộ, ngành.",
     ["Vụ Tổ chức - Biên chế thuộc Bộ Nội vụ", "Các bộ, ngành"]),
    ("Vụ Tổ chức phi chính phủ có trách nhiệm thẩm định hồ sơ.", ["Vụ Tổ chức phi chính phủ"]),
    ("Cục Văn thư và Lưu trữ nhà nước hướng dẫn các cơ quan lưu trữ thực hiện.",
     ["Cục Văn thư và Lưu trữ nhà nước", "Các cơ quan lưu trữ"]),
    ("Ban Tuyên giáo và Dân vận Trung ương phối hợp tuyên truyền.", ["Ban Tuyên giáo và Dân vận Trung ương"]),
    ("Ngân hàng nhà nước khu vực XII phối hợp với Chi cục Hải quan khu vực V.",
     ["Ngân hàng nhà nước khu vực XII", "Chi cục Hải quan khu vực V"]),
    ("Thanh tra Chính phủ, Kiểm toán nhà nước và Bảo hiểm xã hội Việt Nam phối hợp thực hiện.",
     ["Thanh tra Chính phủ", "Kiểm toán nhà nước", "Bảo hiểm xã hội Việt Nam"]),
    ("Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam tăng cường thông tin.",
     ["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"]),
    ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam giám sát việc thực hiện.",
     ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]),
    ("Tổng cục Thuế hướng dẫn cơ quan thuế các cấp.", ["Tổng cục Thuế", "Cơ quan thuế các cấp"]),
    ("Căn cứ Kết luận số 174-KL/TW của Bộ Chính trị, Ban Bí thư về tổ chức bộ máy.", ["Bộ Chính trị", "Ban Bí thư"]),
    ("Ủy ban Thường vụ Quốc hội ban hành Nghị quyết về sắp xếp đơn vị hành chính.",
     ["Ủy ban Thường vụ Quốc hội"]),
    ("Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 "
     "họp phiên thứ ba.",
     ["Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06"]),
    ("Tập đoàn Điện lực Việt Nam và Tổng công ty Bưu điện Việt Nam phối hợp.",
     ["Tập đoàn Điện lực Việt Nam", "Tổng công ty Bưu điện Việt Nam"]),
    # provincial bodies
    ("Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu UBND tỉnh.",
     ["Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân tỉnh"]),
    ("Sở Tài chính thúc đẩy giải ngân vốn đầu tư công.", ["Sở Tài chính"]),
    ("Sở Khoa học và Công nghệ tỉnh Lạng Sơn tiếp nhận hồ sơ.", ["Sở Khoa học và Công nghệ tỉnh Lạng Sơn"]),
    ("Sở Nông nghiệp và Môi trường chủ trì thẩm định.", ["Sở Nông nghiệp và Môi trường"]),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau công bố thủ tục.", ["Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau"]),
    ("Văn phòng Ủy ban nhân dân tỉnh theo dõi, tổng hợp.", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Giám đốc Công an tỉnh chịu trách nhiệm thi hành.",
     ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Công an tỉnh"]),
    ("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ và trả kết quả.",
     ["Trung tâm Phục vụ hành chính công tỉnh"]),
    ("Trung tâm Chuyển đổi số Thành phố chủ trì, phối hợp với Công an Thành phố.",
     ["Trung tâm Chuyển đổi số Thành phố", "Công an Thành phố"]),
    ("Ban quản lý Khu Kinh tế Phú Yên và Ban Quản lý các Khu công nghiệp tỉnh tham gia ý kiến.",
     ["Ban quản lý Khu Kinh tế Phú Yên", "Ban Quản lý các Khu công nghiệp tỉnh"]),
    ("Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh bảo đảm an ninh trật tự.", ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh"]),
    ("Ban Chỉ huy Quân sự huyện phối hợp với Công an huyện.", ["Ban Chỉ huy Quân sự huyện", "Công an huyện"]),
    ("Kho bạc Nhà nước khu vực XIII kiểm soát chi.", ["Kho bạc Nhà nước khu vực XIII"]),
    ("Thuế tỉnh Đắk Lắk hướng dẫn người nộp thuế.", ["Thuế tỉnh Đắk Lắk"]),
    ("Thống kê tỉnh cung cấp số liệu.", ["Thống kê tỉnh"]),
    ("Bảo hiểm xã hội tỉnh phối hợp với Liên đoàn Lao động tỉnh.",
     ["Bảo hiểm xã hội tỉnh", "Liên đoàn Lao động tỉnh"]),
    ("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh và Hội Nông dân tỉnh tuyên truyền.",
     ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"]),
    ("Ủy ban MTTQ Việt Nam tỉnh giám sát.", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ("Báo và Phát thanh, Truyền hình tỉnh mở chuyên mục.", ["Báo và Phát thanh, Truyền hình tỉnh"]),
    ("Hiệp hội Doanh nghiệp tỉnh tham gia góp ý.", ["Hiệp hội Doanh nghiệp tỉnh"]),
    ("Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai có trách nhiệm cung cấp thông tin.",
     ["Văn phòng đăng ký đất đai", "Chi nhánh Văn phòng đăng ký đất đai"]),
    ("Trường Chính trị tỉnh tổ chức bồi dưỡng.", ["Trường Chính trị tỉnh"]),
    ("Bệnh viện Đa khoa tỉnh bố trí cán bộ.", ["Bệnh viện Đa khoa tỉnh"]),
    ("Tòa án nhân dân tỉnh và Viện kiểm sát nhân dân tỉnh phối hợp.",
     ["Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh"]),
    ("Thường trực HĐND tỉnh giám sát việc giải quyết kiến nghị cử tri.", ["Thường trực Hội đồng nhân dân tỉnh"]),
    ("Quỹ Đầu tư phát triển tỉnh cho vay.", ["Quỹ Đầu tư phát triển tỉnh"]),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh ban hành Kế hoạch.", ["Ủy ban nhân dân Thành phố Hồ Chí Minh"]),
    ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu chỉ đạo.", ["Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"]),
    # district and commune bodies
    ("Phòng Nội vụ chủ trì, phối hợp với Phòng Tài chính - Kế hoạch.", ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"]),
    ("Phòng Văn hóa - Xã hội, Phòng Kinh tế có trách nhiệm rà soát.", ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế"]),
    ("Văn phòng HĐND và UBND huyện tổng hợp.", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]),
    ("Văn phòng HĐND - UBND cấp xã có trách nhiệm tổng hợp.",
     ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân cấp xã"]),
    ("UBND các xã, thị trấn báo cáo kết quả về UBND huyện.",
     ["Ủy ban nhân dân các xã, thị trấn", "Ủy ban nhân dân huyện"]),
    ("Ủy ban nhân dân các xã, phường, đặc khu triển khai thực hiện.", ["Ủy ban nhân dân các xã, phường, đặc khu"]),
    ("Chủ tịch UBND các xã, phường chịu trách nhiệm trước Chủ tịch UBND tỉnh.",
     ["Chủ tịch Ủy ban nhân dân các xã, phường", "Chủ tịch Ủy ban nhân dân tỉnh"]),
    ("Giao Công an xã phối hợp với công chức Tư pháp - Hộ tịch.", ["Công an xã", "Công chức Tư pháp - Hộ tịch"]),
    ("Bộ phận tiếp nhận và trả kết quả của UBND xã tiếp nhận hồ sơ.",
     ["Bộ phận tiếp nhận và trả kết quả", "Ủy ban nhân dân xã"]),
    ("Bộ phận Một cửa cấp xã hướng dẫn người dân.", ["Bộ phận Một cửa cấp xã"]),
    ("Trung tâm Y tế huyện (Cơ quan Thường trực Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện) chủ trì.",
     ["Trung tâm Y tế huyện", "Cơ quan Thường trực Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện"]),
    ("Ủy ban nhân dân xã Xuân Phú ban hành Quy chế làm việc.", ["Ủy ban nhân dân xã Xuân Phú"]),
    ("Ủy ban nhân dân phường 5 thực hiện.", ["Ủy ban nhân dân phường 5"]),
    ("Cơ quan chuyên môn tham mưu quản lý nhà nước về lĩnh vực tổ chức bộ máy thuộc Ủy ban nhân dân cấp xã "
     "thực hiện.",
     ["Cơ quan chuyên môn tham mưu quản lý nhà nước về lĩnh vực tổ chức bộ máy thuộc Ủy ban nhân dân cấp xã"]),
    ("Tổ công tác cải cách thủ tục hành chính của tỉnh kiểm tra.", ["Tổ công tác cải cách thủ tục hành chính"]),
    ("Thành lập Đoàn kiểm tra liên ngành của tỉnh.", ["Đoàn kiểm tra liên ngành"]),
    ("Hội đồng thẩm định giá đất tỉnh họp định kỳ.", ["Hội đồng thẩm định giá đất tỉnh"]),
    ("Đảng ủy xã lãnh đạo, Ủy ban nhân dân xã tổ chức thực hiện.", ["Đảng ủy xã", "Ủy ban nhân dân xã"]),
    # groups
    ("Yêu cầu Thủ trưởng các sở, ban, ngành triển khai.", ["Thủ trưởng các sở, ban, ngành"]),
    ("Các sở, ban, ngành tỉnh và UBND các huyện, thị xã, thành phố thực hiện.",
     ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ rà soát thủ tục.",
     ["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"]),
    ("Các bộ, ngành, địa phương gửi báo cáo trước ngày 30/9/2025.", ["Các bộ, ngành, địa phương"]),
    ("Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Bộ Nội vụ chịu trách nhiệm thi hành.",
     ["Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Bộ Nội vụ"]),
    ("Các cơ quan chuyên môn thuộc UBND tỉnh thực hiện.", ["Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh"]),
    ("Các đơn vị sự nghiệp công lập thuộc Sở tự bảo đảm chi thường xuyên.",
     ["Các đơn vị sự nghiệp công lập thuộc Sở"]),
    ("Người đứng đầu cơ quan, đơn vị chịu trách nhiệm.", ["Người đứng đầu cơ quan, đơn vị"]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo.",
     ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Các cơ quan, đơn vị, địa phương có liên quan phối hợp.", ["Các cơ quan, đơn vị, địa phương có liên quan"]),
    ("Phối hợp với các phòng chuyên môn thuộc UBND huyện.", ["Các phòng chuyên môn thuộc Ủy ban nhân dân huyện"]),
    ("Lãnh đạo UBND cấp xã trực tiếp đối thoại.", ["Lãnh đạo Ủy ban nhân dân cấp xã"]),
    ("Chuyên viên Phòng Kinh tế thẩm định hồ sơ.", ["Chuyên viên Phòng Kinh tế"]),
    ("Trưởng Công an xã, thị trấn báo cáo.", ["Trưởng Công an xã, thị trấn"]),
    # office-holders
    ("Bộ trưởng Bộ Tư pháp ký ban hành.", ["Bộ trưởng Bộ Tư pháp"]),
    ("Xét đề nghị của Giám đốc Sở Tư pháp tại Tờ trình số 45/TTr-STP.", ["Giám đốc Sở Tư pháp"]),
    ("Phó Chủ tịch UBND tỉnh phụ trách lĩnh vực chỉ đạo.", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"]),
    ("Bộ trưởng Bộ Quốc phòng Phan Văn Giang dự họp.", ["Bộ trưởng Bộ Quốc phòng"]),
    ("Vụ trưởng Vụ Kế hoạch - Tài chính chịu trách nhiệm.", ["Vụ trưởng Vụ Kế hoạch - Tài chính"]),
    ("Chánh Văn phòng Bộ trình Bộ trưởng.", ["Chánh Văn phòng Bộ", "Bộ trưởng"]),
    ("Trưởng Ban Dân vận Trung ương phát biểu.", ["Trưởng Ban Dân vận Trung ương"]),
    ("Thủ tướng Chính phủ yêu cầu các bộ khẩn trương.", ["Thủ tướng Chính phủ", "Các bộ"]),
    ("Phó Thủ tướng Chính phủ chủ trì cuộc họp.", ["Phó Thủ tướng Chính phủ"]),
    ("Tổng Giám đốc Bảo hiểm xã hội Việt Nam chỉ đạo.", ["Tổng Giám đốc Bảo hiểm xã hội Việt Nam"]),
    ("Giám đốc Trung tâm Phục vụ hành chính công thành phố Hà Nội ban hành Quyết định.",
     ["Giám đốc Trung tâm Phục vụ hành chính công thành phố Hà Nội"]),
    ("Chủ nhiệm Ủy ban Xã hội của Quốc hội dự.", ["Chủ nhiệm Ủy ban Xã hội của Quốc hội"]),
    # more forms from other letters
    ("CÔNG BỐ THỦ TỤC THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI, UBND CẤP HUYỆN VÀ "
     "UBND CẤP XÃ", ["Sở Lao động - Thương binh và Xã hội", "Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã"]),
    ("Hướng dẫn chức năng của Sở Nội vụ thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương và Phòng Nội vụ "
     "thuộc Ủy ban nhân dân huyện, quận, thị xã.",
     ["Sở Nội vụ thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương",
      "Phòng Nội vụ thuộc Ủy ban nhân dân huyện, quận, thị xã"]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội phối hợp tuyên truyền.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội"]),
    ("Công chức Văn phòng - Thống kê tổng hợp, báo cáo Chủ tịch UBND xã.",
     ["Công chức Văn phòng - Thống kê", "Chủ tịch Ủy ban nhân dân xã"]),
    ("Ban Thường vụ Tỉnh ủy, Thường trực HĐND tỉnh, UBND tỉnh đã ban hành các văn bản.",
     ["Ban Thường vụ Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]),
    ("Cục Thuế tỉnh phối hợp với Kho bạc Nhà nước tỉnh và Ngân hàng Nhà nước chi nhánh tỉnh.",
     ["Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh"]),
    ("Ban Quản lý dự án đầu tư xây dựng huyện là chủ đầu tư.", ["Ban Quản lý dự án đầu tư xây dựng huyện"]),
    ("Trung tâm Văn hóa - Thông tin và Thể thao huyện xây dựng chương trình.",
     ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"]),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh phối hợp với UBND các xã.",
     ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Ủy ban nhân dân các xã"]),
    ("Chủ tịch UBND huyện giao Trưởng phòng Tư pháp chủ trì.",
     ["Chủ tịch Ủy ban nhân dân huyện", "Trưởng phòng Tư pháp"]),
    ("Thành lập Tổ giúp việc Ban Chỉ đạo cải cách hành chính tỉnh.",
     ["Tổ giúp việc Ban Chỉ đạo cải cách hành chính tỉnh"]),
    ("Trung tâm Kiểm soát bệnh tật tỉnh hướng dẫn các Trung tâm Y tế huyện.",
     ["Trung tâm Kiểm soát bệnh tật tỉnh", "Các Trung tâm Y tế huyện"]),
    ("Các sở ngành liên quan và Viện Nghiên cứu phát triển Thành phố phối hợp.",
     ["Các sở ngành liên quan", "Viện Nghiên cứu phát triển Thành phố"]),
    ("Phòng TC thuộc Sở AH có địa chỉ thư điện tử riêng.", ["Phòng Tài chính thuộc Sở AH"]),
    ("Căn cứ Thông tư của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn nghiệp vụ.",
     ["Bộ trưởng", "Chủ nhiệm Văn phòng Chính phủ"]),
    ("Thanh tra tỉnh, Thanh tra Sở Xây dựng kiểm tra việc chấp hành.", ["Thanh tra tỉnh", "Thanh tra Sở Xây dựng"]),
    ("Công ty Điện lực tỉnh bảo đảm cấp điện.", ["Công ty Điện lực tỉnh"]),
    ("Thứ trưởng Bộ Y tế chủ trì cuộc họp.", ["Thứ trưởng Bộ Y tế"]),
    ("Ban Thi đua - Khen thưởng tỉnh thẩm định hồ sơ.", ["Ban Thi đua - Khen thưởng tỉnh"]),
    ("Hội đồng Thi đua - Khen thưởng huyện họp xét.", ["Hội đồng Thi đua - Khen thưởng huyện"]),
    ("Thành đoàn, Hội Cựu chiến binh thành phố tham gia.", ["Thành đoàn", "Hội Cựu chiến binh thành phố"]),
    ("Trung tâm Công nghệ thông tin và Truyền thông tỉnh hỗ trợ kỹ thuật.",
     ["Trung tâm Công nghệ thông tin và Truyền thông tỉnh"]),
    ("Ủy ban Dân tộc phối hợp với các địa phương.", ["Ủy ban Dân tộc", "Các địa phương"]),
    ("Chi cục Thuế khu vực XV hướng dẫn hộ kinh doanh.", ["Chi cục Thuế khu vực XV"]),
    ("Ban Pháp chế HĐND tỉnh thẩm tra.", ["Ban Pháp chế Hội đồng nhân dân tỉnh"]),
    ("Chủ tịch UBND xã phân công công chức Địa chính - Xây dựng thực hiện.",
     ["Chủ tịch Ủy ban nhân dân xã", "Công chức Địa chính - Xây dựng"]),
    ("Đoàn đại biểu Quốc hội tỉnh tiếp xúc cử tri.", ["Đoàn đại biểu Quốc hội tỉnh"]),
    ("Trường Đại học Luật Hà Nội phối hợp tổ chức.", ["Trường Đại học Luật Hà Nội"]),
    ("Ủy ban nhân dân đặc khu Phú Quốc triển khai.", ["Ủy ban nhân dân đặc khu Phú Quốc"]),
    ("Cán bộ, công chức, viên chức phải chấp hành nghiêm.", []),
    ("BCĐ CCHC tỉnh họp định kỳ hằng quý.", ["Ban Chỉ đạo cải cách hành chính tỉnh"]),
]


@pytest.mark.parametrize("text, expected", NAME_CASES, ids=_id)
def test_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# ---------------------------------------------------------------------------------------------------------------
# Abbreviations and canonical names.

CANONICAL_CASES = [
    ("STC", "Sở Tài chính"),
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Sở KH & CN", "Sở Khoa học và Công nghệ"),
    ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("BCĐ CCHC tỉnh", "Ban Chỉ đạo cải cách hành chính tỉnh"),
    ("CA tỉnh", "Công an tỉnh"),
    ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh"),
    ("UBND các xã, phường", "Ủy ban nhân dân các xã, phường"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
    ("Phòng VH-XH", "Phòng Văn hóa - Xã hội"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("Ban CHQS huyện", "Ban Chỉ huy Quân sự huyện"),
    ("Uỷ ban nhân dân huyện", "Ủy ban nhân dân huyện"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("TT HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh"),
    ("Ủy ban MTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
    ("BNV", "Bộ Nội vụ"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("KBNN", "Kho bạc Nhà nước"),
    ("UBND TP Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("Văn phòng HĐND&UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"),
    ("Cục KSTTHC", "Cục Kiểm soát thủ tục hành chính"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
]


@pytest.mark.parametrize("written, expected", CANONICAL_CASES, ids=_id)
def test_canonical(written: str, expected: str) -> None:
    assert canonical(written) == expected


def test_abbreviation_in_a_sentence_is_written_out() -> None:
    assert names("Đề nghị STC, SNV phối hợp với CA tỉnh.") == ["Sở Tài chính", "Sở Nội vụ", "Công an tỉnh"]


@pytest.mark.parametrize("text", [
    "Theo Tờ trình số 1494/TTr-SNV ngày 28/6/2018.",
    "Quyết định số 123/QĐ-UBND ngày 01/7/2025.",
    "Công văn số 2231/SNV-CCHC&PC ngày 28/9/2018.",
    "Thông tư số 39/2017/TT-BTTTT.",
])
def test_codes_in_document_numbers_are_no_mentions(text: str) -> None:
    assert find_orgs(text) == []


# ---------------------------------------------------------------------------------------------------------------
# Lists that share one head.

EXPAND_CASES = [
    ("các Sở: Tư pháp, Nội vụ, Tài chính", ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]),
    ("Sở Tư pháp, Sở Nội vụ và Công an tỉnh", ["Sở Tư pháp", "Sở Nội vụ", "Công an tỉnh"]),
    ("Các Sở Tư pháp, Nội vụ và Tài chính phối hợp", ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]),
    ("các Bộ: Công an, Quốc phòng, Ngoại giao", ["Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao"]),
    ("Giám đốc các Sở: Xây dựng, Y tế", ["Giám đốc Sở Xây dựng", "Giám đốc Sở Y tế"]),
    ("Chủ tịch, Phó Chủ tịch UBND tỉnh", ["Chủ tịch Ủy ban nhân dân tỉnh", "Phó Chủ tịch Ủy ban nhân dân tỉnh"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
    ("Bộ Giáo dục và Đào tạo", ["Bộ Giáo dục và Đào tạo"]),
    ("Sở Tư pháp và Sở Tài chính", ["Sở Tư pháp", "Sở Tài chính"]),
]


@pytest.mark.parametrize("text, expected", EXPAND_CASES, ids=_id)
def test_expand_list(text: str, expected: list[str]) -> None:
    assert expand_list(text) == expected


def test_a_shared_head_list_is_one_mention_with_members() -> None:
    [org] = find_orgs("Các Sở: Tư pháp, Nội vụ, Tài chính có trách nhiệm hướng dẫn.")
    assert org.text == "Các Sở: Tư pháp, Nội vụ, Tài chính"
    assert org.members == ("Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính")
    assert expand_list(org) == ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]
    assert not org.group  # a closed list, not an open group


def test_expand_list_of_a_single_mention() -> None:
    [org] = find_orgs("Sở Tài chính chủ trì.")
    assert expand_list(org) == ["Sở Tài chính"]


# ---------------------------------------------------------------------------------------------------------------
# Words that are not organisations.

NEGATIVE_CASES = [
    "Sở dĩ kết quả chưa cao là do nhận thức còn hạn chế.",
    "Ban hành kèm theo Quyết định này Quy chế làm việc.",
    "Ban đầu, việc triển khai còn lúng túng.",
    "Bộ chỉ số đánh giá kết quả cải cách hành chính được sửa đổi.",
    "Một bộ phận người dân chưa quan tâm đến dịch vụ công trực tuyến.",
    "Công tác phòng chống tham nhũng được tăng cường.",
    "Phòng, chống dịch bệnh là nhiệm vụ trọng tâm.",
    "Kinh phí mua văn phòng phẩm được bố trí trong dự toán.",
    "Hội nghị trực tuyến được tổ chức vào ngày 15/12.",
    "Hội thảo khoa học về chuyển đổi số.",
    "Tổ chức thực hiện",
    "Cơ quan chủ trì có trách nhiệm tổng hợp ý kiến.",
    "Nhiệm vụ trọng tâm năm 2025 là chuyển đổi số.",
    "Trường hợp hồ sơ chưa hợp lệ thì trả lại.",
    "Báo cáo kết quả thực hiện gửi trước ngày 20/12.",
    "Bộ hồ sơ gồm 02 bản.",
    "Cơ sở dữ liệu quốc gia về dân cư được kết nối.",
    "Toàn bộ cán bộ, công chức phải kê khai.",
    "Thị trường bất động sản phục hồi.",
    "Số liệu thống kê được cập nhật hằng tháng.",
    "Thanh tra, kiểm tra việc chấp hành pháp luật.",
    "Bảo hiểm xã hội bắt buộc được đóng hằng tháng.",
    "Xây dựng Chính phủ điện tử, chính quyền số.",
    "Quỹ đất dành cho tái định cư được bố trí.",
    "Phấn đấu đến năm 2030 trở thành trung tâm kinh tế.",
    "Đoàn kết, thống nhất trong toàn hệ thống chính trị.",
    "Hội viên được tham gia sinh hoạt định kỳ.",
    "Công an nhân dân là lực lượng nòng cốt.",
    "Hỗ trợ người dân ở sở tại.",
    "Phòng họp trực tuyến được trang bị.",
    "Môi trường đầu tư thông thoáng.",
    "Hội đủ điều kiện thì được xét.",
]


@pytest.mark.parametrize("text", NEGATIVE_CASES, ids=_id)
def test_not_an_organisation(text: str) -> None:
    assert names(text) == []


def test_cơ_quan_alone_is_no_mention_but_cơ_quan_thuế_is() -> None:
    assert names("Cơ quan, tổ chức, cá nhân có liên quan.") == ["Cơ quan, tổ chức"]
    assert names("Phối hợp với cơ quan Thuế.") == ["Cơ quan Thuế"]
    assert names("Gửi cho cơ quan.") == []


# ---------------------------------------------------------------------------------------------------------------
# Typed without diacritics, in lower case, in capitals.

CASELESS_CASES = [
    ("so tai chinh phai lam gi", ["Sở Tài chính"]),
    ("Cho hỏi sở tư pháp làm gì?", ["Sở Tư pháp"]),
    ("Cho hỏi bộ tài liệu gồm những gì?", []),
    ("Phối hợp với sở Tư pháp.", ["Sở Tư pháp"]),
    ("bo tu phap chu tri viec gi", ["Bộ Tư pháp"]),
    ("cong an tinh phoi hop voi ai", ["Công an tỉnh"]),
    ("sở tư pháp phải làm gì", ["Sở Tư pháp"]),
    ("SỞ TƯ PHÁP CHỦ TRÌ", ["Sở Tư pháp"]),
    ("ubnd cac xa, phuong bao cao khi nao", ["Ủy ban nhân dân các xã, phường"]),
    ("van phong ubnd tinh lam gi", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Sở tài chính phải làm gì?", ["Sở Tài chính"]),
    ("ai chủ trì, sở nội vụ hay sở tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("trung tam phuc vu hanh chinh cong tiep nhan ho so", ["Trung tâm Phục vụ hành chính công"]),
    ("so kh&cn lam gi", ["Sở Khoa học và Công nghệ"]),
    ("stc can bao cao gi", ["Sở Tài chính"]),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", ["Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"]),
    ("Sở Tài Chính Phải Làm Gì", ["Sở Tài chính"]),
    ("so du lieu nay la gi", []),
    ("bao cao so lieu thong ke", []),
]


@pytest.mark.parametrize("text, expected", CASELESS_CASES, ids=_id)
def test_caseless_and_unaccented(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# ---------------------------------------------------------------------------------------------------------------
# Spans, heads and groups.

def test_spans_point_into_the_text() -> None:
    text = "Giao Sở Tư pháp chủ trì, phối hợp với UBND các xã, phường (qua Văn phòng HĐND - UBND) thực hiện."
    orgs = find_orgs(text)
    assert [text[o.start:o.end] for o in orgs] == [o.text for o in orgs]
    assert [o.text for o in orgs] == ["Sở Tư pháp", "UBND các xã, phường", "Văn phòng HĐND - UBND"]


def test_mentions_are_in_order_and_do_not_overlap() -> None:
    text = ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
            "các tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Quyết định này.")
    orgs = find_orgs(text)
    assert all(a.end <= b.start for a, b in pairwise(orgs))
    assert [o.name for o in orgs] == ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ",
                                      "Thủ trưởng cơ quan thuộc Chính phủ",
                                      "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


@pytest.mark.parametrize("text, head, group", [
    ("Sở Tư pháp", "Sở", False),
    ("UBND tỉnh", "Ủy ban nhân dân", False),
    ("UBND các xã, phường", "Ủy ban nhân dân", True),
    ("UBND cấp xã", "Ủy ban nhân dân", True),
    ("các sở, ban, ngành", "Sở", True),
    ("Thủ trưởng các cơ quan, đơn vị", "Thủ trưởng", True),
    ("Giám đốc Sở Tư pháp", "Giám đốc", False),
    ("Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch", False),
    ("Văn phòng Chính phủ", "Văn phòng", False),
    ("Cục Thuế", "Cục", False),
    ("Ban Chỉ đạo", "Ban", False),
    ("Công an xã", "Công an", False),
    ("Chuyên viên Phòng Tư pháp", "Chuyên viên", False),
    ("Trung tâm Phục vụ hành chính công", "Trung tâm", False),
    ("Chánh Văn phòng UBND tỉnh", "Chánh Văn phòng", False),
    ("Bộ phận Một cửa", "Bộ phận", False),
])
def test_head_and_group(text: str, head: str, group: bool) -> None:
    [org] = find_orgs(text)
    assert (org.head, org.group) == (head, group)


# ---------------------------------------------------------------------------------------------------------------
# Roles.

ROLE_CASES = [
    ("Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành xây dựng kế hoạch.",
     [("Sở Nội vụ", "chủ trì"), ("Các sở, ban, ngành", "phối hợp")]),
    ("Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ và các đơn vị có liên quan công khai thủ tục.",
     [("Sở Tài chính", "chủ trì"), ("Sở Khoa học và Công nghệ", "phối hợp"),
      ("Các đơn vị có liên quan", "phối hợp")]),
    ("Nhiệm vụ này do Văn phòng UBND tỉnh chủ trì.", [("Văn phòng Ủy ban nhân dân tỉnh", "chủ trì")]),
    ("Sở Tư pháp là cơ quan chủ trì, Sở Nội vụ là cơ quan phối hợp.",
     [("Sở Tư pháp", "chủ trì"), ("Sở Nội vụ", "phối hợp")]),
    ("Sở Nội vụ là cơ quan thường trực, giúp Ban Chỉ đạo theo dõi.",
     [("Sở Nội vụ", "chủ trì"), ("Ban Chỉ đạo", "nhận")]),
    ("UBND các xã, thị trấn báo cáo kết quả gửi về UBND huyện (qua Phòng Nội vụ) trước ngày 15/12/2024.",
     [("Ủy ban nhân dân các xã, thị trấn", "thực hiện"), ("Ủy ban nhân dân huyện", "nhận"),
      ("Phòng Nội vụ", "nhận")]),
    ("Các cơ quan, đơn vị gửi báo cáo về Sở Nội vụ để tổng hợp.",
     [("Các cơ quan, đơn vị", "thực hiện"), ("Sở Nội vụ", "nhận")]),
    ("Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 20/12.",
     [("Sở Nội vụ", "thực hiện"), ("Ủy ban nhân dân tỉnh", "nhận")]),
    ("Sở Khoa học và Công nghệ và các cơ quan, đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh.",
     [("Sở Khoa học và Công nghệ", "thực hiện"), ("Các cơ quan, đơn vị có liên quan", "thực hiện"),
      ("Ủy ban nhân dân tỉnh", "nhận")]),
    ("Trình Thủ tướng Chính phủ xem xét, quyết định.", [("Thủ tướng Chính phủ", "nhận")]),
    ("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa.",
     [("Chính phủ", "khác")]),
    ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 3129/TTr-SNV.", [("Giám đốc Sở Nội vụ", "khác")]),
    ("Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường nâng cao "
     "trách nhiệm.",
     [("Chủ tịch Ủy ban nhân dân tỉnh", "khác"), ("Thủ trưởng các sở, ban, ngành", "thực hiện"),
      ("Chủ tịch Ủy ban nhân dân các xã, phường", "thực hiện")]),
    ("Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo, chỉ đạo.", [("Thường trực Tỉnh ủy", "thực hiện")]),
    ("Yêu cầu UBND các xã, thị trấn phối hợp và tổ chức thực hiện.",
     [("Ủy ban nhân dân các xã, thị trấn", "phối hợp")]),
    ("Văn phòng HĐND&UBND huyện có trách nhiệm đôn đốc, tổng hợp danh sách gửi Văn phòng UBND tỉnh.",
     [("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "thực hiện"),
      ("Văn phòng Ủy ban nhân dân tỉnh", "nhận")]),
    ("Trách nhiệm của Chủ tịch Ủy ban nhân dân cấp xã", [("Chủ tịch Ủy ban nhân dân cấp xã", "thực hiện")]),
    ("Điều 18. Trách nhiệm của Sở Khoa học và Công nghệ", [("Sở Khoa học và Công nghệ", "thực hiện")]),
    ("Điều 16. Trách nhiệm, quyền hạn của Sở Tư pháp", [("Sở Tư pháp", "thực hiện")]),
    ("Cơ quan thực hiện: Sở Khoa học và Công nghệ tỉnh Lạng Sơn.",
     [("Sở Khoa học và Công nghệ tỉnh Lạng Sơn", "thực hiện")]),
    ("Đơn vị phối hợp thực hiện: Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan.",
     [("Sở Tư pháp", "phối hợp"), ("Các cơ quan, đơn vị, địa phương liên quan", "phối hợp")]),
    ("Cơ quan chủ trì: Bộ Nội vụ.", [("Bộ Nội vụ", "chủ trì")]),
    ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương "
     "chỉ đạo thực hiện nghiêm Chỉ thị này.",
     [("Bộ trưởng", "thực hiện"), ("Thủ trưởng cơ quan ngang bộ", "thực hiện"),
      ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "thực hiện")]),
    ("Căn cứ kế hoạch kiểm tra được Ủy ban nhân dân tỉnh phê duyệt, giao Sở Tài chính ban hành quyết định kiểm tra.",
     [("Ủy ban nhân dân tỉnh", "khác"), ("Sở Tài chính", "thực hiện")]),
    ("Thực hiện Kế hoạch số 47/KH-BCĐ của Ban Chỉ đạo Chăm sóc sức khỏe nhân dân tỉnh, Phòng Y tế xây dựng "
     "kế hoạch.",
     [("Ban Chỉ đạo Chăm sóc sức khỏe nhân dân tỉnh", "khác"), ("Phòng Y tế", "thực hiện")]),
    ("Giao Trung tâm Y tế huyện chủ trì, phối hợp các đơn vị liên quan triển khai.",
     [("Trung tâm Y tế huyện", "chủ trì"), ("Các đơn vị liên quan", "phối hợp")]),
    ("Có khó khăn, vướng mắc, kịp thời báo cáo Thường trực Ủy ban nhân dân huyện xem xét.",
     [("Thường trực Ủy ban nhân dân huyện", "nhận")]),
    ("Trung tâm Chuyển đổi số Thành phố chủ trì, phối hợp với Công an Thành phố và các đơn vị có liên quan "
     "đảm bảo an toàn thông tin.",
     [("Trung tâm Chuyển đổi số Thành phố", "chủ trì"), ("Công an Thành phố", "phối hợp"),
      ("Các đơn vị có liên quan", "phối hợp")]),
    ("Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý các Khu công nghiệp tỉnh) là đầu mối tiếp nhận hồ sơ.",
     [("Các cơ quan đăng ký đầu tư", "chủ trì"), ("Sở Tài chính", "khác"),
      ("Ban Quản lý các Khu công nghiệp tỉnh", "khác")]),
    ("Kế hoạch này được thực hiện với sự phối hợp của Hội Nông dân tỉnh.", [("Hội Nông dân tỉnh", "phối hợp")]),
    ("Hồ sơ nộp tại Bộ phận Một cửa của UBND xã.", [("Bộ phận Một cửa", "nhận"), ("Ủy ban nhân dân xã", "khác")]),
    ("Hằng năm, Sở Nội vụ chủ trì đánh giá chỉ số cải cách hành chính.", [("Sở Nội vụ", "chủ trì")]),
    ("Để triển khai có hiệu quả, UBND huyện yêu cầu các cơ quan, đơn vị thực hiện tốt các nội dung sau:",
     [("Ủy ban nhân dân huyện", "khác"), ("Các cơ quan, đơn vị", "thực hiện")]),
    ("Kính gửi: Các sở, ban, ngành tỉnh; UBND các xã, phường.",
     [("Các sở, ban, ngành tỉnh", "nhận"), ("Ủy ban nhân dân các xã, phường", "nhận")]),
    ("Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành chịu trách nhiệm thi hành Quyết định này.",
     [("Chánh Văn phòng Ủy ban nhân dân tỉnh", "thực hiện"), ("Giám đốc các sở", "thực hiện"),
      ("Thủ trưởng các ban, ngành", "thực hiện")]),
    ("Phòng Tư pháp hướng dẫn, phối hợp với Phòng Nội vụ kiểm tra.",
     [("Phòng Tư pháp", "thực hiện"), ("Phòng Nội vụ", "phối hợp")]),
    ("Chỉ đạo Phòng Giáo dục và Đào tạo triển khai.", [("Phòng Giáo dục và Đào tạo", "thực hiện")]),
    ("Sở Y tế phối hợp Sở Tài chính xây dựng dự toán.",
     [("Sở Y tế", "phối hợp"), ("Sở Tài chính", "phối hợp")]),
    ("Điều 4. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Khoa học và Công nghệ; các tổ chức, cá nhân có liên "
     "quan chịu trách nhiệm thi hành Quyết định này./.",
     [("Chánh Văn phòng Ủy ban nhân dân tỉnh", "thực hiện"), ("Giám đốc Sở Khoa học và Công nghệ", "thực hiện")]),
    ("Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ.", [("Sở Nội vụ", "chủ trì")]),
    ("Thủ trưởng các cơ quan, đơn vị thuộc phạm vi quản lý của tỉnh Bắc Ninh, các cơ quan Trung ương trên địa bàn "
     "tỉnh chịu trách nhiệm thi hành Quyết định này.",
     [("Thủ trưởng các cơ quan, đơn vị", "thực hiện"), ("Các cơ quan Trung ương trên địa bàn tỉnh", "thực hiện")]),
    ("Đánh giá kết quả giải quyết kiến nghị và có đề xuất đối với UBND tỉnh.", [("Ủy ban nhân dân tỉnh", "nhận")]),
    ("Kịp thời thông tin cho Sở Tư pháp những vấn đề phát sinh.", [("Sở Tư pháp", "nhận")]),
    ("Căn cứ Thông tư số 02/2017/TT-VPCP của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn nghiệp vụ.",
     [("Bộ trưởng", "khác"), ("Chủ nhiệm Văn phòng Chính phủ", "khác")]),
    ("Sở Giáo dục và Đào tạo, Sở Y tế theo chức năng, nhiệm vụ được giao chủ động triển khai.",
     [("Sở Giáo dục và Đào tạo", "thực hiện"), ("Sở Y tế", "thực hiện")]),
    ("Yêu cầu các cơ quan, đơn vị kịp thời phản ánh về Ủy ban nhân dân tỉnh thông qua Sở Nông nghiệp và Môi trường "
     "để tổng hợp.",
     [("Các cơ quan, đơn vị", "thực hiện"), ("Ủy ban nhân dân tỉnh", "nhận"),
      ("Sở Nông nghiệp và Môi trường", "nhận")]),
    ("Nội dung phải gắn với vai trò chủ trì của Bộ Công an trong việc phối hợp với các bộ, cơ quan ngang bộ.",
     [("Bộ Công an", "chủ trì"), ("Các bộ, cơ quan ngang bộ", "phối hợp")]),
]


@pytest.mark.parametrize("text, expected", ROLE_CASES, ids=_id)
def test_roles(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(o.name, r) for o, r in roles(text)] == expected


def test_roles_accepts_the_mentions_already_found() -> None:
    text = "Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ."
    orgs = find_orgs(text)
    assert [r for _, r in roles(text, orgs)] == ["chủ trì", "phối hợp"]
    assert roles("Không có cơ quan nào.", []) == []


def test_roles_of_a_question_without_diacritics() -> None:
    assert [(o.name, r) for o, r in roles("so tai chinh chu tri, phoi hop voi so noi vu")] == [
        ("Sở Tài chính", "chủ trì"), ("Sở Nội vụ", "phối hợp")]


def test_org_is_frozen() -> None:
    [org] = find_orgs("Sở Tư pháp")
    assert isinstance(org, Org)
    with pytest.raises(AttributeError):
        org.name = "x"  # type: ignore[misc]

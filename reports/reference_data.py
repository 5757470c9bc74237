"""The seed list of categories and the demo agencies of Quảng Trị.

`load_reference_data` writes these rows by slug and code. Running it again
refreshes names, descriptions and icons; a category's order, default agency and
processing days are only seeded when it is created, since administrators tune
them afterwards in the admin. Agency names follow
the 2025 reorganisation: the transport department merged into Sở Xây dựng, the
environment department into Sở Nông nghiệp và Môi trường, labour into Sở Nội
vụ, and information and communications into Sở Khoa học và Công nghệ.
"""

from dataclasses import dataclass

from reports.models import Agency, AgencyMembership

Kind = Agency.Kind
AgencyRole = AgencyMembership.AgencyRole


@dataclass(frozen=True)
class AgencyData:
    code: str
    name: str
    kind: str
    # Names of the administrative units covered; ones not loaded are skipped.
    unit_names: tuple[str, ...] = ("Tỉnh Quảng Trị",)


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    description: str
    # The name of a symbol in static/img/category-icons.svg (see
    # reports/templatetags/category_icons.py), at most 8 characters.
    icon: str
    # Empty: no default agency, the IOC chooses one for each report.
    agency: str = ""
    days_normal: int = 7
    days_urgent: int = 1


AGENCIES = [
    AgencyData("so-xay-dung", "Sở Xây dựng", Kind.DEPARTMENT),
    AgencyData("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", Kind.DEPARTMENT),
    AgencyData("cong-an-tinh", "Công an tỉnh Quảng Trị", Kind.DEPARTMENT),
    AgencyData("so-y-te", "Sở Y tế", Kind.DEPARTMENT),
    AgencyData("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT),
    AgencyData("so-van-hoa-the-thao-du-lich", "Sở Văn hoá, Thể thao và Du lịch", Kind.DEPARTMENT),
    AgencyData("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", Kind.DEPARTMENT),
    AgencyData("so-noi-vu", "Sở Nội vụ", Kind.DEPARTMENT),
    AgencyData(
        "trung-tam-phuc-vu-hanh-chinh-cong",
        "Trung tâm Phục vụ hành chính công tỉnh",
        Kind.OTHER,
    ),
    AgencyData("dien-luc-quang-tri", "Công ty Điện lực Quảng Trị", Kind.COMPANY),
    AgencyData("cap-thoat-nuoc-quang-tri", "Công ty CP Cấp thoát nước Quảng Trị", Kind.COMPANY),
    AgencyData("ubnd-dong-ha", "UBND phường Đông Hà", Kind.COMMUNE, ("Phường Đông Hà",)),
    AgencyData(
        "ubnd-nam-dong-ha", "UBND phường Nam Đông Hà", Kind.COMMUNE, ("Phường Nam Đông Hà",)
    ),
    AgencyData("ubnd-dong-hoi", "UBND phường Đồng Hới", Kind.COMMUNE, ("Phường Đồng Hới",)),
    AgencyData("ubnd-quang-tri", "UBND phường Quảng Trị", Kind.COMMUNE, ("Phường Quảng Trị",)),
]

# Listed in display order; `order` is 10, 20, … so an admin can slot one in between.
CATEGORIES = [
    CategoryData(
        "giao-thong",
        "Giao thông",
        "Hư hỏng mặt đường, ổ gà, biển báo, đèn tín hiệu, ùn tắc, lấn chiếm lòng đường.",
        "traffic",
        "so-xay-dung",
    ),
    CategoryData(
        "trat-tu-do-thi",
        "Trật tự đô thị",
        "Lấn chiếm vỉa hè, quảng cáo sai quy định, buôn bán, đỗ xe không đúng nơi.",
        "city",
        "so-xay-dung",
    ),
    CategoryData(
        "moi-truong",
        "Môi trường",
        "Rác thải, ô nhiễm không khí, tiếng ồn, nước thải, đốt rác, xả thải trái phép.",
        "leaf",
        "so-nong-nghiep-moi-truong",
    ),
    CategoryData(
        "dien-chieu-sang",
        "Điện và chiếu sáng",
        "Mất điện, đèn đường hỏng, dây điện võng, cột điện nghiêng có nguy cơ mất an toàn.",
        "light",
        "dien-luc-quang-tri",
        days_normal=5,
    ),
    CategoryData(
        "cap-thoat-nuoc",
        "Cấp thoát nước và ngập úng",
        "Mất nước, vỡ ống, nước bẩn, cống tắc, ngập úng khi mưa.",
        "water",
        "cap-thoat-nuoc-quang-tri",
        days_normal=5,
    ),
    CategoryData(
        "cay-xanh",
        "Cây xanh",
        "Cây đổ, cành gãy, cây nghiêng nguy hiểm, chặt hạ cây xanh trái phép.",
        "tree",
        "so-xay-dung",
        days_normal=5,
    ),
    CategoryData(
        "an-ninh-trat-tu",
        "An ninh trật tự",
        "Gây rối, tụ tập đua xe, trộm cắp, tệ nạn xã hội, tín dụng đen.",
        "shield",
        "cong-an-tinh",
        days_normal=5,
    ),
    CategoryData(
        "phong-chay-chua-chay",
        "Phòng cháy, chữa cháy",
        "Nguy cơ cháy nổ, vi phạm an toàn phòng cháy, lối thoát nạn bị chặn.",
        "fire",
        "cong-an-tinh",
        days_normal=3,
    ),
    CategoryData(
        "y-te",
        "Y tế",
        "Khám chữa bệnh, thái độ phục vụ, dịch bệnh, thuốc và trang thiết bị y tế.",
        "health",
        "so-y-te",
    ),
    CategoryData(
        "giao-duc",
        "Giáo dục",
        "Trường lớp, thu chi, dạy thêm, cơ sở vật chất, an toàn trường học.",
        "school",
        "so-giao-duc-dao-tao",
        days_normal=10,
        days_urgent=2,
    ),
    CategoryData(
        "dat-dai",
        "Đất đai",
        "Lấn chiếm đất công, tranh chấp, sử dụng đất sai mục đích, khai thác cát sỏi.",
        "land",
        "so-nong-nghiep-moi-truong",
        days_normal=15,
        days_urgent=3,
    ),
    CategoryData(
        "xay-dung",
        "Xây dựng",
        "Xây dựng không phép, sai phép, công trình mất an toàn, vật liệu tràn ra đường.",
        "build",
        "so-xay-dung",
        days_normal=10,
        days_urgent=2,
    ),
    CategoryData(
        "an-toan-thuc-pham",
        "An toàn thực phẩm",
        "Thực phẩm bẩn, ngộ độc, cơ sở chế biến mất vệ sinh, hàng giả, hàng kém chất lượng.",
        "food",
        "so-y-te",
    ),
    CategoryData(
        "thien-tai",
        "Thiên tai",
        "Sạt lở, lũ lụt, triều cường, đê kè hư hỏng, người dân cần hỗ trợ khẩn cấp.",
        "flood",
        "so-nong-nghiep-moi-truong",
        days_normal=3,
    ),
    CategoryData(
        "van-hoa-du-lich",
        "Văn hoá – du lịch",
        "Di tích, lễ hội, điểm du lịch, chặt chém du khách, karaoke gây ồn.",
        "culture",
        "so-van-hoa-the-thao-du-lich",
        days_normal=10,
        days_urgent=2,
    ),
    CategoryData(
        "vien-thong-internet",
        "Viễn thông – internet",
        "Mất sóng, cáp viễn thông treo thấp, tin nhắn rác, lừa đảo qua mạng.",
        "signal",
        "so-khoa-hoc-cong-nghe",
    ),
    CategoryData(
        "nong-nghiep",
        "Nông nghiệp",
        "Thủy lợi, dịch bệnh cây trồng vật nuôi, vật tư nông nghiệp giả, chăn nuôi gây ô nhiễm.",
        "farm",
        "so-nong-nghiep-moi-truong",
        days_normal=10,
        days_urgent=2,
    ),
    CategoryData(
        "lao-dong-viec-lam",
        "Lao động – việc làm",
        "Chậm lương, bảo hiểm xã hội, an toàn lao động, chính sách người có công.",
        "worker",
        "so-noi-vu",
        days_normal=10,
        days_urgent=2,
    ),
    CategoryData(
        "dich-vu-cong",
        "Dịch vụ công – thủ tục hành chính",
        "Hồ sơ trễ hẹn, nhũng nhiễu, thái độ cán bộ, dịch vụ công trực tuyến bị lỗi.",
        "document",
        "trung-tam-phuc-vu-hanh-chinh-cong",
        days_normal=5,
    ),
    CategoryData(
        "khac",
        "Khác",
        "Những vấn đề chưa thuộc chuyên mục nào ở trên.",
        "other",
        days_normal=10,
        days_urgent=2,
    ),
]

# Demo accounts of `demo_accounts` and the agency each one works in.
DEMO_MEMBERSHIPS = [
    ("+84901000004", "so-xay-dung", AgencyRole.OFFICER),
    ("+84901000005", "ubnd-dong-ha", AgencyRole.MONITOR),
]

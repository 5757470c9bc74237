"""Vietnamese word lists the benchmark data is composed from."""

FAMILY = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Trương",
)  # fmt: skip
MIDDLE = {
    "m": ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Đình"),
    "f": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Mỹ", "Hoài"),
}
GIVEN = {
    "m": ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khoa", "Long", "Nam",
          "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Hiếu", "Lộc"),
    "f": ("Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan",
          "Linh", "Mai", "Nga", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Vân", "Yến"),
}  # fmt: skip

STREETS = (
    "Hùng Vương", "Lê Duẩn", "Trần Hưng Đạo", "Quang Trung", "Lý Thường Kiệt", "Nguyễn Huệ",
    "Hai Bà Trưng", "Lê Lợi", "Phan Bội Châu", "Nguyễn Trãi", "Điện Biên Phủ", "Trường Chinh",
    "Lê Thánh Tông", "Nguyễn Du", "Hàm Nghi", "Tôn Đức Thắng", "Võ Thị Sáu", "Lý Tự Trọng",
    "Ngô Quyền", "Trần Phú", "Nguyễn Văn Linh", "Phạm Văn Đồng", "Bà Triệu", "Lê Hồng Phong",
)  # fmt: skip
# Where in the ward the problem is; {street} is one of STREETS.
WHERE = (
    "trên đường {street}", "trên đường {street}", "trên đường {street}", "gần chợ {short}",
    "trước trường tiểu học {short}", "tại ngã tư {street}", "trong kiệt 12 {street}",
    "trong khu dân cư tổ 5", "gần cầu {short}", "cạnh nhà văn hoá thôn 3", "trên Quốc lộ 9",
    "trên Quốc lộ 1", "gần trạm y tế {short}", "đầu hẻm 45 {street}",
)  # fmt: skip

# Per category slug: (what is wrong, a sentence describing it, how it was fixed).
PROBLEMS = {
    "giao-thong": [
        ("Ổ gà lớn", "Mặt đường có nhiều ổ gà sâu, trời mưa đọng nước, xe máy rất dễ ngã.",
         "vá toàn bộ ổ gà bằng bê tông nhựa"),
        ("Biển báo giao thông bị đổ", "Biển báo bị xe tông đổ từ tuần trước, chưa ai dựng lại.",
         "dựng lại và gia cố chân biển báo"),
        ("Đèn tín hiệu giao thông không hoạt động", "Đèn tín hiệu tắt cả ngày, xe cộ đi lộn xộn.",
         "thay bộ điều khiển đèn tín hiệu"),
    ],
    "trat-tu-do-thi": [
        ("Lấn chiếm vỉa hè buôn bán", "Các hộ kinh doanh bày hàng kín vỉa hè, người đi bộ "
         "phải xuống lòng đường.", "nhắc nhở, lập biên bản và thu dọn vỉa hè"),
        ("Quảng cáo rao vặt dán tràn lan", "Cột điện, tường nhà bị dán quảng cáo khoan cắt bê "
         "tông, hút hầm cầu.", "bóc xoá quảng cáo và xử phạt số điện thoại vi phạm"),
    ],
    "moi-truong": [
        ("Rác thải tràn lan", "Rác sinh hoạt bị đổ thành đống, bốc mùi hôi thối, ruồi nhặng "
         "nhiều.", "thu gom hết rác và đặt thêm thùng rác công cộng"),
        ("Đốt rác gây khói bụi", "Chiều nào cũng có người đốt rác, khói bay vào nhà dân.",
         "nhắc nhở hộ dân và bố trí lịch thu gom"),
        ("Nước thải chảy ra đường", "Nước thải từ cơ sở chế biến chảy tràn ra đường, mùi rất "
         "khó chịu.", "yêu cầu cơ sở khắc phục và xử phạt theo quy định"),
    ],
    "dien-chieu-sang": [
        ("Đèn đường hỏng cả dãy", "Cả dãy đèn chiếu sáng không sáng, ban đêm rất tối.",
         "thay bóng và sửa tủ điện chiếu sáng"),
        ("Dây điện võng thấp", "Dây điện võng sát đầu người đi đường, rất nguy hiểm.",
         "căng lại dây và thay cột điện"),
    ],
    "cap-thoat-nuoc": [
        ("Ngập sâu sau mưa", "Chỉ mưa khoảng 30 phút là ngập 30–40 cm, nước rút rất chậm.",
         "nạo vét cống và thông hố ga"),
        ("Vỡ ống nước sạch", "Ống nước bị vỡ, nước chảy lênh láng, nhiều nhà mất nước.",
         "thay đoạn ống bị vỡ và cấp nước trở lại"),
        ("Nắp hố ga bị mất", "Hố ga không có nắp, đã có người đi xe máy bị sụp bánh.",
         "lắp nắp hố ga mới"),
    ],
    "cay-xanh": [
        ("Cây xanh nghiêng có nguy cơ đổ", "Sau bão, cây lớn nghiêng hẳn về phía nhà dân.",
         "cắt tỉa và chặt hạ cây nguy hiểm"),
        ("Cành cây gãy chắn lối đi", "Cành cây lớn gãy nằm chắn nửa đường.",
         "dọn cành gãy và cắt tỉa cây"),
    ],
    "an-ninh-trat-tu": [
        ("Thanh niên tụ tập đua xe", "Đêm nào cũng có nhóm thanh niên nẹt pô, đua xe.",
         "tăng cường tuần tra và xử lý các trường hợp vi phạm"),
        ("Trộm cắp xe máy", "Trong tháng đã có ba xe máy bị mất trộm.",
         "tăng cường tuần tra, lắp thêm camera an ninh"),
    ],
    "phong-chay-chua-chay": [
        ("Lối thoát nạn bị chặn", "Lối thoát hiểm của khu nhà trọ bị chất đầy đồ đạc.",
         "yêu cầu chủ nhà trọ dọn lối thoát nạn"),
        ("Kho chứa gas trong khu dân cư", "Một hộ chứa nhiều bình gas ngay trong khu dân cư.",
         "kiểm tra, lập biên bản và yêu cầu di dời kho"),
    ],
    "y-te": [
        ("Nhiều ổ lăng quăng", "Có nhiều vật dụng đọng nước, muỗi nhiều, đã có người bị sốt "
         "xuất huyết.", "phun hoá chất diệt muỗi và ra quân diệt lăng quăng"),
        ("Chờ khám bệnh quá lâu", "Người bệnh phải chờ hơn ba tiếng mới được khám.",
         "bố trí thêm bàn khám và cấp số thứ tự trực tuyến"),
    ],
    "giao-duc": [
        ("Tường rào trường học bị nứt", "Tường rào trường nứt, nghiêng ra phía đường.",
         "phá dỡ đoạn tường nguy hiểm và xây lại"),
        ("Thu tiền ngoài quy định", "Phụ huynh phản ánh trường thu nhiều khoản ngoài quy định.",
         "kiểm tra và yêu cầu trường hoàn trả các khoản thu sai"),
    ],
    "dat-dai": [
        ("Lấn chiếm đất công", "Một hộ dân rào đất công làm bãi chứa vật liệu.",
         "yêu cầu tháo dỡ và trả lại hiện trạng đất công"),
        ("Khai thác cát trái phép", "Ban đêm có ghe hút cát trái phép, bờ sông bị sạt.",
         "phối hợp bắt giữ phương tiện và xử phạt"),
    ],
    "xay-dung": [
        ("Xây dựng không phép", "Công trình đang xây lấn ra hành lang đường.",
         "đình chỉ thi công và xử phạt vi phạm"),
        ("Vật liệu xây dựng tràn ra đường", "Cát, đá đổ tràn ra lòng đường, gây bụi và trơn.",
         "yêu cầu chủ công trình thu dọn vật liệu"),
    ],
    "an-toan-thuc-pham": [
        ("Cơ sở chế biến thực phẩm mất vệ sinh", "Cơ sở làm bún xả nước thải, nhiều ruồi.",
         "kiểm tra, xử phạt và đình chỉ cơ sở"),
        ("Bán thực phẩm không rõ nguồn gốc", "Nhiều quầy bán thịt không có dấu kiểm dịch.",
         "thu giữ hàng hoá và xử phạt các quầy vi phạm"),
    ],
    "thien-tai": [
        ("Sạt lở bờ sông", "Bờ sông sạt lở sâu vào đất ở, nhiều nhà có nguy cơ bị cuốn trôi.",
         "cắm biển cảnh báo và gia cố tạm bờ sông"),
        ("Kè chắn sóng hư hỏng", "Đoạn kè bị sóng đánh vỡ, nước tràn vào khu dân cư.",
         "sửa chữa khẩn cấp đoạn kè"),
    ],
    "van-hoa-du-lich": [
        ("Karaoke gây ồn về đêm", "Quán karaoke mở nhạc lớn đến quá nửa đêm.",
         "kiểm tra, xử phạt và yêu cầu chấm dứt gây ồn"),
        ("Di tích xuống cấp", "Nhà bia di tích bị dột, tường bong tróc.",
         "lập phương án tu bổ di tích"),
    ],
    "vien-thong-internet": [
        ("Cáp viễn thông treo thấp", "Cáp viễn thông rối thành búi, có đoạn rơi sát đầu người.",
         "bó gọn và thu hồi cáp không sử dụng"),
        ("Mất sóng điện thoại", "Cả thôn mất sóng di động nhiều ngày.",
         "khắc phục trạm phát sóng"),
    ],
    "nong-nghiep": [
        ("Kênh mương nội đồng bị bồi lấp", "Kênh dẫn nước tưới bị bồi lấp, nước không về ruộng.",
         "nạo vét kênh và khơi thông dòng chảy"),
        ("Trại lợn gây ô nhiễm", "Trại lợn xả chất thải ra mương, mùi hôi nồng nặc.",
         "yêu cầu trại lợn xây hầm biogas và xử phạt"),
    ],
    "lao-dong-viec-lam": [
        ("Công ty chậm trả lương", "Công nhân bị nợ lương hai tháng.",
         "làm việc với doanh nghiệp và yêu cầu trả đủ lương"),
        ("Không đóng bảo hiểm xã hội", "Doanh nghiệp trừ lương nhưng không đóng bảo hiểm.",
         "thanh tra và yêu cầu truy đóng bảo hiểm"),
    ],
    "dich-vu-cong": [
        ("Hồ sơ trễ hẹn", "Hồ sơ cấp giấy chứng nhận đã quá hẹn hai tuần chưa có kết quả.",
         "trả kết quả hồ sơ và xin lỗi người dân"),
        ("Cổng dịch vụ công bị lỗi", "Không nộp được hồ sơ trực tuyến, trang báo lỗi.",
         "khắc phục lỗi hệ thống"),
    ],
    "khac": [
        ("Chó thả rông không rọ mõm", "Nhiều chó thả rông chạy ra đường, đã có trẻ em bị cắn.",
         "nhắc nhở các hộ nuôi chó và ra quân bắt chó thả rông"),
        ("Tiếng ồn từ xưởng cưa gỗ", "Xưởng cưa gỗ chạy máy từ 5 giờ sáng, rất ồn.",
         "yêu cầu xưởng hoạt động đúng quy định"),
    ],
}  # fmt: skip
# Categories added later by an administrator get these.
GENERIC = [
    ("Sự việc cần chính quyền quan tâm", "Sự việc kéo dài, ảnh hưởng đến đời sống người dân.",
     "kiểm tra và xử lý theo thẩm quyền"),
]  # fmt: skip
MORE = (
    "Tình trạng này đã kéo dài nhiều ngày.", "Người dân đi lại rất khó khăn, nhất là ban đêm.",
    "Đề nghị cơ quan chức năng sớm kiểm tra, xử lý.", "Tôi đã báo tổ dân phố nhưng chưa thấy "
    "ai đến.", "Rất mong được quan tâm giải quyết.", "Nhiều hộ dân xung quanh cũng bức xúc.",
    "Trẻ em đi học qua đây rất nguy hiểm.", "Tôi gửi kèm hình ảnh chụp tại hiện trường.",
)  # fmt: skip

OTHER_REJECTION = "Nội dung là câu hỏi tư vấn pháp luật, đề nghị liên hệ cơ quan tư pháp."
RECEIVED_NOTE = "Đã xác minh thông tin, tiếp nhận phản ánh."
FORWARD_NOTE = "Chuyển {agency} xử lý."

COMMENTS = (
    "Đúng rồi, tôi cũng thấy chỗ này lâu lắm rồi.", "Cảm ơn cơ quan đã xử lý nhanh.",
    "Xử lý xong rồi, đường đi lại êm hơn hẳn.", "Mong là lần này làm kỹ, đừng để tái diễn.",
    "Khu nhà tôi cũng bị tương tự, đề nghị kiểm tra luôn.", "Rất hoan nghênh tinh thần "
    "trách nhiệm của cán bộ.", "Sáng nay đi qua thấy đã sạch sẽ.", "Cần xử phạt nghiêm để "
    "làm gương.", "Ủng hộ người gửi phản ánh!", "Tối qua vẫn còn, mong kiểm tra lại.",
    "Kết quả xử lý rất tốt, cảm ơn.", "Sao lâu vậy mới xử lý?",
)  # fmt: skip
REPLIES = (
    "Đồng ý với bạn.", "Tôi ở gần đó, xác nhận là đã sửa xong.", "Bạn nói đúng quá.",
    "Chỗ đó giờ ổn rồi bạn ơi.", "Cảm ơn bạn đã thông tin.",
)  # fmt: skip
HIDDEN_REASON = "Nội dung không phù hợp quy định bình luận."

# Agencies the seed adds, one per ward each, until there are enough.
AGENCY_NAMES = (
    ("UBND {ward}", "commune"), ("Công an {ward}", "other"), ("Trạm Y tế {ward}", "other"),
    ("Trường THCS {short}", "other"),
)  # fmt: skip
HEAVY_AGENCY_NAME = "Ban Quản lý đô thị thử tải"

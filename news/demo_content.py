# ruff: noqa: E501  (prose: Vietnamese sentences are kept whole)
"""Original Vietnamese demo content in the style of a district portal.

Every name here is invented: the district, its wards, its people and its events.
"""

SITE = {
    "name": "Cổng thông tin điện tử Quận ủy Hòa Bình",
    "short_name": "Quận ủy Hòa Bình",
    "tagline": "Cơ quan của Đảng bộ quận Hòa Bình",
    "address": "Số 12 phố Trần Hưng Đạo, phường Hòa Bình, quận Hòa Bình",
    "phone": "024 3999 1234",
    "email": "bantuyengiao@hoabinh-quanuy.example.vn",
    "footer_text": (
        "Cơ quan chủ quản: Ban Thường vụ Quận ủy Hòa Bình\n"
        "Chịu trách nhiệm nội dung: Trưởng Ban Tuyên giáo Quận ủy\n"
        "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này."
    ),
    "default_source_unit": "Ban Tuyên giáo Quận ủy",
}

WARDS = [
    "Hòa Bình",
    "Tân Thành",
    "Đông Hưng",
    "Phú Lâm",
    "Ngọc Khánh",
    "Thanh Xuân Bắc",
    "An Lạc",
    "Đức Thắng",
    "Kim Liên",
    "Quang Trung",
]

UNITS = [
    "Ban Tuyên giáo Quận ủy",
    "Văn phòng Quận ủy",
    "Ủy ban MTTQ quận",
    "Quận đoàn Hòa Bình",
    "Hội Liên hiệp Phụ nữ quận",
    "Trung tâm Văn hóa – Thông tin và Thể thao quận",
]

AUTHORS = [
    "Huyền Anh",
    "Minh Đức",
    "Thu Trang",
    "Quốc Khánh",
    "Lan Phương",
    "Đức Thịnh",
    "Hải Yến",
    "Văn Toàn",
    "Bảo Ngọc",
    "Thanh Hương",
]

BYLINE_KINDS = ["Tin, ảnh", "Tin và ảnh", "Bài, ảnh", "Tin", "Bài và ảnh", "Ảnh"]

PEOPLE = [
    ("Nguyễn Văn Hùng", "Bí thư Quận ủy"),
    ("Trần Thị Mai", "Phó Bí thư Thường trực Quận ủy"),
    ("Lê Quang Vinh", "Chủ tịch UBND quận"),
    ("Phạm Thu Hà", "Trưởng Ban Tuyên giáo Quận ủy"),
    ("Đỗ Minh Tuấn", "Chủ tịch Ủy ban MTTQ quận"),
    ("Vũ Thị Hạnh", "Trưởng Ban Dân vận Quận ủy"),
]

# (name, special topic?, description, titles)
SECTIONS = [
    (
        "Tiến tới Đại hội Đảng bộ quận lần thứ XIII",
        True,
        "Chuyên đề về công tác chuẩn bị và tổ chức Đại hội Đảng bộ các cấp, nhiệm kỳ 2025 – 2030.",
        [
            "Đại hội Đảng bộ phường {ward} nhiệm kỳ 2025 – 2030 thành công tốt đẹp",
            "Góp ý dự thảo văn kiện Đại hội Đảng bộ quận lần thứ XIII",
            "Đảng bộ phường {ward} tổ chức đại hội điểm",
            "Ban Thường vụ Quận ủy cho ý kiến về công tác nhân sự đại hội",
            "Lấy ý kiến nhân dân vào dự thảo báo cáo chính trị",
            "Hoàn thiện phương án tổ chức Đại hội Đảng bộ quận",
            "Tuyên truyền sâu rộng về Đại hội Đảng bộ các cấp",
            "Chi bộ khu dân cư số {n} phường {ward} đại hội kiểm điểm giữa nhiệm kỳ",
        ],
    ),
    (
        "Xây dựng Đảng",
        False,
        "Công tác tổ chức, kiểm tra, giám sát và sinh hoạt chi bộ.",
        [
            "Quận ủy tổng kết công tác kiểm tra, giám sát năm {year}",
            "Trao Huy hiệu 50 năm tuổi Đảng cho đảng viên phường {ward}",
            "Nâng cao chất lượng sinh hoạt chi bộ khu dân cư",
            "Kết nạp {n} đảng viên mới là đoàn viên ưu tú",
            "Hội nghị học tập, quán triệt nghị quyết của Trung ương",
            "Đảng ủy phường {ward} sơ kết 6 tháng thực hiện nghị quyết",
            "Bồi dưỡng lý luận chính trị cho đảng viên mới",
            "Ban Thường vụ Quận ủy làm việc với Đảng ủy phường {ward}",
        ],
    ),
    (
        "Kinh tế – Đô thị",
        False,
        "Phát triển kinh tế, chỉnh trang đô thị, xây dựng đô thị thông minh.",
        [
            "Quận Hòa Bình đẩy mạnh chuyển đổi số trong cải cách hành chính",
            "Khởi công cải tạo tuyến phố {ward}",
            "Thu ngân sách quận {year} vượt {n}% dự toán",
            "Chỉnh trang vỉa hè, trồng thêm cây xanh tại phường {ward}",
            "Hỗ trợ hộ kinh doanh chuyển sang thanh toán không dùng tiền mặt",
            "Hoàn thành giải phóng mặt bằng dự án trường học phường {ward}",
            "Ra mắt mô hình tuyến phố văn minh đô thị",
            "Hội nghị đối thoại với doanh nghiệp trên địa bàn quận",
        ],
    ),
    (
        "Văn hóa – Xã hội",
        False,
        "Giáo dục, y tế, văn hóa, an sinh xã hội.",
        [
            "Trao {n} suất quà cho gia đình chính sách nhân dịp Tết",
            "Phường {ward} ra quân tổng vệ sinh môi trường",
            "Khai mạc Hội thi văn nghệ quần chúng quận năm {year}",
            "Quận Hòa Bình tổ chức ngày hội hiến máu tình nguyện",
            "Khánh thành nhà văn hóa tổ dân phố số {n} phường {ward}",
            "Tuyên dương {n} học sinh đạt giải cao trong kỳ thi học sinh giỏi",
            "Ra mắt câu lạc bộ dưỡng sinh người cao tuổi phường {ward}",
            "Bàn giao nhà tình nghĩa cho hộ khó khăn tại phường {ward}",
        ],
    ),
    (
        "Quốc phòng – An ninh",
        False,
        "Quốc phòng toàn dân, an ninh trật tự, phòng cháy chữa cháy.",
        [
            "Diễn tập khu vực phòng thủ phường {ward} năm {year}",
            "Lễ giao nhận quân năm {year}: {n} thanh niên lên đường nhập ngũ",
            "Ra mắt mô hình camera an ninh khu dân cư phường {ward}",
            "Tập huấn nghiệp vụ phòng cháy chữa cháy cho tổ dân phố",
            "Công an quận mở đợt cao điểm bảo đảm trật tự an toàn giao thông",
            "Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc",
            "Lực lượng dân quân phường {ward} huấn luyện năm {year}",
        ],
    ),
    (
        "Mặt trận và các đoàn thể",
        False,
        "Hoạt động của Mặt trận Tổ quốc, Công đoàn, Đoàn Thanh niên, Hội Phụ nữ, Hội Cựu chiến binh.",
        [
            "Ủy ban MTTQ quận phát động ủng hộ Quỹ Vì người nghèo",
            "Quận đoàn ra quân chiến dịch Thanh niên tình nguyện hè {year}",
            "Hội Phụ nữ phường {ward} ra mắt mô hình phân loại rác tại nguồn",
            "Hội Cựu chiến binh quận gặp mặt truyền thống",
            "Ngày hội Đại đoàn kết toàn dân tộc tại khu dân cư số {n} phường {ward}",
            "Công đoàn quận chăm lo Tết cho {n} đoàn viên khó khăn",
            "Đối thoại giữa lãnh đạo quận với đoàn viên thanh niên",
        ],
    ),
    (
        "Học tập và làm theo Bác",
        True,
        "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        [
            "Biểu dương {n} điển hình tiêu biểu học tập và làm theo Bác",
            "Gương người tốt việc tốt ở phường {ward}",
            "Chi bộ trường học lan tỏa phong cách nêu gương",
            "Hội thi tìm hiểu cuộc đời và sự nghiệp Chủ tịch Hồ Chí Minh",
        ],
    ),
]

LEADS = [
    "Sáng {date}, {unit_lower} tổ chức {event} tại phường {ward}. {person_title} {person} dự và chỉ đạo.",
    "Ngày {date}, tại phường {ward}, {unit_lower} đã tổ chức {event} với sự tham gia của đông đảo cán bộ, đảng viên và nhân dân.",
    "Chiều {date}, {person_title} {person} chủ trì {event}; cùng dự có đại diện lãnh đạo các ban, ngành, đoàn thể của quận.",
]

EVENTS = [
    "hội nghị",
    "buổi làm việc",
    "lễ phát động",
    "buổi gặp mặt",
    "hội nghị sơ kết",
    "chương trình",
]

PARAGRAPHS = [
    "Phát biểu tại buổi lễ, đồng chí {person}, {person_title}, ghi nhận những kết quả mà cấp ủy, chính quyền và nhân dân phường {ward} đã đạt được trong thời gian qua, đồng thời đề nghị tiếp tục phát huy tinh thần đoàn kết, chủ động, sáng tạo trong thực hiện nhiệm vụ.",
    "Theo báo cáo, trong năm qua toàn quận đã triển khai đồng bộ nhiều giải pháp, hoàn thành {n}/{m} chỉ tiêu chủ yếu. Công tác cải cách hành chính có chuyển biến rõ nét, tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.",
    "Các ý kiến tại hội nghị tập trung làm rõ những khó khăn, vướng mắc ở cơ sở, nhất là việc nắm bắt tâm tư, nguyện vọng của nhân dân và giải quyết kịp thời những vấn đề bức xúc phát sinh tại khu dân cư.",
    "Dịp này, Ban Thường vụ Quận ủy đã khen thưởng {n} tập thể và {m} cá nhân có thành tích xuất sắc; các phần thưởng thể hiện sự ghi nhận đối với những đóng góp bền bỉ của tập thể, cá nhân trong phong trào thi đua.",
    "Kết luận buổi làm việc, đồng chí {person} đề nghị các chi bộ tiếp tục đổi mới nội dung, phương thức sinh hoạt, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, nêu cao vai trò tiên phong, gương mẫu của đảng viên.",
    "Bà con khu dân cư bày tỏ phấn khởi trước những đổi thay của địa phương: đường ngõ được mở rộng, hệ thống chiếu sáng được lắp đặt mới, cảnh quan ngày càng sạch, đẹp, văn minh.",
    "Thời gian tới, quận xác định tập trung nâng cao chất lượng dịch vụ công trực tuyến, đẩy mạnh ứng dụng công nghệ số trong quản lý đô thị và phục vụ người dân, doanh nghiệp.",
    "Chương trình diễn ra trong không khí trang trọng, ấm cúng; nhiều tiết mục văn nghệ đặc sắc do các câu lạc bộ của phường biểu diễn đã mang lại cảm xúc cho người tham dự.",
    "Đại diện Ủy ban MTTQ quận cho biết, cuộc vận động đã nhận được sự hưởng ứng tích cực của các cơ quan, đơn vị, doanh nghiệp và các tầng lớp nhân dân, với tổng số tiền ủng hộ trên {n}0 triệu đồng.",
    "Để triển khai hiệu quả nhiệm vụ, các đơn vị được yêu cầu xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành và thường xuyên kiểm tra, đôn đốc.",
]

CAPTIONS = [
    "Đồng chí {person}, {person_title} phát biểu tại {event}.",
    "Quang cảnh {event} tại phường {ward}.",
    "Các đại biểu tham dự {event}.",
    "Lãnh đạo quận trao tặng phần thưởng cho các tập thể, cá nhân tiêu biểu.",
    "Đại biểu biểu quyết thông qua nghị quyết.",
    "Nhân dân phường {ward} tham gia chương trình.",
]


def fill(rng, template, ward, **extra):
    """One of the sentence templates above, with invented people, units and figures."""
    person, title = rng.choice(PEOPLE)
    values = {
        "ward": ward,
        "person": person,
        "person_title": title,
        "n": rng.randint(3, 30),
        "m": rng.randint(31, 60),
        "event": rng.choice(EVENTS),
        "unit_lower": rng.choice(UNITS),
        "date": "",
    }
    return template.format(**{**values, **extra})


def lead_and_body(rng, ward, when, paragraphs):
    """A lead dated `when` and a body of `paragraphs` paragraphs, about an event in `ward`."""
    lead = fill(rng, rng.choice(LEADS), ward, date=when.strftime("%d/%m"))
    body = "".join(f"<p>{fill(rng, p, ward)}</p>" for p in rng.sample(PARAGRAPHS, paragraphs))
    return lead, body

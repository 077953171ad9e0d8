"""Demo content of the introduction: fictional leaders (no real person), the bodies' contacts,
the history and the organisation chart (drawn with Pillow), the English page, agency links."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

HISTORY = (
    "<p>Đảng bộ quận được thành lập theo quyết định của Thành ủy khi quận được thành lập, "
    "trên cơ sở các chi bộ, đảng bộ cơ sở của các phường trước đó. Đại hội đại biểu Đảng bộ quận lần thứ nhất "
    "đã bầu Ban Chấp hành gồm 35 đồng chí, đề ra nhiệm vụ xây dựng bộ máy, ổn định đời sống nhân dân.</p>"
    "<h2>Các chặng đường phát triển</h2>"
    "<ul><li>Giai đoạn đầu: kiện toàn tổ chức cơ sở đảng, xây dựng chính quyền và các đoàn thể.</li>"
    "<li>Giai đoạn đổi mới: phát triển thương mại, dịch vụ, chỉnh trang đô thị.</li>"
    "<li>Giai đoạn hiện nay: chuyển đổi số, xây dựng đô thị văn minh, hiện đại.</li></ul>"
    "<p>Qua các kỳ đại hội, Đảng bộ quận luôn giữ vững vai trò lãnh đạo toàn diện, "
    "nhiều năm liền được Thành ủy đánh giá hoàn thành tốt nhiệm vụ.</p>"
)
CHART_BODIES = ["Văn phòng", "Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ủy ban Kiểm tra", "Trung tâm Chính trị"]
CHART_TEXT = (
    "<ul><li>Ban Chấp hành Đảng bộ quận<ul><li>Ban Thường vụ Quận ủy<ul><li>Thường trực Quận ủy: Bí thư, Phó Bí thư"
    "</li></ul></li></ul></li><li>Các cơ quan tham mưu, giúp việc: "
    + ", ".join(CHART_BODIES)
    + ".</li><li>Các tổ chức cơ sở đảng: đảng bộ các phường, chi bộ, đảng bộ cơ quan, doanh nghiệp.</li></ul>"
)
ORGANISATION = (
    "<p>Quận ủy là cơ quan lãnh đạo của Đảng bộ quận giữa hai kỳ đại hội. Ban Thường vụ Quận ủy lãnh đạo, "
    "chỉ đạo thường xuyên; Thường trực Quận ủy điều hành công việc hằng ngày.</p>"
)

PAGES = [
    (
        "Lịch sử Đảng bộ quận",
        "lich-su-dang-bo-quan",
        "Quá trình hình thành và phát triển của Đảng bộ quận.",
        HISTORY,
        1,
    ),
    (
        "Sơ đồ tổ chức",
        "so-do-to-chuc",
        "Ban Chấp hành, Ban Thường vụ và các cơ quan tham mưu, giúp việc.",
        ORGANISATION,
        2,
    ),
]

# (name, position, position in English, group, duties, office phone, office email)
LEADERS = [
    (
        "Trần Minh Khoa",
        "Bí thư Quận ủy",
        "Secretary of the District Party Committee",
        "standing",
        "<p>Phụ trách chung; trực tiếp lãnh đạo công tác tổ chức cán bộ, quốc phòng, an ninh.</p>",
        "024 3825 0101",
        "vanphong@quanuy.example.vn",
    ),
    (
        "Lê Thị Thu Hà",
        "Phó Bí thư Thường trực Quận ủy",
        "Standing Deputy Secretary",
        "standing",
        "<p>Giúp Bí thư điều hành công việc hằng ngày của Ban Thường vụ; phụ trách công tác xây dựng Đảng.</p>",
        "024 3825 0102",
        "vanphong@quanuy.example.vn",
    ),
    (
        "Phạm Quốc Hưng",
        "Phó Bí thư Quận ủy, Chủ tịch UBND quận",
        "Deputy Secretary, Chairman of the District People's Committee",
        "standing",
        "<p>Lãnh đạo công tác chính quyền, phát triển kinh tế – xã hội.</p>",
        "024 3825 0103",
        "ubnd@quan.example.vn",
    ),
    (
        "Nguyễn Thanh Tùng",
        "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Quận ủy",
        "Head of the Organisation Board",
        "committee",
        "<p>Phụ trách công tác tổ chức, cán bộ, bảo vệ chính trị nội bộ.</p>",
        "024 3825 0201",
        "bantochuc@quanuy.example.vn",
    ),
    (
        "Đỗ Thị Lan Anh",
        "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Quận ủy",
        "Head of the Propaganda and Mass Mobilisation Board",
        "committee",
        "<p>Phụ trách công tác tuyên giáo, dân vận, báo chí và thông tin đối ngoại.</p>",
        "024 3825 0301",
        "bantuyengiao@quanuy.example.vn",
    ),
    (
        "Vũ Đức Thắng",
        "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Quận ủy",
        "Chairman of the Inspection Committee",
        "committee",
        "<p>Phụ trách công tác kiểm tra, giám sát và kỷ luật đảng.</p>",
        "024 3825 0401",
        "ubkt@quanuy.example.vn",
    ),
    (
        "Hoàng Mai Phương",
        "Ủy viên Ban Thường vụ, Chánh Văn phòng Quận ủy",
        "Chief of the Office",
        "committee",
        "<p>Phụ trách công tác văn phòng, tài chính đảng, chuyển đổi số trong các cơ quan đảng.</p>",
        "024 3825 0105",
        "vanphong@quanuy.example.vn",
    ),
]

ADDRESS = "Số 12 phố Hòa Bình, phường Hòa Bình, quận Trung Tâm"
ADDRESS_EN = "12 Hoa Binh Street, Hoa Binh Ward, Trung Tam District"
# (name, name in English, head, head's position, in English, phone, email)
DEPARTMENTS = [
    (
        "Văn phòng Quận ủy",
        "Office of the District Party Committee",
        "Hoàng Mai Phương",
        "Chánh Văn phòng",
        "Chief of the Office",
        "024 3825 0100",
        "vanphong@quanuy.example.vn",
    ),
    (
        "Ban Tổ chức Quận ủy",
        "Organisation Board",
        "Nguyễn Thanh Tùng",
        "Trưởng ban",
        "Head",
        "024 3825 0200",
        "bantochuc@quanuy.example.vn",
    ),
    (
        "Ban Tuyên giáo và Dân vận Quận ủy",
        "Propaganda and Mass Mobilisation Board",
        "Đỗ Thị Lan Anh",
        "Trưởng ban",
        "Head",
        "024 3825 0300",
        "bantuyengiao@quanuy.example.vn",
    ),
    (
        "Ủy ban Kiểm tra Quận ủy",
        "Inspection Committee",
        "Vũ Đức Thắng",
        "Chủ nhiệm",
        "Chairman",
        "024 3825 0400",
        "ubkt@quanuy.example.vn",
    ),
    (
        "Trung tâm Chính trị quận",
        "Political Training Centre",
        "Bùi Văn Lực",
        "Giám đốc",
        "Director",
        "024 3825 0500",
        "trungtamchinhtri@quan.example.vn",
    ),
]

ENGLISH = {
    "title": "About the District Party Committee",
    "intro": (
        "<p>The District Party Committee leads the political, economic and social life of the district between two "
        "congresses of the district's Party organisation. Its Standing Committee directs the daily work, assisted "
        "by the Office and the advisory boards listed below.</p>"
        "<p>The district has 12 wards, about 150,000 inhabitants and more than 9,000 Party members.</p>"
    ),
    "address": ADDRESS_EN,
    "phone": "+84 24 3825 0100",
    "email": "vanphong@quanuy.example.vn",
}

# (name, address, group, order): public portals of real agencies.
LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn", "central", 1),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn", "central", 2),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn", "central", 3),
    ("Cổng thông tin điện tử thành phố Hà Nội", "https://hanoi.gov.vn", "city", 1),
    ("Thành ủy (cổng thông tin)", "https://thanhuy.example.vn", "city", 2),
    ("Báo Hà Nội Mới", "https://hanoimoi.vn", "city", 3),
    ("Ủy ban nhân dân quận", "https://quan.example.vn", "district", 1),
    ("Hội đồng nhân dân quận", "https://hdnd.quan.example.vn", "district", 2),
    ("Phường Hòa Bình", "https://hoabinh.quan.example.vn", "ward", 1),
    ("Phường Thống Nhất", "https://thongnhat.quan.example.vn", "ward", 2),
]


def _font(size):
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _box(draw, xy, text, fill, font, ink="#ffffff"):
    draw.rounded_rectangle(xy, radius=10, fill=fill)
    x0, y0, x1, y1 = xy
    draw.multiline_text(((x0 + x1) / 2, (y0 + y1) / 2), text, fill=ink, font=font, anchor="mm", align="center")


def organisation_chart():
    """The organisation chart as a PNG drawn now: committee, standing committee, bodies."""
    width, height = 1400, 760
    img = Image.new("RGB", (width, height), "#fffdf7")
    draw = ImageDraw.Draw(img)
    big, small = _font(30), _font(22)
    red, dark, gold = "#a50000", "#7a0000", "#f1c232"
    _box(draw, (450, 40, 950, 130), "BAN CHẤP HÀNH\nĐẢNG BỘ QUẬN", red, big)
    _box(draw, (450, 200, 950, 290), "BAN THƯỜNG VỤ QUẬN ỦY", dark, big)
    _box(draw, (500, 350, 900, 430), "Thường trực Quận ủy", gold, small, ink="#3a2a00")
    for y0, y1 in ((130, 200), (290, 350)):
        draw.line((700, y0, 700, y1), fill="#444444", width=4)
    draw.line((700, 430, 700, 500), fill="#444444", width=4)
    step = (width - 100) // len(CHART_BODIES)
    draw.line((50 + step // 2, 500, 50 + step * len(CHART_BODIES) - step // 2, 500), fill="#444444", width=4)
    for i, name in enumerate(CHART_BODIES):
        x = 50 + i * step
        draw.line((x + step // 2, 500, x + step // 2, 560), fill="#444444", width=4)
        label = name.replace(" và ", "\nvà ") if len(name) > 16 else name
        _box(draw, (x + 10, 560, x + step - 10, 680), label, "#ffffff", small, ink=red)
        draw.rounded_rectangle((x + 10, 560, x + step - 10, 680), radius=10, outline=red, width=3)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return ContentFile(out.getvalue(), name="so-do-to-chuc.png")


def portrait(index):
    """A neutral placeholder portrait (a silhouette on a coloured ground): the leaders are fictional."""
    colours = ["#c9d6e3", "#e3d3c9", "#d3e3c9", "#e3c9d8", "#d8d3c2", "#c9e0e3", "#dcd0e8"]
    img = Image.new("RGB", (480, 640), colours[index % len(colours)])
    draw = ImageDraw.Draw(img)
    draw.ellipse((150, 110, 330, 310), fill="#6b7480")
    draw.rounded_rectangle((80, 330, 400, 700), radius=140, fill="#6b7480")
    draw.polygon([(240, 340), (205, 420), (240, 560), (275, 420)], fill="#a50000")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"lanh-dao-{index + 1}.jpg")

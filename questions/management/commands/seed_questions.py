"""A few answered demo questions (idempotent: questions already there by title are left alone)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from documents.models import IssuingBody
from questions.models import Question, Topic

TOPICS = ["Thủ tục hành chính", "Đất đai, xây dựng", "Công tác Đảng", "An sinh xã hội"]
DEMO = [
    (
        "Thủ tục hành chính",
        "Nguyễn Văn An",
        "Phường Phúc Xá",
        "Làm lại căn cước cho người cao tuổi ở đâu?",
        "Bố tôi 82 tuổi, đi lại khó khăn. Xin hỏi có thể làm lại căn cước tại nhà không?",
        "<p>Công an phường tổ chức cấp căn cước lưu động tại nhà cho người cao tuổi, người khuyết tật. "
        "Gia đình liên hệ công an phường nơi cư trú để đăng ký lịch.</p>",
    ),
    (
        "Đất đai, xây dựng",
        "Trần Thị Bình",
        "Phường Trúc Bạch",
        "Sửa nhà trong ngõ có cần giấy phép xây dựng?",
        "Gia đình tôi muốn sửa lại mái và lát nền nhà trong ngõ, không thay đổi kết cấu. Có phải xin phép không?",
        "<p>Sửa chữa, cải tạo bên trong công trình, không làm thay đổi kết cấu chịu lực và kiến trúc mặt ngoài "
        "thì được miễn giấy phép xây dựng theo Luật Xây dựng. Gia đình nên báo với Ủy ban nhân dân phường "
        "trước khi thi công.</p>",
    ),
    (
        "Công tác Đảng",
        "Lê Minh",
        "Phường Quán Thánh",
        "Đảng viên chuyển nơi cư trú thì sinh hoạt ở đâu?",
        "Tôi là đảng viên, vừa chuyển đến phường mới. Thủ tục giới thiệu sinh hoạt nơi cư trú thế nào?",
        "<p>Đảng viên báo với chi bộ nơi công tác để được giới thiệu về chi bộ nơi cư trú mới theo Quy định "
        "số 213-QĐ/TW, mang giấy giới thiệu đến Đảng ủy phường trong 30 ngày.</p>",
    ),
]


class Command(BaseCommand):
    help = "Add a few answered demo questions to Hỏi đáp."

    def handle(self, *args, **options):
        topics = {}
        for order, name in enumerate(TOPICS, start=1):
            topics[name], _ = Topic.objects.get_or_create(name=name, defaults={"order": order * 10})
        body, _ = IssuingBody.objects.get_or_create(name="Văn phòng Quận ủy")
        added = 0
        for topic, name, ward, title, text, answer in DEMO:
            if Question.objects.filter(title=title).exists():
                continue
            Question.objects.create(
                topic=topics[topic],
                asker_name=name,
                ward=ward,
                email="",
                phone="0912345678",
                title=title,
                text=text,
                answer=answer,
                body=body,
                status=Question.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            added += 1
        self.stdout.write(f"Seeded {added} demo questions.")

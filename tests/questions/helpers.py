from django.utils import timezone

from documents.models import IssuingBody
from questions.models import Question, Topic
from tests.challenge.helpers import solve

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}
CONTACT = {"email": "nguyen.an@example.vn", "phone": "0912345678", "ward": "Phường Phúc Xá"}


def topic(name="Đất đai, xây dựng"):
    return Topic.objects.get_or_create(name=name)[0]


def make_question(title="Sửa nhà trong ngõ có cần giấy phép?", published=True, **kwargs):
    fields = {
        "asker_name": "Nguyễn Văn An",
        "topic": topic(),
        "text": "Gia đình tôi muốn sửa mái nhà, có phải xin phép xây dựng không?",
        "answer": "<p>Sửa chữa bên trong không thay đổi kết cấu thì được miễn giấy phép.</p>",
        "body": IssuingBody.objects.get_or_create(name="Văn phòng Quận ủy")[0],
        "status": Question.Status.PUBLISHED if published else Question.Status.NEW,
        **CONTACT,
    }
    fields.update(kwargs)
    if published:
        fields.setdefault("published_at", timezone.now())
    return Question.objects.create(title=title, **fields)


def form_data(client, **overrides):
    data = {
        "asker_name": "Nguyễn Văn An",
        "ward": "Phường Phúc Xá",
        "email": "nguyen.an@example.vn",
        "phone": "",
        "topic": topic().pk,
        "title": "Hỏi về cấp căn cước",
        "text": "Người cao tuổi có được làm căn cước tại nhà không?",
        "consent": "on",
        "altcha": solve(client.get("/hoi-dap/kiem-tra/").json()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

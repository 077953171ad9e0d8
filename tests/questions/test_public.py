"""The public side: list by topic, a page per question, search with or without diacritics, feed
and sitemap, the asker's contact never shown, constant queries, the page cache and its invalidation."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from news.models import SiteSettings
from questions.models import Question, public_name

from .helpers import CONTACT, READER, make_question, topic

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/hoi-dap/", "/hoi-dap/?q=giay+phep", "/hoi-dap/rss/", "/sitemap-questions-pages.xml"]


@pytest.mark.parametrize(
    "name, shown",
    [("Nguyễn Văn An", "Nguyễn V. A."), ("Lê Minh", "Lê M."), ("an", "Ông/Bà A."), ("  ", "Một công dân")],
)
def test_the_askers_name_is_shortened(name, shown):
    assert public_name(name) == shown


def test_only_published_questions_are_listed_with_their_answer():
    make_question("Câu hỏi đã trả lời")
    make_question("Câu hỏi chưa trả lời", published=False)
    from django.test import Client

    client = Client()
    html = client.get("/hoi-dap/").content.decode()
    assert "Câu hỏi đã trả lời" in html and "Câu hỏi chưa trả lời" not in html
    hidden = Question.objects.get(title="Câu hỏi chưa trả lời")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    shown = Question.objects.get(title="Câu hỏi đã trả lời")
    page = client.get(shown.get_absolute_url()).content.decode()
    assert "miễn giấy phép" in page and "Nguyễn V. A." in page and "Văn phòng Quận ủy" in page


def test_the_list_filters_by_topic(client):
    make_question("Về đất đai")
    make_question("Về thủ tục", topic=topic("Thủ tục hành chính"))
    html = client.get(f"/hoi-dap/?chu-de={topic('Thủ tục hành chính').slug}").content.decode()
    assert "Về thủ tục" in html and "Về đất đai" not in html


@pytest.mark.parametrize("q", ["giấy phép", "giay phep", "GIAY PHEP xay dung", "kết cấu"])
def test_search_finds_with_and_without_diacritics(client, q):
    make_question()
    make_question("Hỏi về căn cước", text="Làm căn cước ở đâu?", answer="<p>Tại công an phường.</p>")
    html = client.get("/hoi-dap/", {"q": q}).content.decode()
    assert "Sửa nhà trong ngõ" in html and "Hỏi về căn cước" not in html


@pytest.mark.parametrize("url", PUBLIC_URLS + ["detail", "/sitemap.xml", "/sitemap-questions.xml"])
def test_contact_details_are_never_public(client, url):
    question = make_question()
    make_question("Chưa trả lời", published=False, asker_name="Phạm Thị Hoa")
    html = client.get(question.get_absolute_url() if url == "detail" else url).content.decode()
    for private in [*CONTACT.values(), "Nguyễn Văn An", "Phạm", "Chưa trả lời"]:
        assert private not in html


def test_feed_and_sitemap_list_published_questions(client):
    question = make_question()
    assert question.title in client.get("/hoi-dap/rss/").content.decode()
    assert f"/hoi-dap/{question.pk}/" in client.get("/sitemap-questions-pages.xml").content.decode()
    assert "sitemap-questions-pages.xml" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("url", ["/hoi-dap/", "/hoi-dap/?q=giay+phep", "/hoi-dap/rss/", "detail"])
def test_queries_do_not_grow_with_the_number_of_questions(client, django_assert_max_num_queries, url):
    first = make_question()
    SiteSettings.load()
    with django_assert_max_num_queries(10) as one:
        client.get(first.get_absolute_url() if url == "detail" else url)
    for n in range(25):
        make_question(f"Sửa nhà giấy phép {n}", topic=topic(f"Chủ đề {n % 5}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(first.get_absolute_url() if url == "detail" else url).status_code == 200


@pytest.fixture
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    yield
    cache.clear()


def test_pages_come_from_the_cache_and_publishing_shows_at_once(page_cache_on, client, django_assert_num_queries):
    make_question()
    assert client.get("/hoi-dap/", **READER)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get("/hoi-dap/", **READER)["X-Page-Cache"] == "hit"
    waiting = make_question("Câu hỏi mới được đăng", published=False)
    assert client.get("/hoi-dap/", **READER)["X-Page-Cache"] == "hit"  # a new private question empties nothing
    waiting.status = Question.Status.PUBLISHED
    waiting.save()
    assert "Câu hỏi mới được đăng" in client.get("/hoi-dap/", **READER).content.decode()
    waiting.status = Question.Status.REJECTED
    waiting.rejection_reason = "Trùng lặp"
    waiting.save()
    assert "Câu hỏi mới được đăng" not in client.get("/hoi-dap/", **READER).content.decode()


def test_contact_details_are_erased_after_the_retention_time(settings):
    settings.QUESTIONS_CONTACT_RETENTION_DAYS = 90
    from django.utils import timezone

    old = make_question("Cũ")
    Question.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timezone.timedelta(days=91))
    recent = make_question("Mới")
    waiting = make_question("Đang chờ", published=False)
    call_command("purge_question_contacts", stdout=open("/dev/null", "w"))
    old.refresh_from_db()
    assert (old.email, old.phone, old.ward, old.ip_hash) == ("", "", "", "")
    assert old.asker_name == "Nguyễn V. A." and old.contact_erased_at and old.answer
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.email == CONTACT["email"]


def test_the_demo_seed_is_idempotent():
    call_command("seed_questions", stdout=open("/dev/null", "w"))
    call_command("seed_questions", stdout=open("/dev/null", "w"))
    assert Question.objects.published().count() == 3

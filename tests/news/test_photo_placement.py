"""Photos placed in the body where the editor puts them, old articles laid out as they always were."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Photo
from news.photo_layout import ABOVE_THE_FIRST, photo_slots
from news.templatetags.news_tags import body_with_photos
from tests.factories import make_article, make_section, make_user
from tests.newsroom import article_data, change_url

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/130"}
BODY = "".join(f"<p>Đoạn {n}.</p>" for n in range(1, 7))  # six paragraphs


def photos(*positions):
    return [SimpleNamespace(name=f"ảnh {i + 1}", after_paragraph=p) for i, p in enumerate(positions)]


def slots_by_name(block_count, items):
    return {slot: [p.name for p in placed] for slot, placed in photo_slots(block_count, items).items()}


# Where each photo goes


def test_photos_without_a_choice_are_spread_as_before():
    """Old articles: the first photo after the first block, the others every blocks // photos blocks."""
    assert slots_by_name(6, photos(None, None, None)) == {0: ["ảnh 1"], 2: ["ảnh 2"], 4: ["ảnh 3"]}
    assert slots_by_name(4, photos(None, None)) == {0: ["ảnh 1"], 2: ["ảnh 2"]}
    assert slots_by_name(2, photos(None, None, None)) == {0: ["ảnh 1"], 1: ["ảnh 2", "ảnh 3"]}


def test_a_chosen_paragraph_places_the_photo_after_it():
    """after_paragraph 3 follows the third block; 0 goes above the first; past the end, after the last."""
    assert slots_by_name(6, photos(3)) == {2: ["ảnh 1"]}
    assert slots_by_name(6, photos(0)) == {ABOVE_THE_FIRST: ["ảnh 1"]}
    assert slots_by_name(6, photos(40)) == {5: ["ảnh 1"]}


def test_chosen_and_spread_photos_mix_in_the_editors_order():
    """Photos without a choice are spread among themselves; two in one place keep the editor's order."""
    assert slots_by_name(6, photos(None, 5, None, 1)) == {0: ["ảnh 1", "ảnh 4"], 4: ["ảnh 2"], 3: ["ảnh 3"]}


# In the rendered body


def rendered_order(html):
    """The body as a sequence: 'p1'… for paragraphs, the photos' captions for figures."""
    return [
        f"p{m[1]}" if m[1] else m[2] for m in re.finditer(r"<p>Đoạn (\d)\.</p>|<figcaption>(Chú thích ảnh \d)", html)
    ]


@pytest.mark.django_db
def test_old_article_body_keeps_its_layout():
    """Two photos without a choice in six paragraphs: after the first and the fourth, as before."""
    article = make_article(body=BODY, photos=2)
    html = body_with_photos(article.body, article.photos.all())
    assert rendered_order(html) == ["p1", "Chú thích ảnh 1", "p2", "p3", "p4", "Chú thích ảnh 2", "p5", "p6"]
    assert html.count('loading="eager"') == 1  # the first photo, near the top


@pytest.mark.django_db
def test_reader_page_shows_the_photos_where_the_editor_put_them(client):
    """Photo 1 above the text, photo 2 after the fifth paragraph: so the article page reads."""
    article = make_article(body=BODY, photos=2)
    first, second = article.photos.order_by("order")
    Photo.objects.filter(pk=first.pk).update(after_paragraph=0)
    second.after_paragraph = 5
    second.save()  # a photo's change is the article's change: its cached page is redone
    page = client.get(article.get_absolute_url(), **BROWSER).content.decode()
    body = page[page.index('class="article-body"') : page.index('class="article-footer"')]
    assert rendered_order(body) == ["Chú thích ảnh 1", "p1", "p2", "p3", "p4", "p5", "Chú thích ảnh 2", "p6"]


@pytest.mark.django_db
def test_placing_photos_costs_no_query(client):
    """An article page rendered from nothing runs as many queries with placed photos as with spread ones."""

    def cold_render_queries(article):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.get_absolute_url(), **BROWSER).status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]

    section = make_section()
    warm, spread, placed, spread_again = (make_article(section, body=BODY, photos=3) for _ in range(4))
    for n, photo in enumerate(placed.photos.all()):
        Photo.objects.filter(pk=photo.pk).update(after_paragraph=n * 2)
    # Each measured page comes right after another article's first view, which refreshes the
    # fragments they share (most read, the footer).
    cold_render_queries(warm)
    cold_render_queries(spread)
    with_placed_photos = cold_render_queries(placed)
    with_spread_photos = cold_render_queries(spread_again)
    assert len(with_placed_photos) == len(with_spread_photos)
    assert sum('FROM "news_photo"' in sql for sql in with_placed_photos) == 1


# In the newsroom


@pytest.mark.django_db
def test_editor_chooses_the_paragraph_in_the_photo_inline(client):
    """The photos inline has a "sau đoạn thứ" box, saved with the photo; empty means spread as before."""
    client.force_login(make_user("bientap", "editor"))
    article = make_article(body=BODY, photos=2)
    page = client.get(change_url(article)).content.decode()
    assert "Sau đoạn thứ" in page and 'placeholder="tự động"' in page
    first, second = article.photos.order_by("order")
    data = article_data(article.section, article)
    index = {p.pk: i for i, p in enumerate(Photo.objects.filter(article=article))}
    data[f"photos-{index[first.pk]}-after_paragraph"] = "4"
    assert client.post(change_url(article), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.after_paragraph == 4 and second.after_paragraph is None


@pytest.mark.django_db
def test_a_negative_paragraph_is_a_vietnamese_form_error(client):
    """-1 is refused in Vietnamese, nothing saved."""
    client.force_login(make_user("bientap", "editor"))
    article = make_article(body=BODY, photos=1)
    data = article_data(article.section, article)
    data["photos-0-after_paragraph"] = "-1"
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 0" in response.content.decode()
    assert article.photos.get().after_paragraph is None

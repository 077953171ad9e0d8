"""The article list: four columns an editor scans, the rest of each row behind its "Chi tiết" toggle."""

import re

import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("bientap", "editor"))
    return client


def column_headers(page):
    table = page[page.index('id="result_list"') :]
    head = table[: table.index("</thead>")]
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", head, re.S)]


def test_list_has_the_four_columns_that_matter(editor_client):
    """Title, section, state and publication time are the list's columns, nothing else."""
    make_article(title="Hội nghị Ban Chấp hành", cover=True)
    page = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    headers = [h for h in column_headers(page) if h]
    assert headers == ["Tiêu đề", "Chuyên mục", "Tình trạng", "Thời gian xuất bản"]


def test_the_rest_of_a_row_is_behind_its_details_toggle(editor_client):
    """Cover, authors, views, whether readers see it and the preview link are in the row's closed <details>."""
    article = make_article(title="Hội nghị Ban Chấp hành", cover=True, authors=("Huyền Anh", "Minh Đức"))
    Article.objects.filter(pk=article.pk).update(view_count=351)
    page = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    details = page[page.index('<details class="newsroom-row-details">') : page.index("</details>")]
    assert "<summary>Chi tiết" in details
    assert "Huyền Anh, Minh Đức" in details and "<dd>351</dd>" in details
    assert 'class="newsroom-thumb"' in details and 'loading="lazy"' in details
    assert reverse("news:preview", args=[article.pk]) in details
    assert f'href="{article.get_absolute_url()}"' in details  # published: its page on the site


def test_an_unpublished_article_has_no_link_to_the_site(editor_client):
    """A draft offers its preview, never a reader address that would answer 404."""
    draft = make_article(title="Bài nháp", status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Xem trên trang web" not in page and reverse("news:preview", args=[draft.pk]) in page


def test_title_links_to_the_form_keeping_the_filters(editor_client):
    """The title opens the article's form, and the way back keeps the list's filters."""
    section = make_section(name="Kinh tế")
    article = make_article(section=section, title="Tin kinh tế")
    query = f"?section__id__exact={section.pk}"
    page = editor_client.get(reverse("admin:news_article_changelist") + query).content.decode()
    link = re.search(r'<a class="newsroom-title" href="([^"]+)">Tin kinh tế</a>', page)
    assert link, "the title is not a link"
    assert link[1].startswith(reverse("admin:news_article_change", args=[article.pk]) + "?_changelist_filters=")
    assert f"section__id__exact%3D{section.pk}" in link[1]


def test_list_sorts_by_title(editor_client):
    """The title column still sorts the list."""
    make_article(title="Bài A")
    make_article(title="Bài B")  # changed last: first in the list as it opens
    changelist = reverse("admin:news_article_changelist")
    page = editor_client.get(changelist).content.decode()
    sort = re.search(
        r'<th scope="col" class="sortable column-headline[^"]*">.*?<a href="([^"]+)">Tiêu đề</a>', page, re.S
    )
    assert sort, "the title column cannot be sorted"
    page = editor_client.get(changelist + sort[1].replace("&amp;", "&")).content.decode()
    assert page.index(">Bài A</a>") < page.index(">Bài B</a>")


def test_popup_keeps_djangos_own_links(editor_client):
    """Chosen from another form's popup, an article is picked with Django's own link."""
    make_article(title="Bài để chọn")
    page = editor_client.get(reverse("admin:news_article_changelist") + "?_popup=1").content.decode()
    assert "data-popup-opener" in page and "newsroom-row-details" not in page

"""The article form's byline block: credit kind, authors and source unit in one place, rules kept."""

import re

import pytest
from django.urls import reverse

from news.models import Article, ArticleAuthor, Author
from tests.factories import make_article, make_section, make_user
from tests.newsroom import add_url, article_data, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


def byline_block(page):
    """The HTML of the byline block, from its opening tag to the end of the source unit's fieldset."""
    start = page.index('class="module newsroom-byline"')
    source = page.index("newsroom-byline-source", start)
    return page[start : page.index("</fieldset>", source)]


def test_kind_authors_and_source_are_one_block_in_that_order(client):
    """The authors inline sits inside the byline block, between the credit kind and the source unit."""
    client.force_login(make_user("bientap", "editor"))
    page = client.get(add_url()).content.decode()
    block = byline_block(page)
    kind, authors, source = (
        block.index(marker) for marker in ('name="byline_kind"', 'id="articleauthor_set-group"', 'name="source_unit"')
    )
    assert kind < authors < source
    assert "Tác giả và nguồn tin" in block
    # Once only: the other inlines (photos) still come after the fieldsets.
    assert page.count('id="articleauthor_set-group"') == 1
    assert page.index('id="photos-group"') > page.index('name="source_unit"')


def test_the_block_is_labelled_by_its_heading(client):
    """Screen readers announce the block as one group named "Tác giả và nguồn tin"."""
    client.force_login(make_user("bientap", "editor"))
    page = client.get(add_url()).content.decode()
    group = re.search(r'<div class="module newsroom-byline" role="group" aria-labelledby="([^"]+)">', page)
    assert group
    assert re.search(rf'<h2 id="{group[1]}" class="fieldset-heading">Tác giả và nguồn tin</h2>', page)


def test_the_rows_inputs_have_names_for_screen_readers(client):
    """The authors' order and delete boxes, the empty author search and the publication date and time are named."""
    client.force_login(make_user("bientap", "editor"))
    article = make_article(authors=("Huyền Anh",))
    page = client.get(change_url(article)).content.decode()
    assert re.search(r'<input type="number" name="articleauthor_set-0-order"[^>]*aria-label="Thứ tự"', page)
    assert re.search(r'<input type="checkbox" name="articleauthor_set-0-DELETE"[^>]*aria-label="Xóa"', page)
    assert 'data-placeholder="Gõ tên để tìm tác giả"' in page
    assert re.search(
        r'name="published_at_0"[^>]*aria-label="Ngày xuất bản"|aria-label="Ngày xuất bản"[^>]*name="published_at_0"',
        page,
    )
    assert re.search(
        r'name="published_at_1"[^>]*aria-label="Giờ xuất bản"|aria-label="Giờ xuất bản"[^>]*name="published_at_1"', page
    )


def test_authors_saved_from_the_block_in_their_order(client):
    """Authors added in the block are stored with the article, in the order given."""
    client.force_login(make_user("bientap", "editor"))
    first, second = Author.objects.create(name="Huyền Anh"), Author.objects.create(name="Minh Đức")
    response = client.post(add_url(), article_data(make_section(), authors=(first, second)))
    assert response.status_code == 302
    article = Article.objects.get()
    assert [link.author.name for link in ArticleAuthor.objects.filter(article=article).order_by("order")] == [
        "Huyền Anh",
        "Minh Đức",
    ]
    assert article.byline() == "Tin, ảnh: Huyền Anh, Minh Đức"


def test_reporter_sees_a_submitted_article_byline_read_only(client):
    """Once submitted, the reporter's byline block shows kind, authors and source, with nothing to edit."""
    reporter = make_user("phongvien", "reporter")
    article = make_article(status=Status.REVIEW, published_at=None, created_by=reporter, authors=("Huyền Anh",))
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    block = byline_block(page)
    assert "Huyền Anh" in block and "Ban Tuyên giáo Quận ủy" in block
    assert 'name="byline_kind"' not in block and 'name="source_unit"' not in block
    assert "articleauthor_set-0-author" not in block  # no editable author row


def test_the_version_form_keeps_the_byline_block(client):
    """A version of the article shows its credit kind and source unit in the same block."""
    editor = make_user("bientap", "editor")
    client.force_login(editor)
    article = make_article()
    client.post(change_url(article), article_data(article.section, article, source_unit="Văn phòng Quận ủy"))
    version = article.history.last()
    page = client.get(reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])).content
    block = byline_block(page.decode())
    assert 'name="byline_kind"' in block and 'value="Ban Tuyên giáo Quận ủy"' in block

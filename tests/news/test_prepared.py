"""Home page queries compiled once (news/prepared.py) find exactly what the ORM finds."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from news import queries as views
from news.models import Article, Section
from news.prepared import SENTINEL_ID, SENTINEL_TIME, PreparedQuery
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    politics, culture = make_section("Xây dựng Đảng"), make_section("Văn hóa - Xã hội")
    for days in range(6):
        make_article(section=politics, days=days, is_featured=days % 2 == 0)
        make_article(section=culture, days=days + 0.5)
    make_article(section=culture, status=Article.Status.DRAFT)
    return make_article(section=politics, title="Hẹn giờ đăng", days=-1, is_featured=True)  # tomorrow


def orm_featured(now):
    return list(Article.objects.published(now).filter(is_featured=True).newest_first().card_refs()[:4])


def test_the_compiled_queries_follow_the_time_they_are_given(newsroom):
    """Run twice with different times: the scheduled article is out today, in tomorrow."""
    now, tomorrow = timezone.now(), timezone.now() + timedelta(days=2)
    for moment in (now, tomorrow, now):
        assert [tuple(r) for r in orm_featured(moment)] == views.FEATURED.rows(now=moment)
        expected = list(Article.objects.published(moment).newest_first().card_refs()[:12])
        assert [tuple(r) for r in expected] == views.NEWEST.rows(now=moment)
    assert views.FEATURED.rows(now=tomorrow)[0][0] == newsroom.pk
    assert newsroom.pk not in {row[0] for row in views.NEWEST.rows(now=now)}


def test_the_home_lists_are_the_orm_s(newsroom):
    """Featured and newest (the home page's lists when no section block is shown): the ORM's references, in order."""
    now, tomorrow = timezone.now(), timezone.now() + timedelta(days=2)
    for moment in (now, tomorrow, now):
        featured, newest = views.home_lists(moment)
        assert [tuple(ref) for ref in featured] == [tuple(r) for r in orm_featured(moment)]
        expected = Article.objects.published(moment).newest_first().card_refs()[:12]
        assert [tuple(ref) for ref in newest] == [tuple(r) for r in expected]
    assert views.home_lists(tomorrow)[0][0].pk == newsroom.pk


def test_the_home_page_s_one_query_finds_what_the_separate_ones_find(newsroom):
    """home_content(): on PostgreSQL the lists ride along with the sections, the same references."""
    now, tomorrow = timezone.now(), timezone.now() + timedelta(days=2)
    for moment in (now, tomorrow):
        featured, newest, blocks = views.home_content(moment)
        assert (featured, newest) == views.home_lists(moment)
        assert [(s.pk, refs) for s, refs in blocks] == [(s.pk, refs) for s, refs in views.home_sections(moment)]
    Section.objects.update(show_on_home=False)  # no block: the lists come alone
    featured, newest, blocks = views.home_content(now)
    assert (featured, newest, blocks) == (*views.home_lists(now), [])
    assert featured and newest


def test_home_sections_match_the_orm(newsroom):
    moment = timezone.now()
    blocks = views.home_sections(moment)
    for section, refs in blocks:
        newest = Article.objects.published(moment).filter(section=section).newest_first()
        assert [(r.pk, r.updated_at) for r in refs] == list(newest.values_list("pk", "updated_at")[:4])
        assert section.name == Section.objects.get(pk=section.pk).name
    assert [s.pk for s, _ in blocks] == list(
        Section.objects.visible()
        .filter(show_on_home=True, articles__status="published")
        .distinct()
        .values_list("pk", flat=True)
    )


def test_the_home_page_shows_the_newest_articles(client, newsroom):
    content = client.get("/").content.decode()
    for article in Article.objects.published()[:5]:
        assert article.title in content
    assert "Hẹn giờ đăng" not in content


def test_a_placeholder_missing_from_the_query_is_refused():
    query = PreparedQuery(lambda now: Article.objects.filter(pk=1).values_list("pk"), now=SENTINEL_TIME)
    with pytest.raises(ImproperlyConfigured):
        query.rows(now=timezone.now())


def test_the_article_query_finds_what_the_orm_finds(newsroom):
    """Published articles only, with every field and their section as the ORM loads them."""
    from django.http import Http404

    article = Article.objects.published().exclude(pk=newsroom.pk).first()
    loaded = views.published_article(article.pk)
    expected = Article.objects.select_related("section").get(pk=article.pk)
    for name in views.ARTICLE_FIELDS:
        assert getattr(loaded, name) == getattr(expected, name), name
    assert loaded.section.name == expected.section.name
    assert loaded.get_absolute_url() == expected.get_absolute_url()
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    for hidden in (newsroom, draft):  # scheduled for tomorrow, a draft: not found
        with pytest.raises(Http404):
            views.published_article(hidden.pk)
        with pytest.raises(Http404):
            views.article_stamp(hidden.pk)
    stamp = views.article_stamp(article.pk)
    assert (stamp.pk, stamp.section_id, stamp.slug, stamp.section_slug, stamp.updated_at, stamp.view_count) == (
        expected.pk,
        expected.section_id,
        expected.slug,
        expected.section.slug,
        expected.updated_at,
        expected.view_count,
    )


def test_related_articles_are_the_orm_s_newest_of_the_section(newsroom):
    article = Article.objects.published().filter(section=newsroom.section).first()
    moment = timezone.now()
    expected = list(
        Article.objects.published(moment)
        .filter(section_id=article.section_id)
        .exclude(pk=article.pk)
        .newest_first()
        .values_list("pk", "updated_at")[:5]
    )
    assert views.RELATED.rows(now=moment, section=article.section_id, pk=article.pk) == [tuple(r) for r in expected]
    assert newsroom.pk not in {pk for pk, _ in expected}  # tomorrow's is not related yet
    # With the article's stamp (on PostgreSQL in its query): the same ones.
    assert [tuple(ref) for ref in views.article_stamp(article.pk).related] == [tuple(r) for r in expected]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("on_server", [True, False])
def test_prepared_on_the_server_and_again_after_a_reconnection(settings, on_server):
    """PostgreSQL keeps the plan of the prepared statement; a new connection prepares it again."""
    settings.PORTAL_DB_PREPARED_STATEMENTS = on_server
    query = PreparedQuery(lambda pk: Article.objects.filter(pk=pk).values_list("title"), pk=SENTINEL_ID)
    article = make_article(title="Tổng kết năm")

    def prepared():
        names = [compiled.name for compiled in query._compiled.values() if compiled.server_side]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = ANY(%s)", [names])
            return cursor.fetchone()[0]

    assert query.rows(pk=article.pk) == [("Tổng kết năm",)]
    assert prepared() == (1 if on_server else 0)
    connection.close()  # e.g. the database restarted
    assert query.rows(pk=article.pk) == [("Tổng kết năm",)]
    assert query.rows(pk=article.pk + 1000) == []
    assert prepared() == (1 if on_server else 0)


def listed(client, url):
    html = client.get(url).content.decode()
    return re.findall(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a>', html), html


def test_section_pages_list_what_the_orm_lists(client, settings, monkeypatch):
    """Every page of a section with a subsection: the ORM's articles, the right page count, and
    pages past the prepared ones or out of range still answered (one query on PostgreSQL)."""
    settings.PORTAL_ARTICLES_PER_PAGE = 2
    parent = make_section("Xây dựng Đảng")
    child = make_section("Kiểm tra, giám sát", parent=parent)
    for n in range(9):
        make_article(section=parent if n % 3 else child, title=f"Tin số {n}", days=n)
    make_article(section=parent, title="Tin hẹn giờ", days=-1)
    make_article(section=parent, title="Tin nháp", status=Article.Status.DRAFT)
    expected = [
        a.title
        for a in Article.objects.published().filter(section__in=[parent, child]).order_by("-published_at", "-id")
    ]
    url = parent.get_absolute_url()
    seen = []
    for number in range(1, 6):
        titles, html = listed(client, f"{url}?page={number}")
        assert titles == expected[(number - 1) * 2 : number * 2]
        assert 'href="?page=5"' in html or number == 5
        seen += titles
    assert seen == expected and "Tin hẹn giờ" not in seen and "Tin nháp" not in seen
    assert listed(client, f"{url}?page=99")[0] == expected[8:]  # past the end: the last page
    assert listed(client, f"{url}?page=x")[0] == expected[:2]
    monkeypatch.setattr(views, "PREPARED_SECTION_PAGES", 2)  # page 3: past the prepared ones, the ORM's slice
    assert listed(client, f"{url}?page=3")[0] == expected[4:6]
    assert listed(client, child.get_absolute_url())[0] == [t for t in expected if int(t.split()[-1]) % 3 == 0][:2]

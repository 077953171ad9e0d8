"""Most read (7 and 30 days, from daily views) and related articles."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, DailyViews, SiteSettings
from news.templatetags.discovery import most_read_lists, most_read_refs
from news.view_counts import record_view
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def views(article, days_ago, count):
    DailyViews.objects.create(article=article, day=timezone.localdate() - timedelta(days=days_ago), views=count)


def titles(articles):
    return [a.title for a in articles]


def lists():
    return {days: titles(articles) for days, articles in most_read_lists()}


def box(html):
    """Each period's list in the sidebar box, as titles."""
    section = html.split('class="box most-read"', 1)[1].split("</section>", 1)[0]
    panels = re.findall(r'<div class="tab-panel tab-panel-\d">(.*?)</div>', section, re.S)
    return [re.findall(r"<li><a [^>]*>(.*?)</a></li>", panel) for panel in panels]


def test_periods_rank_by_views_received_in_them():
    """7 days counts only the last 7 days' views, 30 days the last 30, whatever the totals."""
    recent = make_article(title="Tin tuần này")
    older = make_article(title="Tin tháng này")
    views(recent, 1, 50)
    views(older, 2, 10)
    views(older, 10, 500)
    assert lists() == {7: ["Tin tuần này", "Tin tháng này"], 30: ["Tin tháng này", "Tin tuần này"]}


def test_the_all_time_counter_is_not_used():
    """An article with a huge all-time count but no recent views is not 'most read'."""
    famous = make_article(title="Tin cũ nổi tiếng")
    Article.objects.filter(pk=famous.pk).update(view_count=1_000_000)
    views(famous, 40, 900)
    fresh = make_article(title="Tin mới")
    views(fresh, 0, 3)
    assert lists() == {7: ["Tin mới"], 30: ["Tin mới"]}


def test_period_boundaries_are_whole_local_days():
    """'7 days' is today and the six days before it; the seventh day back is out."""
    inside = make_article(title="Sáu ngày trước")
    outside = make_article(title="Bảy ngày trước")
    views(inside, 6, 1)
    views(outside, 7, 100)
    assert lists()[7] == ["Sáu ngày trước"]
    assert lists()[30] == ["Bảy ngày trước", "Sáu ngày trước"]


def test_recorded_views_count_in_the_periods():
    """Views counted by the article page land in today's row and in both periods."""
    article = make_article(title="Tin được đọc")
    record_view(article.pk)
    record_view(article.pk)
    assert DailyViews.objects.get(article=article, day=timezone.localdate()).views == 2
    assert lists() == {7: ["Tin được đọc"], 30: ["Tin được đọc"]}


def test_unpublished_articles_leave_the_lists_at_once():
    """The ranking is cached, but an article taken down disappears from it immediately."""
    keep = make_article(title="Còn đăng")
    gone = make_article(title="Đã gỡ")
    views(keep, 0, 5)
    views(gone, 0, 50)
    assert lists()[7] == ["Đã gỡ", "Còn đăng"]
    gone.status = Article.Status.UNPUBLISHED
    gone.save()  # as the editor's "Gỡ xuống" does: the content generation moves on
    assert lists()[7] == ["Còn đăng"]


def test_at_most_five_per_list():
    """Each list shows the five most read."""
    for n in range(8):
        views(make_article(title=f"Tin {n}"), 0, n + 1)
    assert lists()[7] == ["Tin 7", "Tin 6", "Tin 5", "Tin 4", "Tin 3"]


def test_sidebar_shows_both_periods_as_tabs_without_javascript(client):
    """The box has two tabs (radio buttons and labels) that work with CSS alone."""
    recent = make_article(title="Tin tuần này")
    older = make_article(title="Tin tháng này")
    views(recent, 0, 5)
    views(older, 20, 50)
    html = client.get(reverse("news:home")).content.decode()
    assert "Đọc nhiều nhất" in html
    assert re.search(r'<input class="tab-radio tab-radio-1[^"]*" type="radio" [^>]*id="most-read-7" checked>', html)
    assert '<label class="tab-label" for="most-read-7">7 ngày</label>' in html
    assert '<label class="tab-label" for="most-read-30">30 ngày</label>' in html
    assert box(html) == [["Tin tuần này"], ["Tin tháng này", "Tin tuần này"]]
    assert "Chưa có lượt xem" not in html


def test_empty_period_says_so(client):
    """A period without views says so in Vietnamese; no box at all when nothing was read."""
    assert "most-read" not in client.get(reverse("news:home")).content.decode()
    views(make_article(title="Tin cũ"), 20, 5)
    cache.clear()  # the ranking is kept a few minutes
    html = client.get(reverse("news:home")).content.decode()
    assert "Chưa có lượt xem nào trong khoảng thời gian này." in html


def test_box_is_on_section_and_article_pages(client):
    """The most-read box is in the sidebar of section and article pages too."""
    article = make_article(title="Tin được đọc")
    views(article, 0, 5)
    for url in (article.section.get_absolute_url(), article.get_absolute_url()):
        assert box(client.get(url).content.decode())[0] == ["Tin được đọc"]


def test_box_costs_no_query_once_ranked(client, django_assert_num_queries):
    """Once ranked, both lists come from the cache until the content changes, and a page whose
    box is cached loads none of the listed articles."""
    article = make_article(title="Tin")
    views(article, 0, 5)
    most_read_refs()
    with django_assert_num_queries(0):
        most_read_refs()
    article.save()
    with django_assert_num_queries(1):
        most_read_refs()
    url = article.get_absolute_url()
    SiteSettings.load()  # created on first use, which changes every fragment's version
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert box(client.get(url).content.decode())[0] == ["Tin"]
    assert not [q for q in queries if '"news_article"."id" IN (' in q["sql"]]  # the listed rows are not loaded


# Related articles ----------------------------------------------------------------------


def related(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    if 'class="related"' not in html:
        return []
    block = html.split('class="related"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><a href="[^"]+">(.*?)</a>', block)


def test_related_are_same_section_newest_first_never_itself(client):
    """'Tin liên quan' lists other published articles of the same section, newest first."""
    section = make_section("Xây dựng Đảng")
    article = make_article(section, title="Bài đang đọc", days=3)
    make_article(section, title="Cũ hơn", days=5)
    make_article(section, title="Mới hơn", days=1)
    make_article(section, title="Nháp", status=Article.Status.DRAFT)
    make_article(section, title="Hẹn giờ", days=-1)
    make_article(make_section("Văn hóa"), title="Chuyên mục khác")
    assert related(client, article) == ["Mới hơn", "Cũ hơn"]
    assert "Tin liên quan" in client.get(article.get_absolute_url()).content.decode()


def test_related_are_at_most_five(client):
    """At most five related articles are shown."""
    section = make_section()
    article = make_article(section)
    for n in range(7):
        make_article(section, title=f"Liên quan {n}", days=n + 1)
    assert related(client, article) == [f"Liên quan {n}" for n in range(5)]


def test_no_related_block_when_alone(client):
    """An article alone in its section shows no related block."""
    assert related(client, make_article()) == []

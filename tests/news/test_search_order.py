"""The order of search results on a fixed set of articles: the phrase first.

Each case is a query and the titles a reader expects, in that order. The articles that hold
the words apart are the newest ones, and hold the words as often: ranking by word counts and
recency alone would put them first.
"""

import re

import pytest
from django.urls import reverse

from news.search import parse_query, search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEARCH = reverse("news:search")
BODY = "<p>Các đồng chí trong Ban Chấp hành dự họp.</p>"

# (title, lead, days ago): the older ones hold the phrase, the newer ones the words apart.
ARTICLES = [
    ("Đại hội Đảng bộ phường Hòa Bình nhiệm kỳ mới", "Khai mạc trọng thể sáng nay.", 30),
    ("Khai mạc trọng thể", "Đại hội Đảng bộ phường Tân Định thành công tốt đẹp.", 25),
    ("Ngày hội Đại đoàn kết toàn dân tộc ở khu phố 3", "Bà con vui ngày hội, đảng viên dự.", 3),
    ("Hội thao đại đoàn kết của bộ đội và đảng viên", "Hội viên tham gia đông đủ.", 2),
    ("Bộ đội giúp dân", "Đảng viên và hội viên đại diện khu phố dự lễ.", 1),
    ("Tin tức thể thao", "Giải bóng đá phường.", 0),
]


@pytest.fixture
def articles():
    for title, lead, days in ARTICLES:
        make_article(title=title, lead=lead, body=BODY, days=days)


def found_titles(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    titles = re.findall(r'<h2 class="card-title"><a [^>]*>(.*?)</a></h2>', response.content.decode(), re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.mark.parametrize("q", ["dai hoi", "Đại hội", "ĐẠI HỘI"])
def test_the_words_in_order_come_before_the_words_apart(client, articles, q):
    """'dai hoi': the two articles about an Đại hội first (title before lead), then the others."""
    titles = found_titles(client, q=q)
    assert titles[:2] == [ARTICLES[0][0], ARTICLES[1][0]]
    assert set(titles[2:]) == {ARTICLES[2][0], ARTICLES[3][0], ARTICLES[4][0]}


def test_a_longer_phrase_typed_without_quotes_also_comes_first(client, articles):
    titles = found_titles(client, q="dai hoi dang bo")
    assert titles[:2] == [ARTICLES[0][0], ARTICLES[1][0]]


def test_a_quoted_phrase_finds_only_the_phrase(client, articles):
    """In quotes, the words must be together and in this order: nothing else is shown."""
    assert found_titles(client, q='"dai hoi dang bo"') == [ARTICLES[0][0], ARTICLES[1][0]]
    # The words exist, but never in this order: no match, only near misses, shown as such.
    results = search_articles(parse_query('"bo dang"'))
    assert results.near_misses


def test_a_quoted_phrase_and_a_word(client, articles):
    assert found_titles(client, q='"dai hoi" tan dinh') == [ARTICLES[1][0]]


def test_a_single_word_keeps_title_first_then_the_newest(client, articles):
    """One word has no order: the title counts most, then recency, as before."""
    titles = found_titles(client, q="bo doi")
    assert titles[0] == ARTICLES[4][0]  # title "Bộ đội giúp dân" (phrase in title, newest)


def test_the_phrase_across_title_and_lead_is_not_a_phrase(client):
    """A title ending in 'đại' and a lead starting with 'hội' do not make 'đại hội'."""
    make_article(title="Chào mừng đại", lead="hội viên đông đủ và đại biểu", body=BODY, days=0)
    make_article(title="Đại hội chi bộ", lead="Họp thường kỳ.", body=BODY, days=5)
    assert found_titles(client, q="dai hoi") == ["Đại hội chi bộ", "Chào mừng đại"]


def test_the_phrase_in_the_body_comes_before_the_words_apart(client):
    make_article(title="Hội nghị", lead="Đại biểu tham dự.", body="<p>Không có gì thêm.</p>", days=0)
    make_article(title="Thông báo", lead="Lịch họp.", body="<p>Chuẩn bị đại hội chi bộ.</p>", days=9)
    assert found_titles(client, q="dai hoi") == ["Thông báo", "Hội nghị"]

"""Search on PostgreSQL: the stored vector, its index and the bounded ranking."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from news import search as search_module
from news.models import Article
from news.search import parse_query, search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def vector_of(article):
    return Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)


def test_saving_stores_an_accent_free_weighted_vector():
    """Title words are weighted A, lead words B, body words C, all without diacritics."""
    article = make_article(title="Đại hội", lead="Phường Hòa Bình", body="<p>Đồng chí &amp; nhân dân</p>")
    vector = vector_of(article)
    assert "'dai':1A" in vector and "'hoi':2A" in vector
    assert "'phuong':3B" in vector and "'hoa':4B" in vector
    assert "'dong':6C" in vector and "'nhan':8C" in vector
    assert "amp" not in vector  # entities are decoded, not indexed


def test_vector_holds_plain_words_only():
    """Punctuation without spaces never glues words into one token (PostgreSQL would see a host name)."""
    article = make_article(title="Tin", lead="Xong.", body="<p>nhiệm vụ.Các đại biểu; tp.HCM covid-19</p>")
    vector = vector_of(article)
    assert "'vu':" in vector and "'cac':" in vector and "'hcm':" in vector and "'19':" in vector
    assert "." not in vector and "-" not in vector


def test_editing_the_title_updates_the_vector_even_with_update_fields():
    """Saving only the title (update_fields) still refreshes what search finds."""
    article = make_article(title="Hội thi văn nghệ")
    article.title = "Khánh thành nhà văn hóa"
    article.save(update_fields=["title"])
    vector = vector_of(article)
    assert "'khanh':1A" in vector and "'thi'" not in vector
    assert article.search_vector == vector  # reading the field after save reloads the stored vector


def test_search_uses_the_gin_index():
    """The full-text condition can be answered from the GIN index."""
    for n in range(30):
        make_article(title=f"Tin số {n}")
    # Unordered, and with statistics: else a planner may walk an ordered index and filter.
    results = Article.objects.filter(search_vector=search_module.SearchQuery("tin", config="simple")).order_by()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = results.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_idx" in plan


def test_words_close_together_rank_first():
    """With the same words, an article where they stand together ranks above one where they are apart."""
    apart = make_article(title="Tin tuần", lead="Đại biểu dự hội nghị, bàn về đảng viên và chi bộ.", days=1)
    together = make_article(title="Tin tháng", lead="Đại hội đảng bộ thành công.", days=2)
    results = search_articles(parse_query("dai hoi dang bo"))
    assert results.ids.index(together.pk) < results.ids.index(apart.pk)


def test_only_the_newest_matches_are_ranked_when_there_are_very_many(client, monkeypatch):
    """Past RANKED_WINDOW matches, the newest are ranked and the page says there are more."""
    monkeypatch.setattr(search_module, "RANKED_WINDOW", 3)
    old_title_match = make_article(title="Hội thi văn nghệ", days=30)
    newer = [make_article(title=f"Tin {n}", lead="Có hội thi ở phường.", days=n) for n in range(1, 5)]
    results = search_articles(parse_query("hoi thi"))
    assert results.capped
    assert results.ids == [a.pk for a in newer[:3]]
    assert old_title_match.pk not in results.ids
    html = client.get(reverse("news:search"), {"q": "hoi thi"}).content.decode()
    assert "Có hơn 3 bài viết chứa “hoi thi”" in html


@pytest.mark.parametrize("recent", [1, 2, 4, 50])
def test_looking_among_recent_articles_first_changes_nothing(monkeypatch, recent):
    """Wherever the recent/older split falls, the newest matches are found and ranked alike."""
    monkeypatch.setattr(search_module, "RANKED_WINDOW", 3)
    monkeypatch.setattr(search_module, "RECENT_ARTICLES", recent)
    cache.delete(search_module.RECENT_BOUNDARY_KEY)
    matches = [make_article(title=f"Hội thi {n}", days=n) for n in (1, 3, 5, 7)]
    make_article(title="Tin khác", days=2)
    title_match = make_article(title="Hội thi lớn", lead="Hội thi được tổ chức.", days=4)
    results = search_articles(parse_query("hoi thi"))
    assert results.ids == [title_match.pk, matches[0].pk, matches[1].pk]


def test_a_rare_word_in_an_old_article_is_found():
    """The recency window never hides a match when there are few: old articles are found."""
    old = make_article(title="Khánh thành cầu Đông Hưng", days=3000)
    for n in range(5):
        make_article(title=f"Tin mới {n}")
    assert search_articles(parse_query("dong hung")).ids == [old.pk]

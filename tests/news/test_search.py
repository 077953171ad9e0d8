"""Search: what readers find, on SQLite and PostgreSQL alike."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.search import highlight, parse_query
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SEARCH = reverse("news:search")


def found_titles(response):
    """Titles of the results, highlighting removed, in the order shown."""
    html = response.content.decode()
    titles = re.findall(r'<h2 class="card-title"><a [^>]*>(.*?)</a></h2>', html, re.S)
    return [re.sub(r"</?mark>", "", t) for t in titles]


def search(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


# Parsing and highlighting (no database) -------------------------------------------------


def test_parse_query_removes_diacritics_and_case():
    """Whatever the reader types, the words looked for are accent-free and lower-case."""
    query = parse_query("  ĐẠI   Hội  Đảng bộ ")
    assert query.text == "ĐẠI Hội Đảng bộ"
    assert query.words == ["dai", "hoi", "dang", "bo"]
    assert query.websearch() == "dai hoi dang bo"


def test_parse_query_understands_phrases_exclusions_and_or():
    """Quotes, a minus sign and `or` work as in web search engines."""
    query = parse_query('"đảng bộ" -quận or phường')
    assert query.groups == [[(False, ("dang", "bo")), (True, ("quan",))], [(False, ("phuong",))]]
    assert query.websearch() == '"dang bo" -quan or phuong'


@pytest.mark.parametrize("raw", ["", "   ", "%", "_", "%_%", "'", '"', "😀", "-dang", "or", "<>", "--"])
def test_parse_query_without_words_searches_nothing(raw):
    """A query with no letters or digits, or only excluded words, is not a search."""
    assert not parse_query(raw)


def test_parse_query_keeps_only_letters_and_digits():
    """SQL and HTML fragments become plain words: nothing reaches the database as syntax."""
    query = parse_query("<script>alert(1)</script> ' OR 1=1; DROP TABLE x; --")
    assert query.websearch() == '"script alert 1 script" or "1 1" drop table x'
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in query.words)


def test_parse_query_caps_length_and_words():
    """A very long query is cut to 200 characters and at most 10 words are looked for."""
    query = parse_query("dang " * 300)
    assert len(query.text) <= 200
    assert len([w for g in query.groups for _n, phrase in g for w in phrase]) == 10


def test_highlight_marks_words_whatever_their_diacritics():
    """`dai hoi` highlights `Đại hội` in the original text, accents and case kept."""
    html = highlight("Đại hội Đảng bộ phường", ["dai", "hoi", "dang"])
    assert html == "<mark>Đại</mark> <mark>hội</mark> <mark>Đảng</mark> bộ phường"


def test_highlight_escapes_the_text():
    """Text around and inside the highlights is HTML-escaped."""
    html = highlight("<b>Đại</b> & hội", ["dai"])
    assert html == "&lt;b&gt;<mark>Đại</mark>&lt;/b&gt; &amp; hội"


def test_highlight_keeps_whole_words_only():
    """`hoi` does not light up inside another word."""
    assert "<mark>" not in highlight("khởi công", ["hoi"])


def test_highlight_cuts_a_window_around_the_first_match():
    """A long text is cut to a snippet around the first match, with ellipses."""
    text = "mở đầu " * 60 + "Đại hội thành công " + "kết thúc " * 60
    html = highlight(text, ["dai"], length=120)
    assert "<mark>Đại</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(re.sub(r"</?mark>", "", html)) < 140


# Finding articles ----------------------------------------------------------------------


def test_words_without_diacritics_find_vietnamese_text(client):
    """`dai hoi dang bo` finds an article titled `Đại hội Đảng bộ …`."""
    make_article(title="Đại hội Đảng bộ phường Hòa Bình thành công tốt đẹp")
    make_article(title="Khánh thành nhà văn hóa")
    assert found_titles(search(client, q="dai hoi dang bo")) == ["Đại hội Đảng bộ phường Hòa Bình thành công tốt đẹp"]


def test_words_with_diacritics_find_text_without_them(client):
    """`Đại hội` finds an article whose text was typed without diacritics."""
    make_article(title="Dai hoi chi bo khu dan cu so 3")
    assert found_titles(search(client, q="Đại hội")) == ["Dai hoi chi bo khu dan cu so 3"]


def test_case_does_not_matter(client):
    """Upper-case queries find lower-case text and the reverse."""
    make_article(title="hội nghị học tập nghị quyết")
    make_article(title="HỘI THI VĂN NGHỆ")
    assert sorted(found_titles(search(client, q="HỘI NGHỊ"))) == ["hội nghị học tập nghị quyết"]
    assert found_titles(search(client, q="hoi thi van nghe")) == ["HỘI THI VĂN NGHỆ"]


def test_lead_and_body_are_searched(client):
    """Words of the lead and of the body (without its HTML) are found too."""
    make_article(title="Tin một", lead="Phường Kim Liên ra quân tổng vệ sinh.")
    make_article(title="Tin hai", body="<p>Lực lượng <strong>dân quân</strong> huấn luyện.</p>")
    assert found_titles(search(client, q="kim lien")) == ["Tin một"]
    assert found_titles(search(client, q="dan quan")) == ["Tin hai"]


def test_words_either_side_of_a_paragraph_break_are_found(client):
    """Paragraphs are kept apart: the last word of one and the first of the next are two words."""
    make_article(title="Tin một", body="<p>Hoàn thành nhiệm vụ.</p><p>Các đại biểu biểu quyết.</p>")
    assert found_titles(search(client, q="nhiem vu")) == ["Tin một"]
    assert found_titles(search(client, q='"cac dai bieu"')) == ["Tin một"]


def test_only_published_articles_are_found(client):
    """Drafts, articles awaiting review, unpublished and scheduled ones are never found."""
    make_article(title="Đại hội đã đăng")
    make_article(title="Đại hội bản nháp", status=Article.Status.DRAFT)
    make_article(title="Đại hội chờ duyệt", status=Article.Status.REVIEW)
    make_article(title="Đại hội đã gỡ", status=Article.Status.UNPUBLISHED)
    make_article(title="Đại hội hẹn giờ", days=-1)
    assert found_titles(search(client, q="dai hoi")) == ["Đại hội đã đăng"]


def test_title_matches_rank_before_body_matches(client):
    """An article with the words in its title comes before a newer one with them only in its body."""
    make_article(title="Đại hội Đảng bộ quận", days=5)
    make_article(title="Tin tức trong tuần", body="<p>Chuẩn bị cho đại hội đảng bộ quận.</p>", days=1)
    assert found_titles(search(client, q="dai hoi dang bo")) == ["Đại hội Đảng bộ quận", "Tin tức trong tuần"]


def test_equally_relevant_articles_come_newest_first(client):
    """Between equally relevant articles, the newest comes first."""
    for days, title in [(9, "Hội thi cũ"), (1, "Hội thi mới"), (4, "Hội thi giữa")]:
        make_article(title=title, days=days)
    assert found_titles(search(client, q="hoi thi")) == ["Hội thi mới", "Hội thi giữa", "Hội thi cũ"]


def test_phrase_exclusion_and_or(client):
    """Quoted phrases, excluded words and `or` narrow or widen what is found."""
    make_article(title="Đảng bộ phường An Lạc", lead="Tin trong tuần.")
    make_article(title="Bộ đội biên phòng thăm Đảng ủy", lead="Tin trong tuần.")
    make_article(title="Hội thi văn nghệ", lead="Tin trong tuần.")
    assert found_titles(search(client, q='"dang bo"')) == ["Đảng bộ phường An Lạc"]
    assert found_titles(search(client, q="dang -phuong")) == ["Bộ đội biên phòng thăm Đảng ủy"]
    assert sorted(found_titles(search(client, q="an lac or van nghe"))) == ["Hội thi văn nghệ", "Đảng bộ phường An Lạc"]


def test_results_show_highlighted_words(client):
    """The matching words are highlighted in the title and in the snippet."""
    make_article(title="Đại hội Đảng bộ", lead="Sáng nay, đại hội diễn ra trang trọng.")
    html = search(client, q="dai hoi").content.decode()
    assert "<mark>Đại</mark> <mark>hội</mark> Đảng bộ" in html
    assert "<mark>đại</mark> <mark>hội</mark> diễn ra" in html


def test_snippet_comes_from_the_body_when_the_lead_has_no_match(client):
    """When only the body has the words, the snippet shows that part of the body."""
    make_article(
        title="Tin tuần", lead="Tóm tắt tin tức.", body="<p>Đoạn đầu.</p><p>Quận ra mắt mô hình camera an ninh.</p>"
    )
    html = search(client, q="camera an ninh").content.decode()
    assert "<mark>camera</mark> <mark>an</mark> <mark>ninh</mark>" in html


def test_snippets_escape_article_text(client):
    """Text from articles is escaped in results, even around highlighted words."""
    make_article(title="Hội thi <b>lớn</b>", lead="Hội thi <img src=x onerror=alert(1)> vui.")
    html = search(client, q="hoi thi").content.decode()
    assert "<img src=x" not in html and "<b>lớn" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_nothing_found_says_so(client):
    """A query that matches nothing shows a message in Vietnamese."""
    make_article(title="Hội thi văn nghệ")
    response = search(client, q="xyzzy")
    assert found_titles(response) == []
    assert "Không tìm thấy bài viết nào phù hợp" in response.content.decode()


def test_near_misses_are_offered_when_one_word_is_mistyped(client):
    """With a mistyped word, articles having the other words are offered, and the page says so."""
    make_article(title="Đại hội Đảng bộ phường")
    response = search(client, q="dai hoi dang boo")
    assert found_titles(response) == ["Đại hội Đảng bộ phường"]
    assert "Không có bài viết nào chứa đủ" in response.content.decode()


def test_count_is_shown_in_vietnamese(client):
    """The number of articles found is shown in Vietnamese."""
    make_article(title="Hội thi một")
    make_article(title="Hội thi hai")
    assert "Tìm thấy 2 bài viết cho “hoi thi”." in search(client, q="hoi thi").content.decode()


def test_empty_search_page_invites_a_query(client):
    """Without a query, the page shows the form and a hint, and lists nothing."""
    make_article(title="Hội thi một")
    response = search(client)
    assert found_titles(response) == []
    assert "dai hoi dang bo" in response.content.decode()


# Filters -------------------------------------------------------------------------------


def test_section_filter_includes_child_sections(client):
    """Filtering by a section finds its articles and its sub-sections', not others'."""
    parent = make_section("Xây dựng Đảng")
    child = make_section("Kiểm tra giám sát", parent=parent)
    make_article(parent, title="Hội nghị chi bộ")
    make_article(child, title="Hội nghị kiểm tra")
    make_article(make_section("Văn hóa"), title="Hội nghị văn hóa")
    titles = found_titles(search(client, q="hoi nghi", section=parent.slug))
    assert sorted(titles) == ["Hội nghị chi bộ", "Hội nghị kiểm tra"]


@pytest.mark.parametrize("fmt", ["%d/%m/%Y", "%Y-%m-%d"])
def test_date_range_filter_accepts_both_formats(client, fmt):
    """From/to dates in dd/mm/yyyy or yyyy-mm-dd keep articles of those days, both ends included."""
    now = timezone.localtime()
    make_article(title="Hội thi hôm nay", published_at=now - timedelta(minutes=1))
    make_article(title="Hội thi ba ngày trước", published_at=now - timedelta(days=3))
    make_article(title="Hội thi mười ngày trước", published_at=now - timedelta(days=10))
    start = (now - timedelta(days=3)).date().strftime(fmt)
    end = (now - timedelta(days=1)).date().strftime(fmt)
    assert found_titles(search(client, q="hoi thi", **{"from": start, "to": end})) == ["Hội thi ba ngày trước"]
    assert len(found_titles(search(client, q="hoi thi", **{"from": start}))) == 2


@pytest.mark.parametrize("bad", ["32/13/2024", "hôm qua", "2024-02-30", "01/01/0001", "9999-12-31", "'; --", "%"])
def test_malformed_dates_are_ignored_with_a_notice(client, bad):
    """A date that makes no sense is ignored, with a Vietnamese notice, and the search still runs."""
    make_article(title="Hội thi văn nghệ")
    response = search(client, q="hoi thi", **{"from": bad, "to": bad})
    assert found_titles(response) == ["Hội thi văn nghệ"]
    assert "bị bỏ qua" in response.content.decode()


def test_reversed_dates_are_ignored_with_a_notice(client):
    """A start date after the end date is reported, and the end date is ignored."""
    make_article(title="Hội thi văn nghệ", days=2)
    today = timezone.localdate()
    params = {"from": (today - timedelta(days=5)).isoformat(), "to": (today - timedelta(days=9)).isoformat()}
    response = search(client, q="hoi thi", **params)
    assert found_titles(response) == ["Hội thi văn nghệ"]
    assert "Ngày kết thúc trước ngày bắt đầu" in response.content.decode()


def test_unknown_section_is_ignored_with_a_notice(client):
    """An unknown section in the address is ignored, with a notice."""
    make_article(title="Hội thi văn nghệ")
    response = search(client, q="hoi thi", section="khong-co")
    assert found_titles(response) == ["Hội thi văn nghệ"]
    assert "Chuyên mục" in response.content.decode()


# Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "x" * 1000,
        "đại hội " * 125,
        "' OR '1'='1",
        "1; DROP TABLE news_article; --",
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "%",
        "_",
        "%_%",
        "\\",
        "'",
        '"',
        '"unclosed',
        "😀🇻🇳",
        "a\x00b",
        "&amp; &lt;",
        "dai & hoi | !dang <-> bo",
        "-",
        "or or or",
    ],
)
def test_bad_input_gives_a_normal_page_with_the_query_escaped(client, raw):
    """Any query gives a normal page, never an error; the query is echoed escaped."""
    make_article(title="Đại hội Đảng bộ")
    response = client.get(SEARCH, {"q": raw, "page": "9999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_long_query_is_echoed_cut_and_escaped(client):
    """A 1,000-character query is echoed cut to 200 characters, escaped."""
    response = search(client, q="<b>" * 333)
    html = response.content.decode()
    assert "&lt;b&gt;" * 60 in html
    assert "&lt;b&gt;" * 80 not in html


def test_results_are_paginated_and_links_keep_the_filters(client):
    """Results come in pages; page links keep the query and the filters."""
    section = make_section("Văn hóa")
    for n in range(18):
        make_article(section, title=f"Hội thi số {n}", days=n)
    first = search(client, q="hoi thi", section=section.slug)
    second = search(client, q="hoi thi", section=section.slug, page=2)
    assert len(found_titles(first)) == 15 and len(found_titles(second)) == 3
    assert f"?q=hoi+thi&amp;section={section.slug}&amp;page=2" in first.content.decode()
    assert set(found_titles(first)).isdisjoint(found_titles(second))


def test_search_page_is_not_indexed(client):
    """Search result pages ask search engines not to index them."""
    assert '<meta name="robots" content="noindex, follow">' in search(client, q="hoi").content.decode()


def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    """Fifteen results cost no more queries than one: no query per result."""
    make_article(title="Hội thi đầu tiên")
    # 1 of them: the footer's agency links (about), read while its fragment is cold; 2 the
    # register's search for its box of documents found (documents/site_search.py).
    with django_assert_max_num_queries(15) as one:
        search(client, q="hoi thi")
    for n in range(20):
        make_article(title=f"Hội thi {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        search(client, q="hoi thi")

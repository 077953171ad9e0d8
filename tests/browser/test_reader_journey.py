"""A reader's journey through the portal: home, a section, an article, a related article, search."""

import re

import pytest
from django.utils import timezone

from tests.browser.helpers import PHONE, assert_focus_visible, expect, normalized_text, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expected_meta_line(article, views):
    published = timezone.localtime(article.published_at)
    return f"{published:%d/%m/%Y} | {published:%H:%M} | Lượt xem: {views}"


def check_article_page(page, site):
    """What the reader sees on the photo report, top to bottom, as the district's portal shows it."""
    article = site.article
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator(".article-section")).to_have_text(site.news.name)
    assert normalized_text(page.locator(".article-meta")) == expected_meta_line(article, views=1)
    expect(page.locator(".article-lead")).to_have_text(article.lead)

    figures = page.locator(".article-body figure")
    expect(figures).to_have_count(2)
    for i in range(2):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        expect(figure).to_be_visible()
        expect(figure.locator("figcaption")).to_be_visible()
        expect(figure.locator("figcaption")).to_have_text(f"Chú thích ảnh {i + 1}")
        image = figure.get_by_role("img", name=f"Chú thích ảnh {i + 1}")
        expect(image).to_be_visible()
        # The photo really arrived from the media storage, not a broken-image box.
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("(img) => img.naturalWidth") > 0

    expect(page.locator(".article-footer .byline")).to_have_text("Tin, ảnh: Huyền Anh, Minh Đức")
    expect(page.locator(".article-footer .source-unit")).to_have_text("(Ban Tuyên giáo Quận ủy)")


def test_reader_reads_an_article_follows_a_related_one_and_searches_without_diacritics(page, reader_site):
    """A reader goes from the home page to a section and an article, follows a related article, and finds
    "Đại hội …" by typing "dai hoi" in the header's search box."""
    site = reader_site
    page.goto("/")
    expect(page).to_have_title(re.compile("Cổng thông tin điện tử Quận ủy"))

    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name=site.news.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.news.name)

    page.get_by_role("heading", level=2).get_by_role("link", name=site.article.title).click()
    check_article_page(page, site)

    related = page.get_by_role("region", name="Tin liên quan")
    related.get_by_role("link", name=site.related.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.related.title)

    search_box = page.get_by_role("banner").get_by_role("searchbox", name="Tìm kiếm bài viết")
    search_box.fill("dai hoi")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=dai\+hoi$"))
    results = page.get_by_role("main").locator(".list")
    expect(results.get_by_role("link", name=site.congress.title)).to_be_visible()
    expect(results.get_by_role("link", name=site.related.title)).to_have_count(0)

    results.get_by_role("link", name=site.congress.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.congress.title)
    expect(page).to_have_url(re.compile(re.escape(site.congress.get_absolute_url()) + "$"))


def test_reader_does_the_same_journey_with_the_keyboard_alone(page, reader_site):
    """With only Tab and Enter a reader skips the header, reaches a section, an article, a related article
    and the search, and always sees where the focus is."""
    site = reader_site
    page.goto("/")

    # The first Tab shows the skip link; Enter moves the focus to the main content.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Chuyển đến nội dung chính")
    assert_focus_visible(skip_link)
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    # The next Tab lands inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert main.evaluate("(main) => main.contains(document.activeElement)")

    page.goto("/")
    section_link = page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name=site.news.name)
    tab_to(page, section_link)
    assert_focus_visible(section_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.news.name)

    article_link = page.get_by_role("heading", level=2).get_by_role("link", name=site.article.title)
    tab_to(page, article_link)
    assert_focus_visible(article_link)
    page.keyboard.press("Enter")
    check_article_page(page, site)

    related_link = page.get_by_role("region", name="Tin liên quan").get_by_role("link", name=site.related.title)
    tab_to(page, related_link)
    assert_focus_visible(related_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.related.title)

    search_box = page.get_by_role("banner").get_by_role("searchbox", name="Tìm kiếm bài viết")
    tab_to(page, search_box)
    assert_focus_visible(search_box)
    page.keyboard.type("dai hoi")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=dai\+hoi$"))

    result_link = page.get_by_role("main").locator(".list").get_by_role("link", name=site.congress.title)
    tab_to(page, result_link)
    assert_focus_visible(result_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.congress.title)


def test_on_a_phone_without_javascript_the_whole_menu_is_open(browser, base_url, reader_site):
    """The menu button needs JavaScript; without it every section is shown, wrapped, none
    scrolled out of sight (the button's own journey: tests/browser/test_header_tools.py)."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        menu = page.locator(".main-nav ul")
        expect(page.locator(".menu-toggle")).to_be_hidden()
        assert not menu.evaluate("el => el.scrollWidth > el.clientWidth"), "a section is out of sight"
        for link in menu.get_by_role("link").all():
            expect(link).to_be_in_viewport()
    finally:
        context.close()

"""The newsroom's article list in a real browser, at a laptop's 1366 px and a phone's 390 px.

An editor scans titles, sections, states and publication times: the titles are whole at 1366 px and
the state of every article is on screen at 390 px, in the portal's colours, with no serious axe-core
violation. The screenshots go to test-artifacts/screenshots/admin-article-list-<width>.png.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from tests.browser.helpers import ADMIN, assert_accessible, expect, screenshot
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 768}
Status = Article.Status

# Titles as long as the newsroom writes them, the capitalised one first: it is where the list used to cut.
TITLES = [
    "BẠN ĐỌC VIẾT: NHỮNG ĐỔI THAY Ở KHU PHỐ 3 SAU MỘT NĂM THỰC HIỆN NGHỊ QUYẾT VỀ CHỈNH TRANG ĐÔ THỊ",
    "Hội nghị học tập, quán triệt Nghị quyết Đại hội Đảng bộ quận lần thứ XIII, nhiệm kỳ 2025–2030",
    "Ban Thường vụ Quận ủy kiểm tra công tác chuẩn bị đại hội chi bộ tại phường Hòa Bình",
    "Phường Hòa Bình ra quân vệ sinh môi trường, hưởng ứng Tháng hành động vì môi trường",
    "Quận ủy sơ kết công tác xây dựng Đảng quý I và triển khai nhiệm vụ trọng tâm quý II",
    "Tuổi trẻ quận tổ chức chương trình “Mùa hè xanh” tại các khu dân cư",
]


def make_article_list(newsroom):
    """Articles in every state an editor meets, with covers and two authors each."""
    now = timezone.now()
    other = make_section("Tiến tới Đại hội Đảng bộ các cấp", menu_order=2, is_special_topic=True)
    states = [
        {"status": Status.REVIEW, "published_at": None},
        {"status": Status.PUBLISHED, "published_at": now - timedelta(hours=3)},
        {"status": Status.PUBLISHED, "published_at": now + timedelta(days=2)},
        {"status": Status.RETURNED, "published_at": None, "review_note": "Bổ sung chú thích ảnh."},
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.UNPUBLISHED, "published_at": now - timedelta(days=5)},
    ]
    articles = []
    for i, (title, state) in enumerate(zip(TITLES, states, strict=True)):
        articles.append(
            make_article(
                newsroom.section if i % 2 == 0 else other,
                title=title,
                cover=True,
                authors=("Huyền Anh", "Minh Đức"),
                created_by=newsroom.reporter,
                **state,
            )
        )
    return articles


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_article_list_reads_at_both_widths(staff_page, newsroom, viewport):
    """Every title is whole at 1366 px; at 390 px each article's state is on screen; axe-core finds nothing serious."""
    articles = make_article_list(newsroom)
    editor = staff_page(newsroom.editor)
    editor.goto(f"{ADMIN}news/article/")
    expect(editor.locator("#result_list")).to_be_visible()
    screenshot(editor, "admin-article-list")

    rows = editor.locator("#result_list tbody tr")
    expect(rows).to_have_count(len(articles))
    width = viewport["width"]
    for row in rows.all():
        title = row.locator("a.newsroom-title")
        # Whole: the link's text is not clipped by its cell, nor its cell by the window.
        clipped = title.evaluate(
            """(link) => {
                const cell = link.closest('th, td');
                const box = cell.getBoundingClientRect();
                return cell.scrollWidth > cell.clientWidth + 1 || box.right > document.documentElement.clientWidth + 1;
            }"""
        )
        assert not clipped, f"the title {title.inner_text()!r} is cut off at {width} px"
        state = row.locator(".newsroom-state")
        expect(state).to_be_visible()
        box = state.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"a state is off screen at {width} px"
    assert editor.evaluate("document.documentElement.scrollWidth") <= width, f"the page scrolls sideways at {width} px"
    hidden_columns = editor.locator("#changelist .results").evaluate("(box) => box.scrollWidth > box.clientWidth + 1")
    assert not hidden_columns, f"some columns of the list are scrolled out of sight at {width} px"
    assert_accessible(editor, f"admin-article-list-{width}")

    # The rest of a row is one click away: its cover, authors and views, and a preview link.
    first = rows.first
    details = first.get_by_text("Chi tiết")
    expect(first.locator(".newsroom-row-details-body")).to_be_hidden()
    details.click()
    expect(first.locator(".newsroom-row-details-body")).to_be_visible()
    expect(first.locator("dd").first).to_have_text("Huyền Anh, Minh Đức")
    expect(first.get_by_role("link", name="Xem trước")).to_be_visible()
    expect(first.locator("img.newsroom-thumb")).to_be_visible()
    assert editor.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(editor, f"admin-article-list-details-{width}")
    screenshot(editor, "admin-article-list-details")

    # The title still leads to the form, with the list's filters kept for the way back.
    with editor.expect_navigation():
        first.locator("a.newsroom-title").click()
    expect(editor.locator("#id_title")).to_have_value(first_title := articles[-1].title)
    assert first_title

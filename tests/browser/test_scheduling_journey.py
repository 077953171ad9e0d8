"""An editor schedules an article a few seconds ahead; readers do not see it before its time, and do after.

No job publishes it: `Article.objects.published()` compares the publication time with the clock, so the
article must appear by itself on the next page a reader loads once the time has come. A page cache in
front of the reader pages may delay that only as much as a reader reloading the page would notice, which
is what this journey does: it reloads, and reports how long the article took to appear.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from tests.browser.helpers import ADMIN, admin_message, expect, journey_notes, press, tab_to
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Quận ủy phát động thi đua chào mừng Đại hội Đảng bộ các cấp"
# How far ahead the editor schedules: time to save the form, look at the admin list and let the reader
# look twice before the article is due (about 2 s on a loaded CI machine).
AHEAD = timedelta(seconds=8)
# How long after its time a reader may have to wait for the article, reloading the home page.
APPEAR_WITHIN = timedelta(seconds=20)
RELOAD_EVERY_MS = 500


def check_still_before(when, what):
    """The reader's look must happen before the publication time, or it proves nothing about "before"."""
    if timezone.now() >= when:
        pytest.fail(
            f"{what} came after the publication time: the machine was too slow for AHEAD = {AHEAD}; raise it",
            pytrace=False,
        )


def test_scheduled_article_appears_by_itself_when_its_time_comes(new_page, staff_page, newsroom):
    """An editor types a publication time a few seconds ahead (d/m/Y H:M:S, Vietnam's time); until then the
    home page does not list the article and its address says "Không tìm thấy trang"; once the time has
    passed, reloading the home page shows it, and the reader opens it with the keyboard."""
    earlier = make_article(newsroom.section, title="Phường Hòa Bình ra quân vệ sinh môi trường", cover=True)
    article = make_article(
        newsroom.section,
        title=TITLE,
        status=Article.Status.REVIEW,
        published_at=None,
        cover=True,
        created_by=newsroom.reporter,
    )

    editor = staff_page(newsroom.editor)
    editor.goto(f"{ADMIN}news/article/{article.pk}/change/")
    expect(editor.locator(".timezonewarning")).to_have_count(0)  # the editor's clock is in the portal's zone
    when = timezone.localtime(timezone.now() + AHEAD).replace(microsecond=0)
    editor.locator("#id_published_at_0").fill(f"{when:%d/%m/%Y}")
    editor.locator("#id_published_at_1").fill(f"{when:%H:%M:%S}")
    press(editor, editor.get_by_role("button", name="Xuất bản / hẹn giờ"))
    expect(admin_message(editor).get_by_role("listitem").first).to_have_text(
        f"Bài viết đã được hẹn giờ: bạn đọc sẽ thấy bài từ {when:%d/%m/%Y %H:%M}."
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == when
    editor.goto(f"{ADMIN}news/article/")
    row = editor.locator("#result_list tr").filter(has=editor.get_by_role("link", name=TITLE))
    expect(row.locator(".newsroom-state")).to_have_text("Hẹn giờ")

    # Before its time: not on the home page, and its address is not found.
    reader = new_page()
    check_still_before(when, "The reader's look at the home page")
    reader.goto("/")
    main = reader.get_by_role("main")
    expect(main.get_by_role("link", name=earlier.title).first).to_be_visible()
    expect(main.get_by_role("link", name=TITLE)).to_have_count(0)
    check_still_before(when, "The reader's visit to the article's address")
    response = reader.goto(article.get_absolute_url())
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    check_still_before(when, "The end of the reader's first looks")

    # The reader goes back to the home page and reloads it now and then, as readers do.
    reader.get_by_role("link", name="Về trang chủ").click()
    expect(main.get_by_role("link", name=earlier.title).first).to_be_visible()
    link = main.get_by_role("link", name=TITLE).first
    reloads = 0
    while True:
        reader.reload()
        reloads += 1
        loaded = timezone.now()
        if link.count():
            assert loaded >= when, f"the article was on the home page {(when - loaded).total_seconds():.1f} s early"
            break
        if loaded > when + APPEAR_WITHIN:
            pytest.fail(
                f"the article was still missing from the home page {APPEAR_WITHIN.seconds} s after its time "
                f"({reloads} reloads): is a cached page kept past the publication time?",
                pytrace=False,
            )
        reader.wait_for_timeout(RELOAD_EVERY_MS)
    delay = (loaded - when).total_seconds()
    journey_notes["scheduled article"] = (
        f"on the home page {delay:.1f} s after its publication time at the latest "
        f"(reloaded every {RELOAD_EVERY_MS / 1000:g} s, {reloads} reloads)"
    )

    tab_to(reader, link)
    with reader.expect_navigation() as navigation:
        reader.keyboard.press("Enter")
    assert navigation.value.status == 200
    expect(reader).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)

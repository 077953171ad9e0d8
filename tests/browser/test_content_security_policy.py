"""The site's own scripts work under its real Content-Security-Policy (other browser tests bypass it
to inject axe-core). Any CSP violation reported in the console fails the test (conftest.new_page)."""

import pytest

from tests.browser.helpers import ADMIN, expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_voting_with_javascript_under_the_real_policy(new_page, open_poll):
    """polls.js votes without reloading while the strict reader policy (no inline script) is enforced."""
    page = new_page(bypass_csp=False)
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    box = page.locator(".poll-box").first
    box.get_by_role("radio", name="Không").check()
    box.get_by_role("button", name="Bình chọn").click()
    expect(box.locator(".poll-message")).to_have_text(
        "Cảm ơn bạn đã tham gia bình chọn! Phiếu của bạn đã được ghi nhận."
    )


def test_ckeditor_runs_under_the_admin_policy(new_page, newsroom):
    """CKEditor 5 loads and takes text on the article form under the admin's policy."""
    page = new_page(bypass_csp=False)
    log_in(page, newsroom.reporter.username)
    page.goto(f"{ADMIN}news/article/add/")
    editable = page.locator(".ck-editor__editable").first
    expect(editable).to_be_visible()
    editable.click()
    page.keyboard.type("Sáng nay, phường Hòa Bình tổ chức hội nghị.")
    expect(editable).to_contain_text("Sáng nay, phường Hòa Bình")

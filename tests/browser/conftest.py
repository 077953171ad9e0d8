"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Write a new journey as tests/browser/test_<journey>.py with `pytestmark = [pytest.mark.browser,
pytest.mark.django_db(transaction=True)]`, and use:
- `page`: a fresh browser context (cookies, storage) and page for the test, opened on the live server,
  so `page.goto("/")` works; change its window size by parametrizing `viewport` (helpers.PHONE/DESKTOP);
- `new_page(**context_options)`: more pages, each in its own context (a second visitor, an editor next to
  a reader, `java_script_enabled=False`, …), closed after the test;
- `reader_site`: a small published site (two sections, articles with cover and captioned photos), with
  the open poll of `open_poll` in its sidebar and the closed poll of `closed_poll` in the poll archive;
- `open_poll`: an open "Bình chọn" poll whose answers already have votes (helpers.OPEN_POLL_VOTES);
- `newsroom`: a reporter and an editor (in the roles' groups that the data migrations make) who log in
  with helpers.PASSWORD (helpers.log_in, through the login page), and a section to write in;
- `staff_page(user)`: a page in a fresh context already logged in as `user`, for journeys about what
  comes after the login page (quicker: no login pages to load);
Data made in the test is committed (transactional database), so the live server's thread sees it.
Every browser context is set in Vietnam: locale vi-VN, time zone Asia/Ho_Chi_Minh (the portal's).
"""

import importlib.util
import os
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.test import Client
from django.utils import timezone

from tests.browser import helpers
from tests.factories import make_article, make_poll, make_section, make_user

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOW_TO_ENABLE = "to run them: apt-get install chromium; npm ci (and pip install -r requirements.txt)"


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_requirements():
    missing = []
    if not (helpers.CHROMIUM.is_file() and os.access(helpers.CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {helpers.CHROMIUM}")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright Python package")
    if not helpers.AXE_JS.is_file():
        missing.append(f"axe-core ({helpers.AXE_JS.relative_to(helpers.ARTIFACTS.parent)})")
    return missing


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests run last; outside CI they are skipped, with how to enable them, when a tool is missing.

    Last, because the Playwright sync API keeps an asyncio loop running in the main thread while a
    browser is open, and no other test should run under it (see the `playwright` fixture).
    """
    # By marker, not `"browser" in item.keywords`: keywords also hold the names of the folders above a
    # test, so in a checkout that lives in a folder named "browser" every test would match.
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    items[:] = [item for item in items if not item.get_closest_marker("browser")] + browser_items
    missing = missing_requirements()
    if missing and not in_ci():
        skip = pytest.mark.skip(reason=f"browser tests need {', '.join(missing)}; {HOW_TO_ENABLE}")
        for item in browser_items:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if helpers.axe_summaries:
        terminalreporter.write_sep("-", "axe-core (serious/critical violations fail the test)")
        for name, summary in sorted(helpers.axe_summaries.items()):
            terminalreporter.write_line(f"{name}: {summary}")
        terminalreporter.write_line(f"full reports: {helpers.AXE_REPORTS}/")
    if helpers.journey_notes:
        terminalreporter.write_sep("-", "browser journeys")
        for name, note in helpers.journey_notes.items():
            terminalreporter.write_line(f"{name}: {note}")
    if helpers.written_screenshots:
        terminalreporter.write_sep("-", f"screenshots written to {helpers.SCREENSHOTS}/")
        for path in helpers.written_screenshots:
            terminalreporter.write_line(path.name)


@pytest.fixture(scope="session")
def playwright(django_db_setup):
    """Playwright for the session; in CI a missing tool is a failure, never a skip.

    Depends on django_db_setup only so that it is torn down before the test database is.
    """
    missing = missing_requirements()
    if missing:
        message = f"browser tests need {', '.join(missing)}; {HOW_TO_ENABLE}"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # The sync API runs its asyncio loop in this thread for as long as Playwright is started, and
    # Django refuses ORM calls from a thread with a running loop. The tests' own ORM calls (seeding,
    # checks, the flush after each test) are plain synchronous code that only shares the thread, so
    # Django's guard is lifted while Playwright runs, and restored afterwards. (With the loop running,
    # Django also looks connections up per asyncio context: the tests get connection objects other than
    # the ones made at setup, which is one more reason serialized_rollback finds nothing to restore here;
    # see replay_data_migrations.)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright, live_server):
    """One headless Chromium for the whole session; each test gets its own context from it.

    Started after the live server so that it closes first: the server's request threads end when the
    browser closes its connections, and must still find the database connection they share shareable.
    """
    browser = playwright.chromium.launch(executable_path=str(helpers.CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def base_url(live_server):
    return live_server.url


@pytest.fixture
def viewport():
    """The window size of `page`; parametrize `viewport` with helpers.PHONE or helpers.DESKTOP to change it."""
    return helpers.DESKTOP


@pytest.fixture
def new_page(browser, base_url, viewport):
    """Open pages in fresh contexts; uncaught JavaScript errors in any of them fail the test."""
    contexts, js_errors = [], []

    def open_page(**context_options):
        # axe-core is injected as an inline script, which the portal's Content-Security-Policy
        # forbids: contexts bypass it unless a test asks for the real policy
        # (test_content_security_policy.py runs the site's own scripts under it).
        options = {
            "viewport": viewport,
            "base_url": base_url,
            "locale": "vi-VN",
            "bypass_csp": True,
            # The admin compares the browser's clock with the server's and warns when their zones differ.
            "timezone_id": "Asia/Ho_Chi_Minh",
            **context_options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: js_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and js_errors.append(f"{page.url}: {message.text}")
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    if js_errors:
        pytest.fail("JavaScript errors in the page:\n" + "\n".join(js_errors), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def staff_page(new_page, base_url, settings):
    """Open a page whose context carries a session of `user`, as if they had logged in on it."""

    def open_page(user):
        client = Client()
        client.force_login(user)
        page = new_page()
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
        return page

    return open_page


@pytest.fixture
def open_poll(transactional_db):
    """The poll of the sidebar box: open, results always shown, 4 voters so far."""
    question = "Theo bạn quận có nên xây dựng mô hình đô thị thông minh hay không?"
    return make_poll(question, helpers.OPEN_POLL_VOTES, opened_days_ago=3)


@pytest.fixture
def closed_poll(transactional_db):
    """A past poll for the archive, closed a month ago."""
    return make_poll(
        "Bạn đánh giá thế nào về chất lượng giải quyết thủ tục hành chính tại bộ phận một cửa của phường?",
        {"Rất hài lòng": 7, "Hài lòng": 9, "Chưa hài lòng": 3, "Không có ý kiến": 1},
        opened_days_ago=75,
        days_open=45,
    )


@dataclass
class ReaderSite:
    news: object
    topic: object
    article: object
    related: object
    congress: object
    poll: object
    past_poll: object


@pytest.fixture
def reader_site(transactional_db, open_poll, closed_poll):
    """A small published portal: a section with a photo report and a related article, and a special topic."""
    now = timezone.now()
    news = make_section("Tin tức – Sự kiện", menu_order=1)
    topic = make_section(
        "Tiến tới Đại hội Đảng bộ các cấp",
        menu_order=2,
        is_special_topic=True,
        description="Tin bài về đại hội chi bộ, đảng bộ cơ sở trên địa bàn quận.",
    )
    article = make_article(
        news,
        title="Quận ủy sơ kết công tác xây dựng Đảng quý I",
        lead="Chiều 26/3, Ban Thường vụ Quận ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I.",
        body=(
            "<p>Hội nghị đánh giá kết quả thực hiện nghị quyết của Ban Chấp hành Đảng bộ quận.</p>"
            "<p>Các đại biểu tập trung thảo luận công tác cán bộ và kiểm tra, giám sát.</p>"
            "<p>Đồng chí Bí thư Quận ủy phát biểu kết luận hội nghị.</p>"
            "<p>Hội nghị thống nhất nhiệm vụ trọng tâm quý II.</p>"
        ),
        photos=2,
        cover=True,
        is_featured=True,
        authors=("Huyền Anh", "Minh Đức"),
        published_at=now - timedelta(hours=2),
    )
    related = make_article(
        news,
        title="Phường Hòa Bình ra quân vệ sinh môi trường",
        cover=True,
        published_at=now - timedelta(days=1),
    )
    congress = make_article(
        topic,
        title="Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2030 thành công tốt đẹp",
        lead="Sáng 20/3, Chi bộ Khu phố 3 phường Hòa Bình tổ chức đại hội lần thứ VIII.",
        cover=True,
        published_at=now - timedelta(days=2),
    )
    return ReaderSite(
        news=news,
        topic=topic,
        article=article,
        related=related,
        congress=congress,
        poll=open_poll,
        past_poll=closed_poll,
    )


# The apps whose data migrations (RunPython) the newsroom fixture replays: they make the roles.
# Every app of the portal with a "_roles" migration (the newsroom roles' share of its models).
PORTAL_APPS = ("news", "polls", "about", "workcalendar", "documents", "gallery", "questions", "consultation")


def replay_data_migrations():
    """Run the portal's data migrations again, each against the models as they were at its step.

    The roles (groups and their permissions) are rows that news/0003_roles and polls/0002_roles wrote
    when the test database was migrated, and the flush after every transactional test deletes them.
    serialized_rollback cannot bring them back here: post_migrate recreates the content types and
    permissions after each flush under new ids, which the serialized copy then collides with.
    Replaying the migrations' own code gives the tests exactly the roles a fresh `migrate` gives.
    The migrations are written to be run again (get_or_create, permissions.add).
    """
    loader = MigrationLoader(connection)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    with connection.schema_editor() as schema_editor:
        for app_label, name in plan:
            migration = loader.graph.nodes[app_label, name]
            # Only the data migrations that write rows (the roles): schema work done in RunPython,
            # such as PostgreSQL's search index, stays done across flushes.
            if app_label not in PORTAL_APPS or not name.endswith("_roles"):
                continue
            state = loader.project_state((app_label, name), at_end=False)
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(state.apps, schema_editor)
                else:
                    operation.state_forwards(app_label, state)


@dataclass
class Newsroom:
    section: object
    reporter: object
    editor: object


@pytest.fixture
def newsroom(transactional_db, settings):
    """A reporter and an editor with passwords (helpers.PASSWORD), in the groups migration 0003 made, and a section."""
    # Hashing with the default PBKDF2 costs about a second per password on CI machines; what these tests
    # check is the login page, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    replay_data_migrations()
    users = {}
    for username, role in (("phongvien", "reporter"), ("bientap", "editor")):
        user = make_user(username, role)
        user.set_password(helpers.PASSWORD)
        user.save(update_fields=["password"])
        users[role] = user
    section = make_section("Xây dựng Đảng", menu_order=1)
    return Newsroom(section=section, reporter=users["reporter"], editor=users["editor"])

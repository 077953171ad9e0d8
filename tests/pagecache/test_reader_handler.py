"""The reader handler (portal/handlers.py): a reader's GET through less middleware, the same page."""

from importlib import import_module

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

from pagecache import local
from pagecache.handlers import ReaderHandler, reader_match
from pagecache.wsgi import PageCacheApplication
from polls.voters import SESSION_VOTED
from tests.factories import QUESTION, make_article, make_poll, make_section
from tests.pagecache.test_cache_wsgi import app as wsgi_app  # noqa: F401 - the fixture, under another name
from tests.pagecache.test_cache_wsgi import call
from tests.polls.helpers import vote_url

pytestmark = pytest.mark.django_db

CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1)"  # views not counted: the same page each time


@pytest.fixture
def doors(wsgi_app, settings):  # noqa: F811
    """The WSGI door without the page cache, with and without the reader handler."""
    settings.PORTAL_PAGE_CACHE = False
    return PageCacheApplication(WSGIHandler()), PageCacheApplication(WSGIHandler(), ReaderHandler())


@pytest.fixture
def portal():
    section = make_section("Xây dựng Đảng")
    article = make_article(
        section=section, title="Hội nghị Ban Chấp hành Đảng bộ quận", photos=1, authors=("Minh Đức",)
    )
    make_article(section=section, title="Học tập nghị quyết")
    make_poll()
    return {"section": section, "article": article}


def reader_pages(portal):
    return {
        "home": "/",
        "section": portal["section"].get_absolute_url(),
        "section, page 2": portal["section"].get_absolute_url() + "?page=2",
        "article": portal["article"].get_absolute_url(),
        "search": "/tim-kiem/?q=ngh%E1%BB%8B+quy%E1%BA%BFt",  # nghị quyết
        "missing article": "/xay-dung-dang/khong-co-bai-nay-999999.html",
        "article's old address": portal["article"].get_absolute_url().replace("hoi-nghi", "hoi-nghi-cu"),
    }


def test_reader_pages_are_the_same_through_either_handler(doors, portal):
    """Status, every header and every byte of each reader page, with and without the reader handler."""
    full, reader = doors
    for name, path in reader_pages(portal).items():
        expected = call(full, path, HTTP_USER_AGENT=CRAWLER)
        got = call(reader, path, HTTP_USER_AGENT=CRAWLER)
        assert got[0] == expected[0], name
        expected[1].pop("X-Request-ID"), got[1].pop("X-Request-ID")
        assert got[1] == expected[1], name
        assert got[2] == expected[2], name
        assert got[0] == {"missing article": 404, "article's old address": 301}.get(name, 200), name


def test_only_reader_pages_take_the_lighter_handler(portal):
    """The admin, the polls and the feeds need sessions, CSRF or logins: they keep the whole chain."""
    assert reader_match({"PATH_INFO": "/"}) is not None
    assert reader_match({"PATH_INFO": portal["article"].get_absolute_url()}) is not None
    for path in (reverse("admin:login"), reverse("polls:archive"), "/rss/", "/khong-co-trang-nay/"):
        assert reader_match({"PATH_INFO": path}) is None, path


def test_the_admin_login_still_gets_its_csrf_cookie(doors):
    """A GET of the login page through the door sets the CSRF cookie the login form posts back."""
    _, reader = doors
    status, headers, body = call(reader, reverse("admin:login"))
    assert status == 200
    assert "csrftoken=" in headers.get("Set-Cookie", "")
    assert b'name="csrfmiddlewaretoken"' in body


def test_a_voter_still_sees_their_vote_in_the_poll_box(doors, portal, settings):
    """A browser with a session (it voted) goes through the whole chain: its poll box shows the
    results link, a browser without one the form."""
    _, reader = doors
    poll = make_poll("Câu hỏi thứ hai?")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_VOTED] = [poll.pk]  # as the vote view leaves it (polls.voters.remember_vote)
    session.save()
    path = portal["article"].get_absolute_url()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    voter = call(reader, path, HTTP_USER_AGENT=CRAWLER, HTTP_COOKIE=cookie)[2].decode()
    newcomer = call(reader, path, HTTP_USER_AGENT=CRAWLER)[2].decode()
    assert QUESTION in voter and QUESTION in newcomer
    assert f'action="{vote_url(poll)}"' in newcomer
    assert f'action="{vote_url(poll)}"' not in voter


def test_cached_pages_are_stored_from_the_reader_handler(wsgi_app, settings, portal):  # noqa: F811
    """With the page cache on, the reader handler's render is what the next reader gets."""
    reader = PageCacheApplication(WSGIHandler(), ReaderHandler())
    local._pages.clear()
    first = call(reader, "/")
    second = call(reader, "/")
    assert first[1]["X-Page-Cache"] == "miss" and second[1]["X-Page-Cache"] == "hit"
    assert second[2] == first[2]

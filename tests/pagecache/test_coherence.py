"""What an editor changes shows on every worker, in every cache configuration.

Played for real: the portal under gunicorn with several workers, each with its own memory, as
`make run` starts it; the edits are made by this process, as the admin would make them.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from news.models import Article, SiteSettings
from polls.models import Answer, Poll
from tests.factories import make_article, make_section
from tests.pagecache.test_faults import Portal, portal_env

WORKERS = 3
REQUESTS = 4 * WORKERS  # enough for every worker to answer some of them


def open_poll(question):
    poll = Poll.objects.create(question=question, opens_at=timezone.now() - timedelta(days=1))
    Answer.objects.bulk_create(Answer(poll=poll, text=text, order=i) for i, text in enumerate(("Có", "Không")))
    return poll


def bodies(portal, path):
    answers = [portal.get(path) for _ in range(REQUESTS)]
    return [(status, headers.get("X-Page-Cache"), body) for status, headers, body in answers]


@pytest.mark.django_db(transaction=True)
def test_without_redis_every_worker_shows_an_edit_within_the_local_copy_time(tmp_path, production_static, settings):
    """No REDIS_URL, several workers: a new poll, an edited title, an unpublished article and a
    closed poll show on every worker once PAGE_CACHE_LOCAL_SECONDS have passed."""
    settings.CACHES = {"default": django_settings.DATABASE_CACHE}  # what the portal uses: one table for all
    SiteSettings.load()
    section = make_section("Tin tức - Sự kiện")
    kept = make_article(section=section, title="Hội nghị sơ kết công tác quý III")
    dropped = make_article(section=section, title="Thông báo lịch tiếp công dân")
    old_poll = open_poll("Bạn có đọc bản tin của phường hằng tuần không?")
    db = django_settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    portal = Portal(portal_env(tmp_path, production_static, url), tmp_path, workers=WORKERS)
    try:
        before = bodies(portal, "/")
        assert all(status == 200 and old_poll.question in body for status, _, body in before)
        assert {cached for _, cached, _ in before} >= {"hit"}, "the page cache is on without Redis"
        assert all(portal.get(dropped.get_absolute_url())[0] == 200 for _ in range(REQUESTS))

        new_poll = open_poll("Theo bạn Hà Nội có nên xây dựng thành phố thông minh hay không?")
        kept.title = "Hội nghị tổng kết công tác năm"
        kept.save()
        dropped.status = Article.Status.DRAFT
        dropped.save()
        old_poll.closes_at = timezone.now() - timedelta(minutes=1)
        old_poll.save()
        time.sleep(django_settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS + 0.3)

        after = bodies(portal, "/")
        assert all(new_poll.question in body for _, _, body in after)
        assert all("Hội nghị tổng kết công tác năm" in body for _, _, body in after)
        assert not any(old_poll.question in body or dropped.title in body for _, _, body in after)
        assert all(portal.get(dropped.get_absolute_url())[0] == 404 for _ in range(REQUESTS))
        assert all(status == 200 for status, _, _ in bodies(portal, kept.get_absolute_url()))
    finally:
        portal.stop()

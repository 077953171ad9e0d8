"""Redis behind Sentinel: the page cache and the view buffer follow a failover by themselves.

Played on real engines: Debian's redis-server as a primary and its replica, three redis-sentinel
(deploy/cluster/redis_sentinel.py), and the portal under gunicorn with production settings.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from news.models import SiteSettings
from tests.cluster.engines import redis_sentinel
from tests.cluster.test_replicas import free_base_port
from tests.factories import make_article, make_section
from tests.pagecache.test_faults import Portal, article_views, portal_env

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        not redis_sentinel.available() and not os.environ.get("CI"),
        reason="needs Debian's redis-server and redis-sentinel (apt-get install redis-sentinel; CI installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def sentinels():
    root = Path(tempfile.mkdtemp(prefix="portal-redis-"))
    cluster = redis_sentinel.RedisCluster(root, free_base_port() + 1)
    try:
        cluster.up()
        yield cluster
    finally:
        cluster.down()
        shutil.rmtree(root, ignore_errors=True)


def test_views_counted_across_a_redis_failover_equal_the_pages_served(sentinels, tmp_path, production_static):
    """The Redis primary is killed while readers read an article: every page is served (from the
    database's cache while the breaker is open), the Sentinels promote the replica, the portal
    finds it by itself, and the views in the database equal the pages served, none lost, none twice."""
    SiteSettings.load()
    article = make_article(section=make_section("Tin tức - Sự kiện"), title="Khai mạc Đại hội Đảng bộ quận")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = portal_env(
        tmp_path, production_static, url, PAGE_CACHE="true", VIEW_BUFFER_SECONDS="0.2", **sentinels.environment()
    )
    portal = Portal(env, tmp_path, workers=2)
    served = []
    try:
        for _ in range(20):
            served.append(portal.get(article.get_absolute_url())[0])
        assert "portal:" in sentinels.cli(sentinels.ports["primary"], "keys", "portal:*"), (
            "the portal found the primary through the Sentinels"
        )

        sentinels.kill_primary()
        deadline = time.monotonic() + 30
        while sentinels.primary_port() != sentinels.ports["replica"]:
            served.append(portal.get(article.get_absolute_url())[0])  # readers go on reading meanwhile
            assert time.monotonic() < deadline, "the Sentinels did not promote the replica"
            time.sleep(0.05)
        during = len(served) - 20
        time.sleep(2.5)  # the breaker's probe reaches the promoted primary (RETRY_AFTER 2 s)
        for _ in range(20):
            served.append(portal.get(article.get_absolute_url())[0])
        assert "portal:" in sentinels.cli(sentinels.ports["replica"], "keys", "portal:*"), (
            "the portal writes to the promoted primary again"
        )
    finally:
        portal.stop()
    # What is still buffered, as the timer of deploy/ writes it: through the Sentinels too.
    done = subprocess.run(
        [sys.executable, "manage.py", "flush_views"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert served == [200] * len(served), portal.output()
    assert during > 0
    assert article_views(article) == len(served), portal.output()

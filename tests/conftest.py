import io
import os

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media folder and an empty cache.

    The cache is this process's memory and the whole-page cache is off unless a test turns it
    on: a test runs in one process, and counts its queries without the cache's own. The
    configuration that runs in production, PostgreSQL's cache table shared by several workers,
    or Redis, is tested where it matters (tests/pagecache/).
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300}}
    settings.PORTAL_PAGE_CACHE = False
    cache.clear()
    yield
    cache.clear()


def jpeg_bytes(width=800, height=600, color=(180, 30, 30)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """The site's own static files collected as in production (hashed names, compressed).

    The admin's and CKEditor's files are left out: public pages do not use them, and
    compressing them takes seconds.
    """
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storage = {"BACKEND": "portal.storage.StaticStorage"}
    from django.conf import settings

    with override_settings(STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": storage}):
        call_command(
            "collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "django_ckeditor_5", "axes"]
        )
    return root


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis():
    """TEST_REDIS_URL once Redis answers there: without it the test is skipped, or fails in CI."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}")
    return TEST_REDIS_URL


@pytest.fixture
def redis_cache(settings):
    """The production cache backend over a real Redis (TEST_REDIS_URL), emptied before and after."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": require_redis(),
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    cache.clear()
    yield
    cache.clear()

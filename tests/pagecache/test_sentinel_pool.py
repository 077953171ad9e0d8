"""The Sentinel pool's reading of the cache's settings (the failover itself: tests/cluster/)."""

from pagecache.backends.sentinel import SentinelPool


def test_the_url_gives_the_database_and_password_and_the_options_the_sentinels():
    pool = SentinelPool.from_url(
        "redis://:s3cret@sentinel/3",
        sentinels=["10.0.0.1:26379", "10.0.0.2:26380"],
        service_name="portal",
        socket_timeout=0.5,
    )
    assert pool.service_name == "portal"
    assert [
        (s.connection_pool.connection_kwargs["host"], s.connection_pool.connection_kwargs["port"])
        for s in pool.sentinel_manager.sentinels
    ] == [("10.0.0.1", 26379), ("10.0.0.2", 26380)]
    assert pool.connection_kwargs["db"] == 3 and pool.connection_kwargs["password"] == "s3cret"
    assert pool.connection_kwargs["socket_timeout"] == 0.5
    assert pool.sentinel_manager.sentinels[0].connection_pool.connection_kwargs["socket_timeout"] == 0.5

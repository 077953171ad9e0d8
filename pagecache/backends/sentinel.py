"""Redis behind Sentinel: the connection pool that ResilientRedisCache uses when REDIS_SENTINELS is set.

redis-py's SentinelConnectionPool asks the Sentinels where the primary is whenever a connection
is opened, and treats a primary that was demoted (READONLY) as a lost connection. Django builds
its pools with `pool_class.from_url(LOCATION, **OPTIONS)`; this class gives that call the shape
of Sentinel's: the URL's database number and password, the Sentinels and the service from OPTIONS.
After a failover the breaker (redis.py) has the process serve from the fallback cache until its
probe, which opens a new connection, reaches the promoted primary.
"""

from redis.connection import parse_url
from redis.sentinel import Sentinel, SentinelConnectionPool


class SentinelPool(SentinelConnectionPool):
    @classmethod
    def from_url(cls, url, *, sentinels, service_name, **kwargs):
        """`sentinels`: ["host:port", …]; `url`: redis://[:password@]any-host/db (the host is not used)."""
        found = parse_url(url)
        connection = {key: found[key] for key in ("db", "password", "username") if found.get(key) is not None}
        timeouts = {key: kwargs[key] for key in ("socket_connect_timeout", "socket_timeout") if key in kwargs}
        addresses = [(host, int(port)) for host, port in (s.rsplit(":", 1) for s in sentinels)]
        manager = Sentinel(addresses, sentinel_kwargs=timeouts, **timeouts)
        return cls(service_name, manager, **connection, **kwargs)

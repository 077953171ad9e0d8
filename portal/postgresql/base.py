"""Django's PostgreSQL backend, asking a connection "SELECT 1" only when it has been idle.

With CONN_HEALTH_CHECKS, Django checks a persistent connection with a round trip before the
first query of every request: the database restarted since the last request, or a network
outage, then costs a reconnection instead of an error page. Under load that is one extra
round trip per page (PostgreSQL's time as well as ours) for a connection that answered a
moment ago. This backend skips the check when the connection completed a request without
error within the last HEALTHY_FOR seconds. A restart within that second is still survived:
the request that meets the dead connection gets the 503 page, and Django closes the
connection at its end, so the next request reconnects.
"""

import time

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    HEALTHY_FOR = 1.0
    _answered_at = -HEALTHY_FOR  # monotonic time of the end of the last request that used it

    def close_if_health_check_failed(self):
        if self.connection is not None and time.monotonic() - self._answered_at < self.HEALTHY_FOR:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close_if_unusable_or_obsolete(self):
        # Called as a request starts and as it ends: health_check_done means that it used the
        # connection, errors_occurred that a query failed.
        if self.connection is not None and self.health_check_done and not self.errors_occurred:
            self._answered_at = time.monotonic()
        super().close_if_unusable_or_obsolete()

    def close(self):
        self._answered_at = -self.HEALTHY_FOR
        super().close()

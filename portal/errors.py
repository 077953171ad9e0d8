"""Error pages that never show a reader a traceback or a setting.

handler500 tells a database outage apart from a bug: readers get a Vietnamese 503 "try again
in a moment" with Retry-After, and nothing on these pages touches the database or the cache
(standalone templates, no context processors), so they render while both are down. Once
PostgreSQL is back the next request reconnects by itself (CONN_HEALTH_CHECKS).
"""

import base64
import hashlib
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

_STYLE_RE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def _standalone(template_name, status):
    html = loader.get_template(template_name).render()
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    # The page keeps its few lines of CSS inline (it must not depend on anything else): allow
    # exactly that style block through the Content-Security-Policy, by its hash.
    styles = [f"'sha256-{_sha256(css)}'" for css in _STYLE_RE.findall(html)]
    if styles:
        response._csp_update = {"style-src": styles}
    return response


def _sha256(text):
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def database_unavailable():
    response = _standalone("503.html", 503)
    response["Retry-After"] = "30"
    response.database_unavailable = True  # a reader's GET may be tried again on another server
    return response


def server_error(request):
    """handler500: called while the exception that broke the request is being handled."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return _standalone("500.html", 500)

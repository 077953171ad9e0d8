"""Small middleware of the portal: request ids, security headers, the client's address."""

import re
import uuid

from axes.backends import AxesStandaloneBackend
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.shortcuts import render

from .logging import request_id

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(environ):
    """nginx's X-Request-ID (from the WSGI environ) when it looks like one, else a new id."""
    rid = environ.get("HTTP_X_REQUEST_ID", "")
    return rid if _REQUEST_ID_RE.match(rid) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Tie every log line of a request together: nginx's X-Request-ID, or a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_for(request.META)
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with settings.PORTAL_ADMIN_CSP_UPDATE added on the admin's paths.

    The admin's rich text editor (CKEditor 5) writes style attributes into the content it
    edits and previews uploads as blob: URLs; scripts stay restricted to this origin everywhere.
    """

    # What a view or decorator may set on a response to change its policy (django-csp).
    _PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
    _PER_RESPONSE += tuple(f"{name}_ro" for name in _PER_RESPONSE)

    def __init__(self, get_response):
        super().__init__(get_response)
        self.admin_prefixes = ("/" + settings.PORTAL_ADMIN_URL, "/ckeditor5/")
        self._plain = {}  # the headers of a reader page without nonce or per-response policy

    def process_response(self, request, response):
        """The policy of a plain reader page is built once: django-csp builds it for every
        response (two policies, both directive by directive), about 60 µs."""
        if (
            getattr(request, "_csp_nonce", None) is not None
            or request.path_info.startswith(self.admin_prefixes)
            or any(hasattr(response, name) for name in self._PER_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        settings_key = (
            id(settings.CONTENT_SECURITY_POLICY),
            id(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)),
        )
        headers = self._plain.get(settings_key)
        if headers is None:
            response = super().process_response(request, response)
            self._plain = {
                settings_key: [(name, response[name]) for name in (HEADER, HEADER_REPORT_ONLY) if name in response]
            }
            return response
        for name, value in headers:
            response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp does
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(self.admin_prefixes):
            update = {key: list(value) for key, value in (parts.update or {}).items()}
            for directive, sources in settings.PORTAL_ADMIN_CSP_UPDATE.items():
                update.setdefault(directive, []).extend(sources)
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Deny the browser features a news site never uses (camera, location, payment…)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PORTAL_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or behind PORTAL_PROXY_COUNT proxies the address the
    outermost proxy saw (each proxy appends the address it saw to X-Forwarded-For, so the
    entries before that one may be forged by the client). Used by django-axes."""
    count = settings.PORTAL_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page, in Vietnamese, with the lock's length in whole minutes."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend, for logins that come with a request (the admin's login form).

    authenticate() called without a request (the test client's login(), a management
    command) has no client address to throttle: it is left to the next backend instead of
    failing with AxesBackendRequestParameterRequired.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

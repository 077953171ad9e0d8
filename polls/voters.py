"""Who is voting: a browser's token and the client's address, never stored raw.

A browser gets a random token the first time it votes. The token is kept twice: in a cookie
signed with SECRET_KEY (a forged or altered cookie is ignored) and in the session, which also
lists the polls the browser voted in. Clearing only one of the two is not enough to vote again.
"""

import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE_NAME = "binhchon"
COOKIE_SALT = "polls.voter"
SESSION_TOKEN = "polls_voter"
SESSION_VOTED = "polls_voted"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def hash_ip(ip):
    return salted_hmac("polls.ip", ip or "unknown", algorithm="sha256").hexdigest()


def hash_signature(user_agent, accept_language):
    """The browser's signature: its User-Agent and Accept-Language, keyed with SECRET_KEY like the address."""
    return salted_hmac("polls.signature", f"{user_agent}\n{accept_language}", algorithm="sha256").hexdigest()


def browser_signature(request):
    return hash_signature(request.headers.get("User-Agent", ""), request.headers.get("Accept-Language", ""))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our own proxies saw.

    With POLLS_PROXY_COUNT = n (the number of proxies in front of the app, e.g. 1 for nginx),
    the n-th address from the right of X-Forwarded-For is used: entries further left are
    written by the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.POLLS_PROXY_COUNT
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def signed_cookie_token(request):
    """The token from the signed cookie, or None when absent, forged or malformed."""
    token = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    return token if token and len(token) <= 64 else None


def voter_tokens(request):
    """Every token this browser presents (cookie and session), without creating one."""
    tokens = {signed_cookie_token(request), request.session.get(SESSION_TOKEN)}
    return {t for t in tokens if isinstance(t, str) and t}


def voter_token(request):
    """The browser's token, made on first use. The signed cookie wins over the session."""
    return signed_cookie_token(request) or request.session.get(SESSION_TOKEN) or secrets.token_urlsafe(24)


def voted_in_session(request, poll):
    return poll.pk in request.session.get(SESSION_VOTED, [])


def voted_poll_ids(request):
    """The polls this browser's session voted in; no session lookup for a browser without one."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return set()
    return set(session.get(SESSION_VOTED, []))


def has_voted(request, poll):
    """Whether this browser voted in the poll: its session says so, or a ballot carries its token."""
    if voted_in_session(request, poll):
        return True
    tokens = voter_tokens(request)
    return bool(tokens) and poll.votes.filter(voter_token__in=[hash_token(t) for t in tokens]).exists()


def give_token(request, response):
    """Issue the browser's token before it votes (with its challenge), unless it has one already.

    Ballots sent at once by a browser that had no token would each get a new one, and all count;
    with the token issued first they carry the same one, and the unique constraint keeps one.
    """
    if signed_cookie_token(request) is None:
        set_cookie(response, request.session.get(SESSION_TOKEN) or secrets.token_urlsafe(24))
    return response


def set_cookie(response, token):
    response.set_signed_cookie(
        COOKIE_NAME,
        token,
        salt=COOKIE_SALT,
        max_age=settings.POLLS_VOTER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def remember_vote(request, response, poll, token):
    """Keep the token and the poll in the session and the signed cookie."""
    request.session[SESSION_TOKEN] = token
    voted = [pk for pk in request.session.get(SESSION_VOTED, []) if pk != poll.pk]
    # Bounded, so a session never grows without limit; the cookie token still covers older polls.
    request.session[SESSION_VOTED] = (voted + [poll.pk])[-200:]
    set_cookie(response, token)
    return response

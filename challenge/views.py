"""The challenge endpoint's answer, for the apps whose forms ask for one (polls, later Q&A)."""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from . import services


def challenge_response(scope):
    """A fresh challenge for `scope`, never stored by any cache: each one is good for one action."""
    response = JsonResponse(services.issue(scope))
    add_never_cache_headers(response)
    return response

"""The register's share of the site search (PORTAL_SEARCH_EXTRAS): the best documents matching
what the reader typed, above the articles, with a link to the register's own search for all of them."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from . import queries

SHOWN = 3


def documents_found(query_text):
    """Two or three queries (the register's search, then one page of its results), whatever it holds."""
    results = queries.search(query_text)
    if not len(results):
        return ""
    register_url = reverse("documents:documents_register") + "?" + urlencode({"q": query_text})
    return render_to_string(
        "documents/_site_search.html",
        {"found_documents": results[:SHOWN], "found_count": len(results), "register_url": register_url},
    )

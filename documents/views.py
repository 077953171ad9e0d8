"""The register's reader pages and files: the HTTP side only (queries.py reads)."""

from django.http import Http404
from django.views.decorators.http import require_safe

from pagecache.pages import reader_page


@require_safe
@reader_page
def register(request):
    raise Http404


@require_safe
@reader_page
def detail(request, slug):
    raise Http404


@require_safe
def pdf_file(request, slug):
    raise Http404


@require_safe
def pdf_download(request, slug):
    raise Http404


@require_safe
def word_file(request, slug):
    raise Http404


@require_safe
def attachment_file(request, slug, pk):
    raise Http404

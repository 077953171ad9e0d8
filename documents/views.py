"""The register's reader pages and files: the HTTP side only (queries.py reads, filters.py reads the address).

The pages are kept whole by the page cache (@reader_page; the models are in
PORTAL_PAGE_CACHE_MODELS, the filters' parameters in PORTAL_PAGE_CACHE_QUERY_PARAMS). The files
are streamed by Django from storage, published documents only: nginx serves no PDF of
MEDIA_ROOT itself, so an unpublished document's file is never reachable.
"""

import hashlib
import mimetypes

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from news.text import vn_slugify
from pagecache.pages import reader_page

from . import queries
from .citations import citing_articles
from .filters import RegisterFilters
from .models import Attachment

PER_PAGE = getattr(settings, "DOCUMENTS_PER_PAGE", 20)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}


@require_safe
@reader_page
def register(request):
    filters = RegisterFilters(request.GET, queries.vocabularies(), queries.years())
    documents = filters.apply(queries.listing())
    results = queries.search(filters.q, documents) if filters.q else documents
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/register.html",
        {
            "filters": filters,
            "register_query": filters.q,
            "results": results,
            "page_obj": page,
            "extra_query": filters.querystring(),
        },
    )


@require_safe
@reader_page
def detail(request, slug):
    document = queries.document(slug)
    if document is None:
        raise Http404
    context = {"document": document, "citing_articles": citing_articles(document)}
    return render(request, "documents/detail.html", context)


def file_response(request, stored, filename, file_type, as_attachment):
    """A stored file with its type and name, revalidated by the browser (an ETag of its stored
    name, which changes with every new upload); a missing file is a 404, never a 500."""
    etag = '"' + hashlib.sha1(stored.name.encode(), usedforsecurity=False).hexdigest() + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename,
        content_type=CONTENT_TYPES.get(file_type) or mimetypes.guess_type(filename)[0] or "application/octet-stream",
    )
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
@reader_page
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def pdf_file(request, slug):
    """The PDF shown inside the document's page (an <iframe> of this origin only)."""
    document = queries.file_of(slug)
    if document is None:
        raise Http404
    return file_response(request, document.file, document.download_name(), "pdf", as_attachment=False)


@require_safe
@reader_page
def pdf_download(request, slug):
    document = queries.file_of(slug)
    if document is None:
        raise Http404
    return file_response(request, document.file, document.download_name(), "pdf", as_attachment=True)


@require_safe
@reader_page
def word_file(request, slug):
    document = queries.file_of(slug)
    if document is None or not document.word_file:
        raise Http404
    ext = document.word_file.name.rsplit(".", 1)[-1].lower()
    return file_response(request, document.word_file, document.download_name(ext), ext, as_attachment=True)


@require_safe
@reader_page
def attachment_file(request, slug, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("document").only("file", "file_type", "title", "document__slug"),
        pk=pk,
        document__slug=slug,
        document__is_published=True,
    )
    name = f"{vn_slugify(attachment.title, max_length=80) or attachment.document.slug}.{attachment.file_type}"
    return file_response(request, attachment.file, name, attachment.file_type, as_attachment=True)

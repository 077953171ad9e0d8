"""The gallery's reader pages (kept whole by the page cache: the models are in
PORTAL_PAGE_CACHE_MODELS) and the video files, answered by byte ranges so the player can seek.

With GALLERY_VIDEO_ACCEL_REDIRECT set (deploy/nginx.conf's internal location), Django only checks
that the video is published and nginx sends the file and its ranges.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.encoding import filepath_to_uri
from django.views.decorators.http import require_safe

from pagecache.pages import reader_page

from . import queries
from .ranges import ranged_response

PER_PAGE = 12


@require_safe
@reader_page
def album_list(request):
    page = Paginator(queries.albums(), PER_PAGE).get_page(request.GET.get("page"))
    queries.with_covers(page.object_list)
    return render(request, "gallery/album_list.html", {"page_obj": page})


@require_safe
@reader_page
def album_detail(request, slug):
    album = queries.album(slug)
    if album is None:
        raise Http404
    photos = list(album.photos.all())
    return render(request, "gallery/album.html", {"album": album, "photos": photos})


@require_safe
@reader_page
def video_list(request):
    page = Paginator(queries.videos(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "gallery/video_list.html", {"page_obj": page})


@require_safe
@reader_page
def video_detail(request, slug):
    video = queries.video(slug)
    if video is None:
        raise Http404
    return render(request, "gallery/video.html", {"video": video})


@require_safe
def video_file(request, slug, ext):
    """A published video's file; not through the page cache (ranges of a large file are not pages)."""
    video = queries.video(slug)
    if video is None or ext != video.kind:
        raise Http404
    accel = getattr(settings, "GALLERY_VIDEO_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=video.content_type())
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + filepath_to_uri(video.file.name)
    else:
        try:
            handle = video.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = ranged_response(request, handle, video.file.size, video.content_type())
    patch_cache_control(response, public=True, max_age=3600)
    return response

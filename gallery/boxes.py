"""The album or video an article embeds, as a box beside it (PORTAL_SIDEBAR_BOXES, news/sidebar.py):
news imports nothing of the gallery."""

from django.template.loader import render_to_string

from . import queries
from .models import Album


def article_media_box(context):
    article_id = context.get("sidebar_article")
    if not article_id:
        return ""
    media = queries.media_of(article_id)
    if media is None:
        return ""
    if isinstance(media, Album):
        return render_to_string("gallery/_article_album.html", {"album": media, "photos": media.photos.all()[:6]})
    return render_to_string("gallery/_article_video.html", {"video": media})

"""What the gallery's reader pages read: a constant number of queries whatever the number of photos."""

from django.db.models import Count, Prefetch

from .models import Album, AlbumPhoto, ArticleMedia, Video


def albums():
    """Published albums with their cover (one query; the cover falls back to the first photo's
    only when the editor chose none, through a second query for those albums only)."""
    published = Album.objects.published().select_related("cover")
    # An aggregate drops the model's default ordering: say it again.
    return published.annotate(photo_count=Count("photos")).order_by("-published_at", "-id")


def with_covers(page_albums):
    missing = [a.pk for a in page_albums if a.cover is None]
    if missing:
        first = {}
        for photo in AlbumPhoto.objects.filter(album_id__in=missing).order_by("album_id", "order", "id"):
            first.setdefault(photo.album_id, photo)
        for album in page_albums:
            if album.cover is None:
                album.cover = first.get(album.pk)
    return page_albums


def album(slug):
    """A published album with its photos in order (two queries), or None."""
    return (
        Album.objects.published()
        .filter(slug=slug)
        .prefetch_related(Prefetch("photos", queryset=AlbumPhoto.objects.order_by("order", "id")))
        .first()
    )


def videos():
    return Video.objects.published()


def video(slug):
    return Video.objects.published().filter(slug=slug).first()


def media_of(article_id):
    """The published album (with its photos) or video an article embeds, or None (two queries at most)."""
    media = ArticleMedia.objects.filter(article_id=article_id).select_related("album", "video").first()
    if media is None:
        return None
    if media.album_id and media.album in Album.objects.published():
        return album(media.album.slug)
    if media.video_id and media.video in Video.objects.published():
        return media.video
    return None

"""Helpers for the newsroom (admin) tests: the admin article form's addresses and POST data."""

import io

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from PIL import Image

from news.models import ArticleAuthor, Photo


def add_url():
    return reverse("admin:news_article_add")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_data(section, article=None, authors=(), **fields):
    """What the admin article form posts: the fields, the existing inline rows, and `authors` to add."""
    data = {
        "title": "Hội nghị tổng kết công tác tuyên giáo năm 2026",
        "slug": "",
        "section": str(section.pk),
        "lead": "Sáng 28/11, Ban Tuyên giáo Quận ủy tổ chức hội nghị tổng kết công tác năm.",
        "body": "<p>Đoạn thứ nhất của bài.</p>",
        "cover_caption": "",
        "byline_kind": "Tin, ảnh",
        "source_unit": "Ban Tuyên giáo Quận ủy",
        "published_at_0": "",
        "published_at_1": "",
        "review_note": "",
    }
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            lead=article.lead,
            body=article.body,
            cover_caption=article.cover_caption,
            byline_kind=article.byline_kind,
            source_unit=article.source_unit,
            review_note=article.review_note,
        )
        if article.published_at:
            local = timezone.localtime(article.published_at)
            data["published_at_0"] = local.strftime("%Y-%m-%d")
            data["published_at_1"] = local.strftime("%H:%M:%S")
        if article.is_featured:
            data["is_featured"] = "on"
    links = list(ArticleAuthor.objects.filter(article=article)) if article is not None else []
    data.update(management("articleauthor_set", total=len(links) + len(authors), initial=len(links)))
    for i, link in enumerate(links):
        data.update(
            {
                f"articleauthor_set-{i}-id": str(link.pk),
                f"articleauthor_set-{i}-article": str(article.pk),
                f"articleauthor_set-{i}-author": str(link.author_id),
                f"articleauthor_set-{i}-order": str(link.order),
            }
        )
    for j, author in enumerate(authors, start=len(links)):
        data.update({f"articleauthor_set-{j}-author": str(author.pk), f"articleauthor_set-{j}-order": str(j)})
    photos = list(Photo.objects.filter(article=article)) if article is not None else []
    data.update(management("photos", total=len(photos), initial=len(photos)))
    for i, photo in enumerate(photos):
        data.update(
            {
                f"photos-{i}-id": str(photo.pk),
                f"photos-{i}-article": str(article.pk),
                f"photos-{i}-caption": photo.caption,
                f"photos-{i}-alt_text": photo.alt_text,
                f"photos-{i}-credit": photo.credit,
                f"photos-{i}-order": str(photo.order),
                f"photos-{i}-after_paragraph": "" if photo.after_paragraph is None else str(photo.after_paragraph),
            }
        )
    for prefix in other_apps_prefixes():
        data.update(management(prefix))  # no rows: the article's own parts from other apps stay as they are
    data.update(fields)
    return data


def other_apps_prefixes():
    """The form prefixes of the other apps' article inlines (PORTAL_ARTICLE_ADMIN_INLINES), e.g. "polls"."""
    prefixes = []
    for name in settings.PORTAL_ARTICLE_ADMIN_INLINES:
        inline = import_string(name)
        fk = inline.fk_name or next(
            f.name for f in inline.model._meta.fields if f.is_relation and f.related_model._meta.label == "news.Article"
        )
        prefixes.append(inline.model._meta.get_field(fk).remote_field.get_accessor_name())
    return prefixes


def upload(name="anh.jpg", width=640, height=480, fmt="JPEG", exif=None, content=None):
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (width, height), (30, 120, 200)).save(out, fmt, **({"exif": exif} if exif else {}))
        content = out.getvalue()
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def form_data(response):
    """The POST a browser would send back from an admin form page, unchanged (inlines left out)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if isinstance(field, forms.FileField):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if value else [None] * len(widget.widgets)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = part.isoformat() if part is not None else ""
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data

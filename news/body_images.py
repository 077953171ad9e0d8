"""Photos an editor puts inside a body with CKEditor, served like the article's own photos.

At upload, the image gets the same renditions as a Photo (several widths, WebP and JPEG,
news/images.py) and a name that carries its size: `uploads/2026/12/<uuid>-1600x1067.jpg`.
When the body is shown, each <img> of such a file becomes a <picture> with srcset and WebP,
its width and height known from the name alone: no disk or database read while serving.

Transparent PNGs (logos, charts) are left as uploaded: the renditions are flattened to RGB.
Images uploaded before this had no size in their name: `manage.py render_body_photos` gives
them one, with their renditions (renamed_old_uploads()).
"""

import html
import re
import uuid

from django.core.files import File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image

from .images import make_renditions, media_url, rendition_url, widths_for

SIZES = "(max-width: 760px) 100vw, 760px"  # the article column, as for the article's photos
_NAME = r"uploads/\d{4}/\d{2}/[0-9a-f]{32}-(?P<width>\d{1,5})x(?P<height>\d{1,5})\.jpg"
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


def store_upload(image, day):
    """Store an upload checked by news.forms.checked_image; return its storage name."""
    image.seek(0)
    with Image.open(image) as img:
        width, height = img.size
    image.seek(0)
    ext = "jpg" if image.name.endswith(".jpg") else "png"
    name = default_storage.save(f"uploads/{day:%Y/%m}/{uuid.uuid4().hex}-{width}x{height}.{ext}", image)
    if ext == "jpg":
        make_renditions(name)
    return name


# An <img> of an earlier upload: no size in its name (the src is the only thing changed).
_OLD_SRC = r'(<img\s[^>]*\bsrc=")(?P<url>{media}(?P<name>uploads/[^"]+\.(?:jpg|jpeg)))"'


def renamed_old_uploads(body, day, problems):
    """`body` with each earlier JPEG upload stored again under a sized name, with its
    renditions; a file missing or unreadable is left as it is and named in `problems`."""
    pattern = re.compile(_OLD_SRC.format(media=re.escape(media_url(""))))

    def store_again(match):
        name = match["name"]
        if re.fullmatch(_NAME, name):
            return match[0]
        try:
            with default_storage.open(name, "rb") as fh, Image.open(fh) as img:
                img.verify()
            with default_storage.open(name, "rb") as fh:
                stored = store_upload(File(fh, name=name.rsplit("/", 1)[-1].replace(".jpeg", ".jpg")), day)
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            problems.append(f"{name}: {error}")
            return match[0]
        return f'{match[1]}{media_url(stored)}"'

    return pattern.sub(store_again, body or "")


def responsive_body_images(body):
    """`body` (sanitized HTML) with each uploaded JPEG's <img> turned into a responsive <picture>."""
    if not body or "uploads/" not in body:
        return body or ""
    return _body_image().sub(_picture, body)


def _body_image():
    # Built per call: MEDIA_URL may differ between settings (tests override it).
    return re.compile(r"<img\s[^>]*\bsrc=\"" + re.escape(media_url("")) + r"(?P<name>" + _NAME + r")\"[^>]*>")


def _picture(match):
    name, width, height = match["name"], int(match["width"]), int(match["height"])
    attributes = dict(_ATTRIBUTE.findall(match[0]))
    largest = widths_for(width)[-1]
    srcsets = {
        ext: ", ".join(f"{rendition_url(name, w, ext)} {w}w" for w in widths_for(width)) for ext in ("webp", "jpg")
    }
    return render_to_string(
        "includes/picture.html",
        {
            "src": rendition_url(name, largest, "jpg"),
            "srcset_webp": srcsets["webp"],
            "srcset_jpg": srcsets["jpg"],
            "sizes": SIZES,
            "alt": html.unescape(attributes.get("alt", "")),
            "width": width,
            "height": height,
        },
    ).strip()

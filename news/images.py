"""Image handling with Pillow: validation, re-encoding and renditions.

Renditions (several widths, WebP and JPEG) are made once, when a photo is saved,
next to the original in the storage, under predictable names, so pages only
build URLs and never touch Pillow or the disk while serving a reader.
"""

import io
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

RENDITION_WIDTHS = (320, 640, 960, 1280)
RENDITION_FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# A camera JPEG is ~24 Mpx; anything past this is refused before decoding
# (Pillow's own bomb guard raises at twice its MAX_IMAGE_PIXELS).
MAX_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def validate_image_file(uploaded):
    """Raise ValidationError unless `uploaded` is a real, reasonable image.

    Checks the content with Pillow, never the file name.
    """
    if uploaded is None:
        return
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.PORTAL_MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": round(size / 1024 / 1024, 1),
                "limit": settings.PORTAL_MAX_IMAGE_BYTES // 1024 // 1024,
            },
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as img:
            if img.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Only JPEG, PNG, WebP or GIF images are accepted."), code="format")
            if img.width * img.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
            img.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from exc
    except Exception as exc:
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from exc
    finally:
        uploaded.seek(0)


def reencode(uploaded, max_side=2560):
    """Return a clean JPEG/PNG ContentFile: EXIF orientation applied, metadata (GPS…) dropped."""
    uploaded.seek(0)
    with Image.open(uploaded) as img:
        img = ImageOps.exif_transpose(img)
        has_alpha = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if has_alpha:
            img.convert("RGBA").save(out, "PNG", optimize=True)
            ext = "png"
        else:
            img.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
            ext = "jpg"
    return ContentFile(out.getvalue()), ext


def rendition_name(name, width, ext):
    stem, _old_ext = posixpath.splitext(name)
    return f"renditions/{stem}-w{width}.{ext}"


def rendition_url(name, width, ext):
    return media_url(rendition_name(name, width, ext))


def media_url(name):
    """default_storage.url(name). A home page asks for hundreds of these (every srcset):
    on the local file system the URL is MEDIA_URL + the quoted path, built here without
    the urljoin() of FileSystemStorage.url(), a third of the page's rendering time."""
    if isinstance(default_storage, FileSystemStorage):
        return default_storage.base_url + filepath_to_uri(name).lstrip("/")
    return default_storage.url(name)


def widths_for(original_width):
    """Rendition widths worth making for an image of this width (never upscaled)."""
    return [w for w in RENDITION_WIDTHS if w <= original_width] or [original_width]


def make_renditions(name, storage=default_storage):
    """Write every rendition of the stored image `name`; return the widths made."""
    with storage.open(name, "rb") as fh, Image.open(fh) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        widths = widths_for(img.width)
        for width in widths:
            height = max(1, round(img.height * width / img.width))
            resized = img.resize((width, height), Image.Resampling.LANCZOS)
            for ext, (fmt, _mime) in RENDITION_FORMATS.items():
                out = io.BytesIO()
                resized.save(out, fmt, quality=80, optimize=fmt == "JPEG")
                target = rendition_name(name, width, ext)
                if storage.exists(target):
                    storage.delete(target)
                storage.save(target, ContentFile(out.getvalue()))
    return widths

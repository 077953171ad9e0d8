"""The register's files checked by their content, never by their name.

A PDF must open with pypdf, unencrypted, with at least one page; its page count and text are
kept (the text is searched). A DOCX must be a ZIP holding word/document.xml; a DOC an OLE2
compound file. Anything else, whatever its name, is refused, as is an empty file or one over
settings.DOCUMENTS_MAX_FILE_MB. Each refusal is a ValidationError naming the problem in the
editor's language; the checks run in the form, before anything is stored.
"""

import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the register keeps of a PDF's text: plenty for search, bounded for the row and its vector.
MAX_TEXT_CHARS = 200_000
# Runs of spaces inside a line: PDFs often space their words out, and the text is read as words.
_SPACES = re.compile(r"[^\S\n]+")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The first bytes of kinds of files an editor may pick by mistake: named in the refusal.
SIGNATURES = [
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (OLE2_MAGIC, "ole2"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"RIFF", "riff"),
    (b"{\\rtf", "rtf"),
]
FOUND = {
    "zip": _("a ZIP archive"),
    "docx": _("a Word document (DOCX)"),
    "ole2": _("a Word or Excel file of the old kind (DOC, XLS)"),
    "png": _("a PNG image"),
    "jpeg": _("a JPEG image"),
    "gif": _("a GIF image"),
    "riff": _("a WebP image or a sound file"),
    "rtf": _("an RTF text"),
    "html": _("a web page (HTML)"),
    "pdf": _("a PDF"),
    "unknown": _("data of an unknown kind"),
}


@dataclass
class CheckedFile:
    """What the checks learnt of a file: its type by content, its size, and for a PDF its pages and text."""

    file_type: str
    size: int
    page_count: int | None = None
    text: str = ""


def max_bytes():
    return int(settings.DOCUMENTS_MAX_FILE_MB * 1024 * 1024)


def check_pdf(uploaded):
    """The PDF of a document: refused unless it is one that opens. Returns a CheckedFile."""
    size = _check_size(uploaded)
    found = sniff(uploaded)
    if found != "pdf":
        raise ValidationError(
            _("“%(name)s” is not a PDF: its content is %(found)s. Choose the document's PDF file."),
            code="not_pdf",
            params={"name": uploaded.name, "found": FOUND[found]},
        )
    return _read_pdf(uploaded, size)


def check_word(uploaded):
    """The optional Word version of a document: DOCX or DOC, by content."""
    size = _check_size(uploaded)
    found = sniff(uploaded)
    if found not in ("docx", "ole2"):
        raise ValidationError(
            _("“%(name)s” is not a Word document (DOC or DOCX): its content is %(found)s."),
            code="not_word",
            params={"name": uploaded.name, "found": FOUND[found]},
        )
    return CheckedFile("docx" if found == "docx" else "doc", size)


def check_attachment(uploaded):
    """An attachment: a PDF (checked as the document's own) or a Word document."""
    found = sniff(uploaded)
    if found == "pdf":
        return check_pdf(uploaded)
    if found in ("docx", "ole2"):
        return check_word(uploaded)
    _check_size(uploaded)
    raise ValidationError(
        _("Only PDF, DOC and DOCX files can be attached; “%(name)s” is %(found)s."),
        code="not_allowed",
        params={"name": uploaded.name, "found": FOUND[found]},
    )


def extension(checked):
    return {"pdf": ".pdf", "docx": ".docx", "doc": ".doc"}[checked.file_type]


def sniff(uploaded):
    """The kind of file by its first bytes (and, for a ZIP, by what it holds)."""
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    # A PDF may have a few bytes of junk before its header; readers accept it within the first kilobyte.
    if b"%PDF-" in head:
        return "pdf"
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return _docx_or_zip(uploaded) if kind == "zip" else kind
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "unknown"


def _docx_or_zip(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                # Read a little of it: a ZIP whose directory lists it but whose data is damaged is not a document.
                with archive.open("word/document.xml") as member:
                    member.read(64)
                return "docx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, RuntimeError):
        pass
    finally:
        uploaded.seek(0)
    return "zip"


def _check_size(uploaded):
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": uploaded.name})
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s MB; files of at most %(max)s MB are accepted."),
            code="too_large",
            params={"size": f"{size / 1024 / 1024:.1f}", "max": f"{settings.DOCUMENTS_MAX_FILE_MB:g}"},
        )
    return size


def _read_pdf(uploaded, size):
    from pypdf import PdfReader

    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        encrypted = reader.is_encrypted
        page_count = None if encrypted else len(reader.pages)
    # pypdf reading an untrusted file can fail in many ways (its own errors, but also
    # ValueError, KeyError, RecursionError… on damaged structures): each means "does not open".
    except Exception as error:
        raise ValidationError(
            _("The PDF cannot be opened: the file is damaged or incomplete."), code="corrupt"
        ) from error
    finally:
        uploaded.seek(0)
    if encrypted:
        raise ValidationError(
            _("The PDF is protected by a password or encrypted: upload a copy without protection."),
            code="encrypted",
        )
    if not page_count:
        raise ValidationError(_("The PDF has no page."), code="no_pages")
    text = _text_of(reader)
    uploaded.seek(0)
    return CheckedFile("pdf", size, page_count, text)


def _text_of(reader):
    """The text of the pages, in order, up to MAX_TEXT_CHARS; a page whose text cannot be read is skipped."""
    parts, length = [], 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - a damaged page's text is lost, not the document
            continue
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT_CHARS:
            break
    text = _SPACES.sub(" ", "\n".join(parts))[:MAX_TEXT_CHARS]
    # PostgreSQL's text holds no NUL, nor lone surrogates that some fonts' mappings produce.
    return text.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")

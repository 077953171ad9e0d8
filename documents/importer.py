"""Import of an existing register (the back catalogue) from a CSV or XLSX file with the register's
Vietnamese column headings. Each row is checked by the model's own rules (full_clean, the same
number of the same body once, known kinds, bodies and fields: an unknown name is refused, never
created) and its PDF by content (files.check_pdf); an accepted row is saved in its own transaction,
so a refused row leaves nothing. A dry run checks the same and saves nothing.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from news.text import vn_slugify

from . import files
from .models import Document, Field, IssuingBody, Kind
from .text import code_key

# The headings as the register prints them, and the model field each fills.
HEADINGS = {
    "Số/ký hiệu": "number",
    "Loại văn bản": "kind",
    "Cơ quan ban hành": "issuing_body",
    "Người ký": "signer",
    "Ngày ban hành": "issued_on",
    "Ngày hiệu lực": "in_force_on",
    "Trích yếu": "summary",
    "Lĩnh vực": "field",
    "Tình trạng": "status",
    "Tệp PDF": "pdf",
}
REQUIRED = ["Số/ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"]
LABELS = {name: heading for heading, name in HEADINGS.items()}
MAX_IMPORT_MB = 5


class ImportFileError(ValidationError):
    """The file as a whole cannot be read as a register."""


@dataclass
class Report:
    dry_run: bool
    accepted: list = field(default_factory=list)  # (line, number)
    refused: list = field(default_factory=list)  # (line, [reasons])

    def lines(self):
        if self.dry_run:
            head = _("Dry run: nothing was saved. %(ok)d rows would be imported, %(bad)d refused.")
        else:
            head = _("%(ok)d rows imported, %(bad)d refused.")
        out = [head % {"ok": len(self.accepted), "bad": len(self.refused)}]
        for line, reasons in self.refused:
            out.append(_("Line %(line)d: %(reasons)s") % {"line": line, "reasons": " ".join(reasons)})
        return out


def read_rows(content):
    """(line number, {heading: text or value}) for each non-empty row of a CSV or XLSX file's bytes."""
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(content)
    try:
        line, header = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file has no rows.")) from None
    header = [str(h or "").strip() for h in header]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ImportFileError(
            _("The first row must hold the register's headings; missing: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    for line, values in rows:
        row = {h: values[i] if i < len(values) else "" for i, h in enumerate(header) if h in HEADINGS}
        if any(str(v).strip() for v in row.values() if v is not None):
            yield line, row


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is neither a UTF-8 CSV text nor an XLSX workbook.")) from None
    if "\x00" in text:
        raise ImportFileError(_("The file is neither a UTF-8 CSV text nor an XLSX workbook."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            yield reader.line_num, values
    except csv.Error:
        raise ImportFileError(_("The CSV text is malformed near line %(line)d.") % {"line": reader.line_num}) from None


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise ImportFileError(_("The file is neither a UTF-8 CSV text nor an XLSX workbook.")) from None


class PdfFolder:
    """The PDFs named by the rows, looked up in a folder by their bare file name."""

    def __init__(self, folder):
        self.folder = Path(folder) if folder else None

    def open(self, name):
        if self.folder is None:
            return None
        path = self.folder / name
        return File(path.open("rb"), name=name) if path.is_file() else None


class UploadedPdfs:
    """The PDFs uploaded with the register in the admin, by their file name."""

    def __init__(self, uploads):
        self.by_name = {Path(u.name).name: u for u in uploads}

    def open(self, name):
        return self.by_name.get(name)


def import_register(content, pdfs=None, dry_run=False, publish=False):
    """Check every row of the file's bytes; save the accepted ones unless `dry_run`. Returns a Report."""
    pdfs = pdfs or PdfFolder(None)
    vocabularies = {
        name: {obj.name.casefold(): obj for obj in model.objects.all()}
        for name, model in (("kind", Kind), ("issuing_body", IssuingBody), ("field", Field))
    }
    report, seen = Report(dry_run), set()
    for line, row in read_rows(content):
        reasons = []
        document = _document_of(row, vocabularies, pdfs, reasons)
        key = (document.issuing_body_id, code_key(document.number))
        if not reasons:
            if key in seen:
                reasons.append(
                    _("The number %(number)s of %(body)s is on an earlier row.")
                    % {"number": document.number, "body": document.issuing_body}
                )
            else:
                try:
                    document.full_clean()
                except ValidationError as error:
                    reasons.extend(_reasons_of(error))
        if reasons:
            report.refused.append((line, reasons))
            continue
        seen.add(key)
        if not dry_run:
            document.is_published = publish
            with transaction.atomic():
                document.save()
        report.accepted.append((line, document.number))
    return report


def _text(row, heading):
    value = row.get(heading)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(row, heading, reasons):
    value = row.get(heading)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(row, heading)
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        reasons.append(_("%(heading)s “%(value)s” is not a date dd/mm/yyyy.") % {"heading": heading, "value": text})
        return None


def _document_of(row, vocabularies, pdfs, reasons):
    document = Document(
        number=_text(row, "Số/ký hiệu"),
        signer=_text(row, "Người ký"),
        summary=_text(row, "Trích yếu"),
        issued_on=_date(row, "Ngày ban hành", reasons),
        in_force_on=_date(row, "Ngày hiệu lực", reasons),
    )
    for name in ("kind", "issuing_body", "field"):
        heading, text = LABELS[name], _text(row, LABELS[name])
        if not text:
            continue
        found = vocabularies[name].get(text.casefold())
        if found is None:
            reasons.append(_("%(heading)s “%(value)s” is not in the list.") % {"heading": heading, "value": text})
        else:
            setattr(document, name, found)
    status = _text(row, "Tình trạng")
    if status:
        names = {str(label).casefold(): value for value, label in Document.Status.choices}
        if status.casefold() not in names and status not in Document.Status.values:
            reasons.append(
                _("%(heading)s “%(value)s” is not one of: %(choices)s.")
                % {
                    "heading": "Tình trạng",
                    "value": status,
                    "choices": ", ".join(str(label) for _v, label in Document.Status.choices),
                }
            )
        else:
            document.status = names.get(status.casefold(), status)
    _attach_pdf(document, _text(row, "Tệp PDF"), pdfs, reasons)
    return document


def _attach_pdf(document, name, pdfs, reasons):
    if not name:
        reasons.append(_("The row names no PDF file (Tệp PDF): every document of the register has its PDF."))
        return
    upload = pdfs.open(name) if Path(name).name == name and name not in (".", "..") else None
    if upload is None:
        reasons.append(_("The PDF “%(name)s” is not found.") % {"name": name})
        return
    try:
        checked = files.check_pdf(upload)
    except ValidationError as error:
        reasons.extend(error.messages)
        return
    upload.seek(0)
    document.file = File(upload, name=(vn_slugify(Path(name).stem, max_length=80) or "van-ban") + ".pdf")
    document.file_size, document.page_count, document.text = checked.size, checked.page_count, checked.text


def _reasons_of(error):
    reasons = []
    for name, messages in error.message_dict.items():
        label = LABELS.get(name, "")
        for message in messages:
            reasons.append(f"{label}: {message}" if label else message)
    return reasons

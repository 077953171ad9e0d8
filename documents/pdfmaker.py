"""PDFs with Vietnamese text, made with fpdf2: the demo register's files (seed_documents) and
the tests' real files. Needs a TTF font with Vietnamese letters: DejaVu Sans, from Debian's
fonts-dejavu-core (`apt-get install fonts-dejavu-core`), or DOCUMENTS_PDF_FONT."""

import logging
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
]


# fontTools logs every table it subsets at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def font_path():
    for candidate in [os.environ.get("DOCUMENTS_PDF_FONT", ""), *FONT_CANDIDATES]:
        if candidate and Path(candidate).is_file():
            return candidate
    raise ImproperlyConfigured(
        "No font with Vietnamese letters for the PDFs: apt-get install fonts-dejavu-core, or set DOCUMENTS_PDF_FONT."
    )


def make_pdf(heading, paragraphs=(), pages=1, metadata=None, password=None):
    """The bytes of an A4 PDF: `heading` and `paragraphs` on the first page, then `pages` - 1
    further pages. `metadata`: title, author, subject, keywords; `password` encrypts it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_margins(20, 20, 20)
    meta = metadata or {}
    pdf.set_title(meta.get("title", heading))
    pdf.set_author(meta.get("author", "Văn phòng Quận ủy"))
    if meta.get("subject"):
        pdf.set_subject(meta["subject"])
    if meta.get("keywords"):
        pdf.set_keywords(meta["keywords"])
    pdf.set_creator("Cổng thông tin điện tử Quận ủy")
    for number in range(max(1, pages)):
        pdf.add_page()
        if number == 0:
            pdf.set_font("DejaVu", size=15)
            pdf.multi_cell(0, 9, heading, align="C")
            pdf.ln(4)
            pdf.set_font("DejaVu", size=11)
            for paragraph in paragraphs:
                pdf.multi_cell(0, 6.5, paragraph)
                pdf.ln(2)
        else:
            pdf.set_font("DejaVu", size=11)
            pdf.multi_cell(0, 6.5, f"Trang {number + 1}")
    if password:
        # RC4, fpdf2's default: AES would need the cryptography package, and a test needs only "encrypted".
        pdf.set_encryption(owner_password=password, user_password=password)
    return bytes(pdf.output())

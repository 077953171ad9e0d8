"""The demo register: fictional documents of a district Party committee, written for this portal
in the style of the real ones (numbers, kinds, bodies, summaries). Their PDFs are made when
seeded (pdfmaker.py). The signers are the introduction's demo leaders (about/demo.py)."""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

SIGNERS = {
    "bi-thu": "Bí thư Trần Minh Khoa",
    "pbt": "Phó Bí thư Thường trực Lê Thị Thu Hà",
    "to-chuc": "Trưởng ban Nguyễn Thanh Tùng",
    "tuyen-giao": "Trưởng ban Đỗ Thị Lan Anh",
    "kiem-tra": "Chủ nhiệm Vũ Đức Thắng",
    "van-phong": "Chánh Văn phòng Hoàng Mai Phương",
}
BODIES = {
    "qu": "Quận ủy",
    "btv": "Ban Thường vụ Quận ủy",
    "btg": "Ban Tuyên giáo Quận ủy",
    "btc": "Ban Tổ chức Quận ủy",
    "ubkt": "Ủy ban Kiểm tra Quận ủy",
    "bdv": "Ban Dân vận Quận ủy",
    "vp": "Văn phòng Quận ủy",
}
# The documents, one a line (tab-separated, dates dd/mm/yyyy): number, kind, body (a key of BODIES),
# field, signer (a key of SIGNERS), date issued, date in force, status, pages, summary, what it says.
REGISTER = Path(__file__).with_name("demo_register.tsv")


@dataclass(frozen=True)
class DemoDocument:
    number: str
    kind: str
    body: str
    field: str
    signer: str
    issued: date
    in_force: date | None
    status: str
    pages: int
    summary: str
    says: str


def day(text):
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def documents():
    """The demo documents, from REGISTER."""
    rows = csv.DictReader(REGISTER.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return [
        DemoDocument(
            **{**row, "issued": day(row["issued"]), "in_force": day(row["in_force"]), "pages": int(row["pages"])}
        )
        for row in rows
    ]


# (old, new): the old document was replaced by the new one.
REPLACEMENTS = [("05-QĐi/QU", "28-QĐi/QU")]

# Attachments: (document's number, title).
ATTACHMENTS = [("133-KH/QU", "Phụ lục: Lộ trình đại hội các chi bộ trực thuộc")]


def pdf_content(spec, body, signer):
    """The heading and paragraphs of a demo document's PDF, laid out like a Party committee's document."""
    number, kind, summary, issued = spec.number, spec.kind, spec.summary, spec.issued
    heading = f"ĐẢNG BỘ QUẬN\n{body.upper()}\nSố {number}\n\n{kind.upper()}\n{summary}"
    paragraphs = [
        f"Hà Nội, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
        f"Căn cứ Điều lệ Đảng và Quy chế làm việc của Ban Chấp hành Đảng bộ quận; {body} ban hành {kind.lower()} "
        f"{summary[0].lower() + summary[1:]}.",
        spec.says,
        "Các chi bộ, đảng bộ trực thuộc, các ban xây dựng Đảng Quận ủy căn cứ nội dung trên tổ chức thực hiện, "
        "báo cáo kết quả về Ban Thường vụ Quận ủy (qua Văn phòng Quận ủy).",
        f"T/M {body.upper()}\n{signer}",
    ]
    return heading, paragraphs

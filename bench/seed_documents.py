"""Bulk seeding of the documents register for the benchmark: tens of thousands of documents in seconds.

Rows go in with bulk_create (no save(), no signals), all sharing one real PDF in the storage: the
pages then carry the same markup and file links as real ones. The search vector is computed by
one UPDATE a batch from the accent-free words, as Document.save() computes them.
"""

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from documents import demo
from documents.models import Document, Field, IssuingBody, Kind
from documents.pdfmaker import make_pdf
from documents.text import code_key
from news.text import search_words
from pagecache.generation import content_changed

BATCH = 2000
SHARED_PDF = "bench/van-ban.pdf"
# Letters of the code of each kind and body, as on real documents (“133-KH/QU”).
KIND_CODES = {"Nghị quyết": "NQ", "Chỉ thị": "CT", "Kết luận": "KL", "Quy định": "QĐi", "Kế hoạch": "KH"}
BODY_CODES = {"Quận ủy": "QU", "Ban Thường vụ Quận ủy": "QU", "Ban Tuyên giáo Quận ủy": "BTGQU"}

VECTOR_SQL = """
UPDATE documents_document AS d
SET search_vector = setweight(to_tsvector('simple', v.a), 'A')
    || setweight(to_tsvector('simple', v.b), 'B') || setweight(to_tsvector('simple', v.c), 'C')
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, a, b, c)
WHERE d.id = v.id
"""


def shared_pdf():
    """(name, size, pages, text) of the one PDF every seeded document points to, made once."""
    spec = demo.documents()[0]
    heading, paragraphs = demo.pdf_content(spec, "Ban Thường vụ Quận ủy", "Bí thư")
    pdf = make_pdf(heading, paragraphs, pages=spec.pages)
    if not default_storage.exists(SHARED_PDF):
        default_storage.save(SHARED_PDF, ContentFile(pdf))
    return SHARED_PDF, len(pdf), spec.pages, "\n".join([heading, *paragraphs])


def seed(target, log=print):
    """Bring the register to at least `target` published documents; return how many were added."""
    existing = Document.objects.count()
    if existing >= target:
        return 0
    rng = random.Random(existing)
    kinds, bodies, fields = list(Kind.objects.all()), list(IssuingBody.objects.all()), list(Field.objects.all())
    specs = demo.documents()
    name, size, pages, text = shared_pdf()
    added = 0
    while existing + added < target:
        n = min(BATCH, target - existing - added)
        batch = []
        for i in range(n):
            serial = existing + added + i + 1
            kind, body, spec = rng.choice(kinds), rng.choice(bodies), rng.choice(specs)
            number = f"{serial}-{KIND_CODES.get(kind.name, 'CV')}/{BODY_CODES.get(body.name, 'QU')}"
            issued = date(2010, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
            summary = f"{kind.name} {spec.summary[0].lower()}{spec.summary[1:]} ({serial})"
            batch.append(
                Document(
                    number=number,
                    code_key=code_key(number),
                    slug=f"vb-{serial}",
                    kind=kind,
                    issuing_body=body,
                    field=rng.choice(fields),
                    signer=rng.choice(list(demo.SIGNERS.values())),
                    issued_on=issued,
                    in_force_on=issued,
                    summary=summary,
                    is_published=True,
                    published_at=timezone.make_aware(datetime.combine(issued, time(9))),
                    file=name,
                    file_size=size,
                    page_count=pages,
                    text=f"{text}\n{spec.says}",
                )
            )
        with transaction.atomic():
            created = Document.objects.bulk_create(batch)
            parts = [
                (
                    d.pk,
                    " ".join(search_words(f"{d.number} {d.summary}")),
                    " ".join(search_words(f"{d.kind.name} {d.issuing_body.name} {d.signer} {d.field.name}")),
                    " ".join(search_words(d.text)),
                )
                for d in created
            ]
            with connection.cursor() as cursor:
                cursor.execute(VECTOR_SQL, [list(column) for column in zip(*parts, strict=True)])
        added += n
        log(f"  seeded {existing + added} documents")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE documents_document")
    content_changed()
    return added

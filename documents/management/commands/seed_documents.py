"""Load the demo register: some thirty documents of the district Party committee (133-KH/QU of
Ban Thường vụ Quận ủy among them), each with a real PDF made now with Vietnamese text and
checked as an editor's upload is (documents/files.py), one replaced by another, one attachment.

Idempotent: a document whose number its body already has is left as it is, editors' changes included.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from documents import demo, files
from documents.models import Attachment, Document, Field, IssuingBody, Kind
from documents.pdfmaker import make_pdf
from documents.text import code_key


class Command(BaseCommand):
    help = "Create the demo documents register with its PDFs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created, change nothing.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        todo = self.missing()
        if options["dry_run"]:
            self.stdout.write(f"Documents: {len(todo)} would be created.")
            return
        with transaction.atomic():
            created = {spec.number: self.create(spec) for spec in todo}
            for old, new in demo.REPLACEMENTS:
                if old in created and new in created:
                    created[old].replaced_by = created[new]
                    created[old].save()
            for number, title in demo.ATTACHMENTS:
                if number in created:
                    self.attach(created[number], title)
        self.stdout.write(self.style.SUCCESS(f"Demo documents: {len(created)} created."))

    def missing(self):
        existing = set(Document.objects.values_list("issuing_body__name", "code_key"))
        return [spec for spec in demo.documents() if (demo.BODIES[spec.body], code_key(spec.number)) not in existing]

    def create(self, spec):
        body_name, signer_name = demo.BODIES[spec.body], demo.SIGNERS[spec.signer]
        heading, paragraphs = demo.pdf_content(spec, body_name, signer_name)
        pdf = make_pdf(heading, paragraphs, pages=spec.pages, metadata={"title": spec.summary})
        upload = SimpleUploadedFile(f"{code_key(spec.number).lower()}.pdf", pdf)
        checked = files.check_pdf(upload)
        document = Document(
            number=spec.number,
            kind=Kind.objects.get_or_create(name=spec.kind)[0],
            issuing_body=IssuingBody.objects.get_or_create(name=body_name)[0],
            field=Field.objects.get_or_create(name=spec.field)[0],
            signer=signer_name,
            issued_on=spec.issued,
            in_force_on=spec.in_force,
            summary=spec.summary,
            status=spec.status,
            is_published=True,
            file_size=checked.size,
            page_count=checked.page_count,
            text=checked.text,
        )
        document.file.save(upload.name, upload, save=False)
        document.save()
        if self.verbosity > 1:
            self.stdout.write(f"  + {spec.number}")
        return document

    def attach(self, document, title):
        upload = SimpleUploadedFile("phu-luc.pdf", make_pdf(title.upper(), [f"Kèm theo {document.title}."]))
        checked = files.check_pdf(upload)
        attachment = Attachment(document=document, title=title, file_type="pdf", file_size=checked.size, order=1)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()

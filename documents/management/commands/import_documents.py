"""Import the back catalogue of the register from a CSV or XLSX file (documents/importer.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.importer import ImportFileError, PdfFolder, import_register


class Command(BaseCommand):
    help = "Import documents from a CSV or XLSX register with the Vietnamese headings; report every refused row."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register: CSV (UTF-8, comma or semicolon) or XLSX.")
        parser.add_argument("--pdf-dir", help="The folder holding the PDFs named in the “Tệp PDF” column.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, save nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported documents.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["pdf_dir"] and not Path(options["pdf_dir"]).is_dir():
            raise CommandError(f"{options['pdf_dir']}: no such folder")
        try:
            report = import_register(
                path.read_bytes(),
                PdfFolder(options["pdf_dir"]),
                dry_run=options["dry_run"],
                publish=options["publish"],
            )
        except ImportFileError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in report.lines():
            self.stdout.write(line)

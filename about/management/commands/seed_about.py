"""Load the introduction's demo content: the history and organisation chart pages (the chart
drawn with Pillow now), a standing committee of fictional leaders, the bodies' contacts, the
English page and links to related agencies.

Idempotent: what already exists (a page by its slug, a leader or a body by name, a link by its
address, the English page) is left as it is, editors' changes included.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from about import demo
from about.models import AgencyLink, Department, EnglishPage, IntroPage, Leader


class Command(BaseCommand):
    help = "Create the demo introduction pages, leaders, contacts, English page and links (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created, change nothing.")

    def handle(self, *args, **options):
        todo = self.missing()
        if options["dry_run"]:
            self.stdout.write(
                ", ".join(f"{label}: {len(items)}" for label, items in todo.items()) + " would be created."
            )
            return
        with transaction.atomic():
            for slug_spec in todo["pages"]:
                self.create_page(*slug_spec)
            for index, spec in todo["leaders"]:
                self.create_leader(index, *spec)
            for order, spec in todo["departments"]:
                self.create_department(order, *spec)
            if todo["english"]:
                EnglishPage.objects.create(**demo.ENGLISH)
            for name, url, group, order in todo["links"]:
                AgencyLink.objects.create(name=name, url=url, group=group, order=order)
        created = sum(len(items) for items in todo.values())
        self.stdout.write(self.style.SUCCESS(f"Demo introduction: {created} items created."))

    def missing(self):
        slugs = set(IntroPage.objects.values_list("slug", flat=True))
        leaders = set(Leader.objects.values_list("name", flat=True))
        bodies = set(Department.objects.values_list("name", flat=True))
        urls = set(AgencyLink.objects.values_list("url", flat=True))
        return {
            "pages": [spec for spec in demo.PAGES if spec[1] not in slugs],
            "leaders": [(i, spec) for i, spec in enumerate(demo.LEADERS) if spec[0] not in leaders],
            "departments": [(i + 1, spec) for i, spec in enumerate(demo.DEPARTMENTS) if spec[0] not in bodies],
            "english": [] if EnglishPage.objects.exists() else [demo.ENGLISH],
            "links": [spec for spec in demo.LINKS if spec[1] not in urls],
        }

    def create_page(self, title, slug, summary, body, order):
        page = IntroPage(
            title=title, slug=slug, summary=summary, body=body, order=order, status=IntroPage.Status.PUBLISHED
        )
        if slug == "so-do-to-chuc":
            page.image_alt = "Sơ đồ tổ chức Đảng bộ quận"
            page.image_text = demo.CHART_TEXT
            chart = demo.organisation_chart()
            page.image.save(chart.name, chart, save=False)
        page.save()
        self.note(f"  + {title}")

    def create_leader(self, index, name, title, title_en, group, duties, phone, email):
        leader = Leader(
            name=name,
            title=title,
            title_en=title_en,
            group=group,
            duties=duties,
            office_phone=phone,
            office_email=email,
            order=index + 1,
        )
        photo = demo.portrait(index)
        leader.photo.save(photo.name, photo, save=False)
        leader.save()
        self.note(f"  + {name}")

    def create_department(self, order, name, name_en, head, head_title, head_title_en, phone, email):
        Department.objects.create(
            name=name,
            name_en=name_en,
            head_name=head,
            head_title=head_title,
            head_title_en=head_title_en,
            address=demo.ADDRESS,
            address_en=demo.ADDRESS_EN,
            phone=phone,
            email=email,
            order=order,
        )
        self.note(f"  + {name}")

    def note(self, line):
        if self.verbosity > 1:
            self.stdout.write(line)

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)

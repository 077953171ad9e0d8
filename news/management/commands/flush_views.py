"""Write the view counts buffered in Redis to the database (news/view_counts.py).

Readers' views trigger a flush every second while the site is read; this command covers the
quiet moments and shutdowns: deploy/portal-flush-views.timer runs it every minute.
"""

from django.core.management.base import BaseCommand, CommandError

from news import view_counts


class Command(BaseCommand):
    help = "Write the view counts buffered in Redis to the database."

    def handle(self, *args, **options):
        written, complete = view_counts.flush_all()
        if options["verbosity"] > 1 or written:
            self.stdout.write(f"{written} views written.")
        if not complete:
            raise CommandError("Views are still buffered in Redis: the database or Redis is unreachable.")

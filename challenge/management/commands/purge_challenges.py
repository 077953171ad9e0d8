"""Forget the spent anti-spam challenges whose time is up (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from challenge.services import purge_expired


class Command(BaseCommand):
    help = "Delete spent challenges past their expiry: they are refused as expired anyway."

    def handle(self, *args, **options):
        deleted = purge_expired()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{deleted} spent challenges deleted."))

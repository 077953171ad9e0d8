from django.conf import settings
from django.core.management.base import BaseCommand

from questions.models import Question


class Command(BaseCommand):
    help = "Erase the contact details of questions answered or rejected more than QUESTIONS_CONTACT_RETENTION_DAYS ago."

    def handle(self, *args, **options):
        erased = 0
        for question in Question.objects.contact_expired():
            question.erase_contact()
            erased += 1
        days = settings.QUESTIONS_CONTACT_RETENTION_DAYS
        self.stdout.write(f"Erased the contact details of {erased} questions closed more than {days} days ago.")

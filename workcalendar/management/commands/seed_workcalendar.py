"""Load a demo work calendar: this week and last week, published, one entry adjusted after publication.

Idempotent: a week that already exists is left as it is. The leaders taking part are the first
four of the introduction's demo leaders (seed_about, run first if they are missing).
"""

import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from about.models import Leader
from workcalendar.models import Entry, Week

# (weekday 0-6, start, end, leader orders, content, place, preparing unit)
ENTRIES = [
    (
        0,
        "08:00",
        "11:30",
        [1, 2, 3, 4],
        "Hội nghị Ban Thường vụ Quận ủy thường kỳ",
        "Phòng họp tầng 3, trụ sở Quận ủy",
        "Văn phòng Quận ủy",
    ),
    (
        0,
        "14:00",
        "16:30",
        [2],
        "Làm việc với Đảng ủy phường Phú Thượng về công tác xây dựng Đảng",
        "Trụ sở Đảng ủy phường",
        "Ban Tổ chức Quận ủy",
    ),
    (
        1,
        "08:00",
        "11:00",
        [1],
        "Tiếp công dân định kỳ của đồng chí Bí thư Quận ủy",
        "Trụ sở tiếp công dân quận",
        "Ban Nội chính Quận ủy",
    ),
    (2, "08:30", "11:00", [3], "Kiểm tra tiến độ các công trình trọng điểm trên địa bàn", "Các phường", "UBND quận"),
    (
        2,
        "14:00",
        "17:00",
        [4],
        "Hội nghị báo cáo viên tháng",
        "Hội trường Trung tâm Chính trị quận",
        "Ban Tuyên giáo Quận ủy",
    ),
    (
        3,
        "08:00",
        "11:30",
        [1, 2],
        "Làm việc với Đảng ủy phường Tây Hồ về kết quả thực hiện nghị quyết",
        "Trụ sở Đảng ủy phường",
        "Văn phòng Quận ủy",
    ),
    (
        4,
        "14:00",
        "16:00",
        [2, 4],
        "Giao ban khối Dân vận quận",
        "Phòng họp số 2, trụ sở Quận ủy",
        "Ban Dân vận Quận ủy",
    ),
]


class Command(BaseCommand):
    help = "Load a demo work calendar (this week and last week, published)."

    @transaction.atomic
    def handle(self, *args, **options):
        if Leader.objects.shown().count() < 4:
            call_command("seed_about", verbosity=0)
        leaders = dict(enumerate(Leader.objects.shown()[:4], start=1))
        today = timezone.localdate()
        for monday in (
            today - datetime.timedelta(days=today.weekday() + 7),
            today - datetime.timedelta(days=today.weekday()),
        ):
            year, number, _ = monday.isocalendar()
            week, created = Week.objects.get_or_create(year=year, number=number)
            if not created:
                continue
            made = []
            for weekday, start, end, who, content, place, unit in ENTRIES:
                entry = Entry.objects.create(
                    week=week,
                    day=monday + datetime.timedelta(days=weekday),
                    starts_at=start,
                    ends_at=end,
                    content=content,
                    place=place,
                    preparing_unit=unit,
                )
                entry.leaders.set([leaders[o] for o in who])
                made.append(entry)
            week.publish()
            adjusted = made[3]
            adjusted.starts_at, adjusted.ends_at = datetime.time(9, 0), datetime.time(11, 30)
            adjusted.save()
            if options["verbosity"]:
                self.stdout.write(self.style.SUCCESS(f"{week}: {len(made)} entries"))

"""Load a demo work calendar: this week and last week, published, one entry adjusted after publication.

Idempotent: a week that already exists is left as it is. The leaders are made-up names.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from workcalendar.models import Entry, Leader, Week

LEADERS = [
    ("Nguyễn Văn Minh", "Bí thư Quận ủy", 1),
    ("Trần Thị Lan", "Phó Bí thư Thường trực Quận ủy", 2),
    ("Lê Quang Huy", "Phó Bí thư Quận ủy, Chủ tịch UBND quận", 3),
    ("Phạm Thu Hà", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Quận ủy", 4),
]

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
        leaders = {}
        for name, title, order in LEADERS:
            leaders[order], _ = Leader.objects.get_or_create(name=name, defaults={"title": title, "order": order})
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

"""The kinds, issuing bodies and fields a district Party committee's register starts with.
Editors extend them in the admin; reversing removes only rows no document uses."""

from django.db import migrations

from news.text import vn_slugify

KINDS = [
    "Nghị quyết",
    "Chỉ thị",
    "Kết luận",
    "Quy định",
    "Quy chế",
    "Quyết định",
    "Chương trình",
    "Kế hoạch",
    "Hướng dẫn",
    "Thông tri",
    "Thông báo",
    "Báo cáo",
    "Tờ trình",
    "Công văn",
]
BODIES = [
    "Quận ủy",
    "Ban Thường vụ Quận ủy",
    "Ban Tuyên giáo Quận ủy",
    "Ban Tổ chức Quận ủy",
    "Ủy ban Kiểm tra Quận ủy",
    "Ban Dân vận Quận ủy",
    "Văn phòng Quận ủy",
]
FIELDS = [
    "Xây dựng Đảng",
    "Chính trị – tư tưởng",
    "Tổ chức – cán bộ",
    "Kiểm tra – giám sát",
    "Dân vận",
    "Kinh tế – xã hội",
    "Văn hóa – xã hội",
    "Quốc phòng – an ninh",
]
VOCABULARIES = {"Kind": KINDS, "IssuingBody": BODIES, "Field": FIELDS}


def seed(apps, schema_editor):
    for model_name, names in VOCABULARIES.items():
        model = apps.get_model("documents", model_name)
        for order, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"slug": vn_slugify(name), "order": order * 10})


def unseed(apps, schema_editor):
    for model_name, names in VOCABULARIES.items():
        apps.get_model("documents", model_name).objects.filter(name__in=names, documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0020_search_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="SectionSlugHistory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=160, unique=True, verbose_name="old slug")),
                ("created_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                (
                    "section",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="old_slugs", to="news.section"
                    ),
                ),
            ],
            options={
                "verbose_name": "old section address",
                "verbose_name_plural": "old section addresses",
            },
        ),
    ]

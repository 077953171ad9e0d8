"""Full-text search on PostgreSQL: a stored, weighted, accent-free vector with a GIN index.

The field exists on every database; the backfill and the index only on PostgreSQL. The GIN
index is created here rather than declared in Article.Meta because SQLite cannot build it
and would fail whenever it rebuilds the table in a later migration. No extension is needed:
the diacritics are removed in Python (news.text.search_normalize), not by `unaccent`.
"""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Value
from django.utils.html import strip_tags

from news.text import search_normalize


def on_postgres(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def fill_vectors(apps, schema_editor):
    """Compute the vector of the articles that exist (new ones get it from Article.save)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from html import unescape

    Article = apps.get_model("news", "Article")
    for article in Article.objects.only("title", "lead", "body").iterator(chunk_size=500):
        parts = (article.title, article.lead, unescape(strip_tags(article.body or "")))
        vector = [
            SearchVector(Value(search_normalize(text), output_field=models.TextField()), config="simple", weight=w)
            for text, w in zip(parts, "ABC", strict=True)
        ]
        Article.objects.filter(pk=article.pk).update(search_vector=vector[0] + vector[1] + vector[2])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            on_postgres("CREATE INDEX article_search_idx ON news_article USING gin (search_vector)"),
            on_postgres("DROP INDEX IF EXISTS article_search_idx"),
        ),
    ]

"""Full-text search on PostgreSQL: a stored, weighted, accent-free vector with a GIN index.

The GIN index is created here rather than declared in Article.Meta: it was written when a
second database was supported, and a migration, once applied, stays as it is. No extension is needed:
the diacritics are removed in Python (news.text.search_words), not by `unaccent`.
"""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Value

from news.text import html_to_text, search_words


def run_sql(*statements):
    def run(apps, schema_editor):
        for sql in statements:
            schema_editor.execute(sql)

    return run


def fill_vectors(apps, schema_editor):
    """Compute the vector of the articles that exist (new ones get it from Article.save)."""
    Article = apps.get_model("news", "Article")
    for article in Article.objects.only("title", "lead", "body").iterator(chunk_size=500):
        parts = [" ".join(search_words(text)) for text in (article.title, article.lead, html_to_text(article.body))]
        vector = [
            SearchVector(Value(text, output_field=models.TextField()), config="simple", weight=weight)
            for text, weight in zip(parts, "ABC", strict=True)
        ]
        Article.objects.filter(pk=article.pk).update(search_vector=vector[0] + vector[1] + vector[2])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Keep the vector in the row (compressed) rather than in the TOAST table: finding the
        # newest matches reads it row after row, and a TOAST fetch per row costs ten times more.
        migrations.RunPython(
            run_sql("ALTER TABLE news_article ALTER COLUMN search_vector SET STORAGE MAIN"),
            run_sql("ALTER TABLE news_article ALTER COLUMN search_vector SET STORAGE EXTENDED"),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            run_sql("CREATE INDEX article_search_idx ON news_article USING gin (search_vector)"),
            run_sql("DROP INDEX IF EXISTS article_search_idx"),
        ),
    ]

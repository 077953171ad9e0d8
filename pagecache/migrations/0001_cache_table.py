"""The table of the database cache (settings.DATABASE_CACHE): the cache without Redis, and
Redis's stand-in while it is unreachable. Made here so that `migrate`, which every deployment
and the tests run, makes it too."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]

"""Back up the portal into one archive: the database (pg_dump, custom format) and the media files.

    manage.py backup                       # $BACKUP_DIR (or var/backups)/portal-20250301-020000.tar
    manage.py backup --keep 14             # …and delete all but the 14 newest archives there
    manage.py backup --output /srv/backups/portal.tar
    manage.py restore /srv/backups/portal.tar

The archive is a plain tar holding database.dump (already compressed by pg_dump), media/
(photos and their renditions, already compressed as JPEG/WebP) and manifest.json (when, from
which database, and how many rows of each model in BACKUP_MODELS, which restore checks).
It is written next to its final name and renamed when complete, so a backup cut short by a
full disk never looks like a good one.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from news import view_counts

ARCHIVE_FORMAT = 1
# Rows counted into the manifest and checked after a restore ("app_label.Model").
BACKUP_MODELS = [
    "news.Section",
    "news.Article",
    "news.Photo",
    "news.DailyViews",
    "polls.Poll",
    "polls.Answer",
    "polls.Vote",
    "polls.VoteChoice",
]


def pg_tool(name, database="default"):
    """Path of pg_dump/pg_restore of the server's major version (pg_dump refuses a newer server,
    and a newer one writes settings an older server does not know): PG_BIN_DIR when set, else
    Debian's /usr/lib/postgresql/<major>/bin, the development server's own binaries, or PATH."""
    directory = os.environ.get("PG_BIN_DIR")
    if directory:
        candidates = [Path(directory) / name]
    else:
        major = connections[database].cursor().connection.server_version // 10000
        candidates = [Path(f"/usr/lib/postgresql/{major}/bin") / name]
        local = settings.PORTAL_LOCAL_POSTGRES
        if local["major"] == major:
            candidates.append(Path(local["bin_dir"]) / name)
        if shutil.which(name):
            candidates.append(Path(shutil.which(name)))
    for path in candidates:
        if path.exists():
            return str(path)
    raise CommandError(f"{name} not found: install postgresql-client or set PG_BIN_DIR.")


def pg_environment(database):
    """libpq's environment for a Django database: the password never appears in `ps`."""
    db = connections[database].settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db["USER"] or "", "PGPASSWORD": db["PASSWORD"] or ""}
    env["PGHOST"] = db["HOST"] or "localhost"
    env["PGPORT"] = str(db["PORT"] or 5432)
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def row_counts(database):
    return {label: apps.get_model(label)._default_manager.using(database).count() for label in BACKUP_MODELS}


def media_root():
    """The local media folder, or None when media live elsewhere (object storage)."""
    return Path(settings.MEDIA_ROOT) if isinstance(default_storage, FileSystemStorage) else None


class Command(BaseCommand):
    help = "Write the database (pg_dump) and the media files into one archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive to write (default: $BACKUP_DIR/portal-<date>-<time>.tar).")
        parser.add_argument("--keep", type=int, help="Then delete all but the newest N portal-*.tar in that folder.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument("--no-media", action="store_true", help="Leave the media files out.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        database = options["database"]
        env = pg_environment(database)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        folder = Path(os.environ.get("BACKUP_DIR") or Path(settings.BASE_DIR) / "var" / "backups")
        output = Path(options["output"] or folder / f"portal-{stamp}.tar")
        output.parent.mkdir(parents=True, exist_ok=True)
        media = None if options["no_media"] else media_root()
        if media is None and not options["no_media"]:
            self.stderr.write("Media are on object storage: back them up with the storage's own versioning.")

        if not view_counts.flush_all()[1]:  # the views still buffered in Redis belong in the dump
            self.stderr.write("Some view counts are still buffered in Redis and are not in this backup.")
        with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
            dump = Path(tmp) / "database.dump"
            self.log(f"Dumping database {env['PGDATABASE']}…")
            result = subprocess.run(
                [pg_tool("pg_dump", database), "--format=custom", "--compress=6", "--file", str(dump)],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            # Counted after the dump: rows written meanwhile may make them smaller than the
            # dump's, never larger, which is what restore checks.
            counts = row_counts(database)
            media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media and media.is_dir() else []
            manifest = {
                "format": ARCHIVE_FORMAT,
                "created": timezone.now().isoformat(),
                "database": env["PGDATABASE"],
                "rows": counts,
                "media_files": len(media_files),
                "last_migrations": self.last_migrations(database),
            }
            partial = output.with_name(output.name + ".part")
            with tarfile.open(partial, "w") as archive:
                archive.add(dump, arcname="database.dump")
                for path in media_files:
                    archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}", recursive=False)
                info = tarfile.TarInfo("manifest.json")
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, fileobj=io.BytesIO(data))
            os.replace(partial, output)

        size = output.stat().st_size / 1024 / 1024
        summary = ", ".join(f"{n} {label.split('.')[1]}" for label, n in counts.items())
        files = len(media_files)
        self.log(self.style.SUCCESS(f"Backup written: {output} ({size:.1f} MB; {summary}; {files} media files)"))
        if options["keep"]:
            self.prune(output.parent, options["keep"])

    def prune(self, folder, keep):
        """Delete the older archives of this folder, keeping the newest `keep` (never the new one)."""
        archives = sorted(folder.glob("portal-*.tar"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in archives[max(keep, 1) :]:
            old.unlink()
            self.log(f"Deleted old backup {old.name}")

    def last_migrations(self, database):
        recorder = MigrationRecorder(connections[database])
        last = {}
        for app, name in recorder.applied_migrations():
            last[app] = max(last.get(app, ""), name)
        return last

    def log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

"""Restore an archive written by `manage.py backup`: the database and the media files.

    manage.py restore /srv/backups/portal-20250301-020000.tar
    manage.py restore portal.tar --noinput --media-root /srv/portal/media

The database is replaced in a single transaction (pg_restore --single-transaction --clean):
either everything is restored or nothing changed. Restore into an empty database (made with
`createdb -O portal portal`) or over the existing one. Media files are copied into MEDIA_ROOT,
replacing files of the same name. Afterwards every model of BACKUP_MODELS is counted and
compared with the archive's manifest. Stop the app servers first (systemctl stop portal).
"""

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from news.context_processors import MENU_CACHE_KEY
from news.models import SiteSettings
from pagecache.generation import content_changed

from .backup import ARCHIVE_FORMAT, media_root, pg_environment, pg_tool, row_counts


class Command(BaseCommand):
    help = "Restore the database and the media files from an archive written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")
        parser.add_argument("--media-root", help="Where to put the media files (default: MEDIA_ROOT).")
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        archive_path = Path(options["archive"])
        if not archive_path.is_file():
            raise CommandError(f"No such archive: {archive_path}")
        database = options["database"]
        env = pg_environment(database)
        target_media = Path(options["media_root"]) if options["media_root"] else media_root()
        if options["no_media"]:
            target_media = None

        if options["interactive"]:
            where = f" and the media files in {target_media}" if target_media else ""
            answer = input(f"This replaces the database {env['PGDATABASE']}{where}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")

        with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
            tmp = Path(tmp)
            try:
                with tarfile.open(archive_path) as archive:
                    unpack(archive, tmp)
            except tarfile.TarError as exc:
                raise CommandError(f"Not a portal backup (not a readable archive): {exc}") from exc
            manifest = self.read_manifest(tmp)

            self.log(f"Restoring database {env['PGDATABASE']} from {manifest['created']}…")
            restore_tool = pg_tool("pg_restore", database)
            connections[database].close()
            result = subprocess.run(
                [
                    restore_tool,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                    env["PGDATABASE"],
                    str(tmp / "database.dump"),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed, the database is unchanged: {result.stderr.strip()}")

            copied = 0
            source = tmp / "media"
            if target_media is not None and source.is_dir():
                for path in source.rglob("*"):
                    if path.is_file():
                        destination = target_media / path.relative_to(source)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, destination)
                        copied += 1

        connections[database].close()
        counts = row_counts(database)
        expected = manifest["rows"]
        missing = {label: (n, counts.get(label, 0)) for label, n in expected.items() if counts.get(label, 0) < n}
        if missing:
            details = "; ".join(f"{label}: {found} of {expected}" for label, (expected, found) in missing.items())
            raise CommandError(f"The restored database lacks rows: {details}")
        # Pages and fragments cached from the replaced data must go.
        cache.delete_many([MENU_CACHE_KEY, SiteSettings.CACHE_KEY])
        content_changed()
        summary = ", ".join(f"{n} {label.split('.')[1]}" for label, n in counts.items())
        self.log(self.style.SUCCESS(f"Restored: {summary}; {copied} media files."))

    def read_manifest(self, folder):
        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"Not a portal backup (no readable manifest.json): {exc}") from exc
        if manifest.get("format") != ARCHIVE_FORMAT or not (folder / "database.dump").is_file():
            raise CommandError("Not a portal backup of a format this version can restore.")
        return manifest

    def log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)


def unpack(archive, folder):
    """Extract a backup's folders and regular files into `folder`, and nothing else.

    By hand rather than extractall(filter="data"): Debian 12's Python 3.11.2 has no extraction
    filters (3.11.4 added them), and a backup holds only folders and files, so a link, a device,
    an absolute path or ".." can only come from an archive that is not ours.
    """
    root = folder.resolve()
    for member in archive:
        target = (root / member.name).resolve()
        if Path(member.name).is_absolute() or ".." in Path(member.name).parts or not target.is_relative_to(root):
            raise CommandError(f"Not a portal backup: the archive names a path outside its folder ({member.name}).")
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
        elif member.isfile():
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "xb") as out:
                shutil.copyfileobj(source, out)
        else:
            raise CommandError(f"Not a portal backup: the archive holds a link or a device ({member.name}).")

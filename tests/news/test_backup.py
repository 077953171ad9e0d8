"""Backup and restore: `manage.py backup` then `manage.py restore` into an empty database."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from news.management.commands.backup import BACKUP_MODELS
from news.models import Article, Photo, SiteSettings
from news.view_counts import record_view
from polls.services import cast_vote
from tests.factories import make_article, make_poll, make_section

pytestmark = pytest.mark.django_db(transaction=True)

# Every row of these models must come back identical (the archive's own check counts rows of
# BACKUP_MODELS; this compares every field). A model added to BACKUP_MODELS is compared too.
COMPARED_MODELS = sorted(set(BACKUP_MODELS) | {"news.Author", "news.ArticleAuthor", "news.SiteSettings"})


BASE_DIR = Path(__file__).resolve().parents[2]


def connect(dbname):
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname, user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database (the name of it)."""
    name = connection.settings_dict["NAME"] + "_restore"
    conn = connect("postgres")
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    yield name
    conn = connect("postgres")
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def rows(label, dbname):
    """Every row of a model, every column, in primary key order, read straight from PostgreSQL."""
    meta = apps.get_model(label)._meta
    columns = ", ".join(f'"{f.column}"' for f in meta.concrete_fields)
    conn = connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'SELECT {columns} FROM "{meta.db_table}" ORDER BY "{meta.pk.column}"')
            return cursor.fetchall()
    finally:
        conn.close()


def manage(*args, database, media_root):
    """Run manage.py as an operator would, against another database and media folder."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    )
    env["MEDIA_ROOT"] = str(media_root)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_restore_into_an_empty_database_finds_everything(tmp_path, settings, empty_database):
    """After a disaster, the restored portal has every article, photo, view count and image file."""
    SiteSettings.load()
    congress = make_section("Đại hội Đảng bộ", is_special_topic=True)
    articles = [make_article(section=congress, photos=2, cover=True) for _ in range(3)]
    articles.append(make_article(title="Bản nháp chưa đăng", status=Article.Status.DRAFT))
    for article in articles[:2]:
        for _ in range(3):
            record_view(article.pk)
    poll = make_poll("Theo bạn quận có nên xây dựng đô thị thông minh?")
    for n, answer in enumerate(poll.answers.all()):
        cast_vote(poll, [answer.pk], voter=f"trinh-duyet-{n}", ip=f"203.0.113.{n + 1}")
    archive = tmp_path / "portal.tar"

    call_command("backup", output=str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "database.dump" in names and "manifest.json" in names
    assert any(name.startswith("media/photos/") for name in names)

    restored_media = tmp_path / "restored-media"
    output = manage("restore", str(archive), "--noinput", database=empty_database, media_root=restored_media)
    assert "Restored:" in output
    source = connection.settings_dict["NAME"]
    for label in COMPARED_MODELS:
        restored = rows(label, empty_database)
        assert restored == rows(label, source), label
    assert len(rows("news.Article", empty_database)) == 4
    assert len(rows("news.Photo", empty_database)) == 6
    assert len(rows("polls.Vote", empty_database)) == 3
    for photo in Photo.objects.all():
        original = settings.MEDIA_ROOT / photo.image.name
        copy = restored_media / photo.image.name
        assert copy.read_bytes() == original.read_bytes()
    renditions = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(renditions) > Photo.objects.count()  # originals and their renditions
    for path in renditions:
        assert (restored_media / path.relative_to(settings.MEDIA_ROOT)).is_file()


def test_restore_replaces_a_database_that_has_content(tmp_path):
    """Restoring over a live database puts it back as it was at the backup, in one transaction."""
    kept = make_article(title="Bài có trong bản sao lưu")
    archive = tmp_path / "portal.tar"
    call_command("backup", output=str(archive), verbosity=0, no_media=True)
    make_article(title="Bài đăng sau khi sao lưu")
    call_command("restore", str(archive), interactive=False, verbosity=0, no_media=True)
    assert list(Article.objects.values_list("title", flat=True)) == [kept.title]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    """Pointing restore at the wrong file stops before the database is touched."""
    make_section()
    wrong = tmp_path / "not-a-backup.tar"
    with tarfile.open(wrong, "w") as tar:
        tar.add(__file__, arcname="readme.txt")
    with pytest.raises(CommandError, match="Not a portal backup"):
        call_command("restore", str(wrong), interactive=False, verbosity=0)
    assert apps.get_model("news.Section").objects.count() == 1


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink", "garbage"])
def test_restore_refuses_an_archive_that_reaches_outside_its_folder(tmp_path, kind):
    """A crafted archive (a "..", an absolute path, a link, not a tar at all) is refused with a
    clear message, writes nothing outside the restore's folder and leaves the database as it was."""
    make_section()
    crafted = tmp_path / "crafted.tar"
    outside = tmp_path / "escaped.txt"
    if kind == "garbage":
        crafted.write_bytes(b"%PDF-1.7 not an archive")
    else:
        with tarfile.open(crafted, "w") as tar:
            if kind == "symlink":
                link = tarfile.TarInfo("media/link")
                link.type, link.linkname = tarfile.SYMTYPE, str(outside)
                tar.addfile(link)
            else:
                name = f"../{'../' * 8}{outside}" if kind == "dotdot" else str(outside)
                tar.add(__file__, arcname=name)
    with pytest.raises(CommandError, match="Not a portal backup"):
        call_command("restore", str(crafted), interactive=False, verbosity=0)
    assert not outside.exists()
    assert apps.get_model("news.Section").objects.count() == 1


def test_keep_deletes_only_the_oldest_archives(tmp_path):
    """`backup --keep 2` leaves the new archive and the newest older one, nothing else."""
    make_section()
    for age, name in ((300, "portal-20250101-020000.tar"), (200, "portal-20250102-020000.tar"), (100, "x.tar")):
        path = tmp_path / name
        path.write_bytes(b"old")
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    call_command("backup", output=str(tmp_path / "portal-new.tar"), keep=2, no_media=True, verbosity=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portal-20250102-020000.tar", "portal-new.tar", "x.tar"]

"""Small helpers that make test data, in the spirit of the tutorial's create_question(): the one
factories module of every test, the browser tests' included."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news import workflow
from news.models import Article, ArticleAuthor, Author, Photo, Section
from polls.models import Answer, Poll, Vote, VoteChoice
from polls.voters import hash_ip, hash_token

_counter = itertools.count(1)


def image_file(width=700, height=467, color=(160, 20, 20), fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, fmt)
    return ContentFile(out.getvalue())


def make_section(name=None, **kwargs):
    name = name or f"Chuyên mục {next(_counter)}"
    return Section.objects.create(name=name, **kwargs)


def make_article(
    section=None,
    title=None,
    days=0,
    status=Article.Status.PUBLISHED,
    photos=0,
    authors=("Huyền Anh",),
    cover=False,
    photo_size=(700, 467),
    **kwargs,
):
    """An article published `days` ago (negative: scheduled in the future)."""
    n = next(_counter)
    article = Article(
        section=section or make_section(),
        title=title or f"Bài viết số {n}",
        lead=kwargs.pop("lead", f"Sáng nay, phường Hòa Bình tổ chức sự kiện số {n}."),
        body=kwargs.pop("body", "<p>Đoạn thứ nhất.</p><p>Đoạn thứ hai.</p><p>Đoạn thứ ba.</p>"),
        status=status,
        published_at=kwargs.pop("published_at", timezone.now() - timedelta(days=days)),
        source_unit=kwargs.pop("source_unit", "Ban Tuyên giáo Quận ủy"),
        byline_kind=kwargs.pop("byline_kind", Article.BylineKind.TIN_ANH),
        **kwargs,
    )
    if cover:
        article.cover_image.save(f"cover-{n}.jpg", image_file(), save=False)
    article.save()
    for order, name in enumerate(authors):
        author, _ = Author.objects.get_or_create(name=name)
        ArticleAuthor.objects.create(article=article, author=author, order=order)
    for order in range(photos):
        photo = Photo(article=article, caption=f"Chú thích ảnh {order + 1}", order=order)
        photo.image.save(f"photo-{n}-{order}.jpg", image_file(*photo_size), save=False)
        photo.save()
    return article


def views_in_database(article):
    """The article's view count as the database holds it, once the views buffered in Redis
    (news/view_buffer.py) are written; the day rows must agree with it."""
    from django.db.models import Sum

    from news import view_counts as view_buffer
    from news.models import DailyViews

    assert view_buffer.flush_all()[1], "views left in Redis"
    article.refresh_from_db()
    daily = DailyViews.objects.filter(article=article).aggregate(n=Sum("views"))["n"] or 0
    assert daily == article.view_count, "the day rows and the total must agree"
    return article.view_count


ROLE_GROUPS = {"reporter": workflow.REPORTERS, "editor": workflow.EDITORS, "admin": workflow.ADMINISTRATORS}


def make_user(username, role=None, is_staff=True, **kwargs):
    """A staff account in the group of `role` ("reporter", "editor", "admin"); no group for None."""
    # No password: tests log in with force_login, and hashing one costs a second per user.
    user = get_user_model().objects.create_user(username=username, password=None, is_staff=is_staff, **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


QUESTION = "Theo bạn quận có nên xây dựng mô hình đô thị thông minh hay không?"


def make_poll(question=QUESTION, answers=("Có", "Không", "Ý kiến khác"), days_open=None, opened_days_ago=1, **kwargs):
    """A poll opened `opened_days_ago` days ago (negative: opens in the future), closing after
    `days_open` days. `answers` may map each answer to a number of ballots from made-up voters.
    Without the anti-spam check unless asked (requires_challenge=True): most tests are about counting."""
    kwargs.setdefault("requires_challenge", False)
    opens_at = kwargs.pop("opens_at", timezone.now() - timedelta(days=opened_days_ago))
    closes_at = kwargs.pop("closes_at", opens_at + timedelta(days=days_open) if days_open is not None else None)
    poll = Poll.objects.create(question=question, opens_at=opens_at, closes_at=closes_at, **kwargs)
    ballots = answers if isinstance(answers, dict) else dict.fromkeys(answers, 0)
    ballot = 0
    for order, (text, count) in enumerate(ballots.items()):
        answer = Answer.objects.create(poll=poll, text=text, order=order)
        for _ in range(count):
            ballot += 1
            # Written directly, as seed_polls does: cast_vote() would refuse ballots on a closed poll.
            vote = Vote.objects.create(
                poll=poll, voter_token=hash_token(f"seed-{poll.pk}-{ballot}"), ip_hash=hash_ip(f"10.0.0.{ballot}")
            )
            VoteChoice.objects.create(vote=vote, answer=answer)
    if ballot:
        poll.recount_votes()
    return poll


def make_intro_page(title=None, **kwargs):
    """A published introduction page ("Giới thiệu")."""
    from about.models import IntroPage

    kwargs.setdefault("status", IntroPage.Status.PUBLISHED)
    kwargs.setdefault("body", "<p>Đảng bộ quận được thành lập cùng với quận.</p>")
    return IntroPage.objects.create(title=title or f"Trang giới thiệu {next(_counter)}", **kwargs)


def make_leader(name=None, photo=False, **kwargs):
    """A shown leader of the committee, with a photo (and its renditions) when `photo`."""
    from about.models import Leader

    n = next(_counter)
    leader = Leader(name=name or f"Đồng chí Lãnh đạo {n}", title=kwargs.pop("title", "Ủy viên Ban Thường vụ"), **kwargs)
    if photo:
        leader.photo.save(f"lanh-dao-{n}.jpg", image_file(300, 400), save=False)
    leader.save()
    return leader


def make_department(name=None, **kwargs):
    """A shown body of the committee with its contact."""
    from about.models import Department

    kwargs.setdefault("phone", "024 3825 0100")
    kwargs.setdefault("email", "vanphong@quanuy.example.vn")
    kwargs.setdefault("address", "Số 12 phố Hòa Bình")
    return Department.objects.create(name=name or f"Ban số {next(_counter)}", **kwargs)


def make_agency_link(name=None, url="https://hanoi.gov.vn", **kwargs):
    """A shown link to a related agency."""
    from about.models import AgencyLink

    return AgencyLink.objects.create(name=name or f"Cơ quan {next(_counter)}", url=url, **kwargs)


def make_week(day=None, published=True, **kwargs):
    """A calendar week (workcalendar) holding `day` (today by default), published unless told."""
    from workcalendar.models import Week

    year, number, _ = (day or timezone.localdate()).isocalendar()
    week = Week.objects.create(year=year, number=number, **kwargs)
    if published:
        week.publish()
    return week


def make_entry(week, day=None, starts_at="08:00", content="Hội nghị Ban Thường vụ Quận ủy", leaders=(), **kwargs):
    """An entry of `week` on `day` (its Monday by default)."""
    from workcalendar.models import Entry

    entry = Entry.objects.create(week=week, day=day or week.monday, starts_at=starts_at, content=content, **kwargs)
    if leaders:
        entry.leaders.set(leaders)
    return Entry.objects.get(pk=entry.pk)


# --- documents ---


def pdf_file(heading="KẾ HOẠCH", paragraphs=("Triển khai thực hiện nghị quyết.",), name="van-ban.pdf", **kwargs):
    """A real PDF (fpdf2, Vietnamese text) as an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.pdfmaker import make_pdf

    return SimpleUploadedFile(name, make_pdf(heading, paragraphs, **kwargs), content_type="application/pdf")


def vocabulary(model_name, name):
    """A kind, issuing body or field by name (the migration's, or a new one)."""
    from documents import models

    return getattr(models, model_name).objects.get_or_create(name=name)[0]


def make_document(
    number=None,
    kind="Kế hoạch",
    body="Ban Thường vụ Quận ủy",
    field=None,
    summary=None,
    text="",
    published=True,
    issued_on=None,
    **kwargs,
):
    """A document of the register with a small real PDF whose text is `text` (published unless told)."""
    from datetime import date

    from documents.models import Document

    n = next(_counter)
    document = Document(
        number=number or f"{n}-KH/QU",
        kind=vocabulary("Kind", kind),
        issuing_body=vocabulary("IssuingBody", body),
        field=vocabulary("Field", field) if field else None,
        summary=summary or f"Kế hoạch thực hiện nhiệm vụ số {n}",
        issued_on=issued_on or date(2019, 11, 25),
        is_published=published,
        text=text,
        page_count=1,
        **kwargs,
    )
    upload = pdf_file(document.summary, [text] if text else ())
    document.file_size = upload.size
    document.file.save("van-ban.pdf", upload, save=False)
    document.save()
    return document

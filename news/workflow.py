"""Who may do what with an article, the moves between its states, and its versions.

The roles (groups made by migration 0003) carry Django permissions; this module turns them
into the newsroom's rules, and every path that edits an article (admin form, history
restore, image upload) asks it:

- a reporter (news.change_article only) edits their own drafts and returned articles and
  submits them for review; everything else they may only look at, and only if it is theirs;
- an editor (news.edit_any_article) edits any article; with news.review_article returns it
  to the author with a note, with news.publish_article publishes, schedules or unpublishes it.

States: draft → review → published, review → returned → (draft or review again), and
published ⇄ unpublished.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor, Author

Status = Article.Status

# The roles' group names, as migration 0003 creates them.
REPORTERS, EDITORS, ADMINISTRATORS = "Phóng viên", "Biên tập viên", "Quản trị"

# States in which the author may still change their own article.
AUTHOR_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


def can_see_all(user):
    return user.has_perm("news.edit_any_article")


def visible_articles(user, queryset=None):
    """The articles `user` may find in the newsroom: all for editors, their own for reporters."""
    queryset = Article.objects.all() if queryset is None else queryset
    if can_see_all(user):
        return queryset
    return queryset.filter(created_by=user.pk) if user.is_authenticated else queryset.none()


def can_view(user, article):
    if not (user.has_perm("news.view_article") or user.has_perm("news.change_article")):
        return False
    return article is None or can_see_all(user) or article.created_by_id == user.pk


def can_edit(user, article):
    """May `user` change `article` (None: a new one)?"""
    if not user.has_perm("news.change_article"):
        return False
    if article is None or can_see_all(user):
        return True
    return article.created_by_id == user.pk and article.status in AUTHOR_EDITABLE


def can_publish(user):
    return user.has_perm("news.publish_article")


def can_review(user):
    return user.has_perm("news.review_article")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    needs_note: bool = False

    def allowed_for(self, user, article):
        if self.name in ("publish", "unpublish"):
            return can_publish(user)
        if self.name == "return":
            return can_review(user)
        # submit, redraft: whoever may edit the article (its author while it is theirs to edit).
        return can_edit(user, article)


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", _("Submit for review"), frozenset({Status.DRAFT, Status.RETURNED}), Status.REVIEW),
        Transition("return", _("Return to the author"), frozenset({Status.REVIEW}), Status.RETURNED, needs_note=True),
        Transition(
            "publish",
            _("Publish or schedule"),
            frozenset({Status.DRAFT, Status.REVIEW, Status.RETURNED, Status.UNPUBLISHED}),
            Status.PUBLISHED,
        ),
        Transition("unpublish", _("Unpublish"), frozenset({Status.PUBLISHED}), Status.UNPUBLISHED),
        Transition("redraft", _("Back to draft"), frozenset({Status.RETURNED, Status.UNPUBLISHED}), Status.DRAFT),
    )
}


def current_status(article):
    return article.status if article is not None else Status.DRAFT


def allowed_transitions(user, article):
    """The moves `user` may make on `article` (None: a new article, which starts as a draft)."""
    status = current_status(article)
    return [t for t in TRANSITIONS.values() if status in t.sources and t.allowed_for(user, article)]


def check_transition(user, article, name, note=""):
    """Return the Transition called `name`, or raise a ValidationError saying why it is refused."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Unknown action."), code="unknown_transition")
    if current_status(article) not in transition.sources:
        raise ValidationError(
            _("This action is not possible for an article that is “%(status)s”."),
            code="wrong_state",
            params={"status": Status(current_status(article)).label},
        )
    if not transition.allowed_for(user, article):
        raise ValidationError(_("You are not allowed to do this with this article."), code="forbidden")
    if transition.needs_note and not (note or "").strip():
        raise ValidationError(
            {"review_note": _("Say what the author should change before returning the article.")},
            code="note_required",
        )
    return transition


def stored_version(article):
    """The article as the database holds it (None for a new one): rules apply to that, not to a form's edits."""
    if article is None or article.pk is None:
        return None
    return Article.objects.filter(pk=article.pk).only("status", "created_by").first()


def validate_transition(article, name, user, note=""):
    return check_transition(user, stored_version(article), name, note)


def apply_transition(article, name, user, note=None):
    """Move `article` (a new or changed, still unsaved instance) to its next state.

    `article` carries the edits of the form it comes from; the rules are checked against the
    state it is stored in. The caller saves it, which records the move as a version whose
    reason names the move.
    """
    note = article.review_note if note is None else note
    transition = validate_transition(article, name, user, note)
    article.status = transition.target
    if transition.name == "return":
        article.review_note = note.strip()
    elif transition.name == "publish":
        article.review_note = ""
        if article.published_at is None:
            article.published_at = timezone.now().replace(microsecond=0)  # as the admin form shows it
    article._change_reason = str(transition.label)
    return transition


# Versions (django-simple-history). A version keeps the article's author rows with it, so that
# restoring it brings the byline back too. Photos are not versioned: restoring keeps them.


def record_byline(article):
    """Make the article's newest version hold its current author rows.

    The admin saves the article (which makes the version) before it saves the author rows
    of the inline, so the version must be brought up to date afterwards.
    """
    version = article.history.first()
    if version is None:
        return
    rows = version.authors.model
    version.authors.all().delete()
    rows.objects.bulk_create(
        rows(history=version, id=link.pk, article_id=article.pk, author_id=link.author_id, order=link.order)
        for link in ArticleAuthor.objects.filter(article=article)
    )


def restore_byline(article, version):
    """Give `article` the authors, in order, that it had in `version` (authors deleted since are skipped)."""
    links = sorted(version.authors.all(), key=lambda link: (link.order, link.id))
    existing = set(Author.objects.filter(pk__in=[link.author_id for link in links]).values_list("pk", flat=True))
    ArticleAuthor.objects.filter(article=article).delete()
    seen = set()
    for link in links:
        if link.author_id in existing and link.author_id not in seen:
            seen.add(link.author_id)
            ArticleAuthor.objects.create(article=article, author_id=link.author_id, order=link.order)
    record_byline(article)

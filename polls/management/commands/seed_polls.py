"""Load demo polls: one open poll with some votes, two closed ones for the archive, and one open
poll of the newest published article (when seed_demo has made articles).

Idempotent: a poll whose question already exists is left as it is, votes included.
The demo ballots carry made-up tokens and addresses (hashed like real ones).
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from news.models import Article
from polls.models import Answer, Poll, Vote, VoteChoice
from polls.voters import hash_ip, hash_token

# (question, description, days since opening, days open (None: no closing date), type, visibility,
#  [(answer, relative weight)], number of demo ballots)
DEMO_POLLS = [
    (
        "Theo bạn quận có nên xây dựng mô hình đô thị thông minh hay không?",
        "Ý kiến của người dân giúp Quận ủy, UBND quận định hướng chương trình chuyển đổi số giai đoạn 2026 – 2030.",
        3,
        None,
        Poll.ChoiceType.SINGLE,
        Poll.ResultsVisibility.ALWAYS,
        [("Có", 62), ("Không", 11), ("Cần thêm thời gian nghiên cứu", 19), ("Ý kiến khác", 8)],
        137,
    ),
    (
        "Bạn thường theo dõi tin tức của quận qua kênh nào?",
        "Có thể chọn nhiều kênh.",
        75,
        30,
        Poll.ChoiceType.MULTIPLE,
        Poll.ResultsVisibility.AFTER_VOTE,
        [
            ("Cổng thông tin điện tử", 50),
            ("Mạng xã hội", 70),
            ("Loa truyền thanh phường", 25),
            ("Bản tin tổ dân phố", 20),
        ],
        214,
    ),
    (
        "Bạn đánh giá thế nào về chất lượng giải quyết thủ tục hành chính tại bộ phận một cửa của phường?",
        "",
        160,
        45,
        Poll.ChoiceType.SINGLE,
        Poll.ResultsVisibility.AFTER_CLOSE,
        [("Rất hài lòng", 35), ("Hài lòng", 45), ("Chưa hài lòng", 15), ("Không có ý kiến", 5)],
        326,
    ),
]

# The poll beside an article: shown in that article's box only.
ARTICLE_POLL = (
    "Theo bạn, phường có nên mở thêm điểm đọc sách cho thiếu nhi vào cuối tuần?",
    "",
    1,
    None,
    Poll.ChoiceType.SINGLE,
    Poll.ResultsVisibility.AFTER_VOTE,
    [("Có, vào cả thứ Bảy và Chủ nhật", 55), ("Chỉ Chủ nhật", 30), ("Không cần", 15)],
    48,
)


class Command(BaseCommand):
    help = "Create demo reader polls with votes (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created, change nothing.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        article = Article.objects.published().order_by("-published_at").first()
        specs = [(spec, None) for spec in DEMO_POLLS] + ([(ARTICLE_POLL, article)] if article else [])
        existing = set(Poll.objects.filter(question__in=[p[0] for p, _a in specs]).values_list("question", flat=True))
        todo = [(p, a) for p, a in specs if p[0] not in existing]
        if options["dry_run"]:
            self.stdout.write(f"{len(todo)} demo polls would be created, {len(existing)} exist.")
            return
        with transaction.atomic():
            for spec, on_article in todo:
                poll = self.create(rng, *spec, article=on_article)
                if options["verbosity"] > 1:
                    self.stdout.write(f"  + {poll.question}")
        self.stdout.write(self.style.SUCCESS(f"Demo polls: {len(todo)} created, {len(existing)} already there."))

    def create(self, rng, question, description, days_ago, days_open, kind, visibility, answers, ballots, article=None):
        now = timezone.now().replace(second=0, microsecond=0)
        opens_at = now - timedelta(days=days_ago)
        closes_at = opens_at + timedelta(days=days_open) if days_open else None
        poll = Poll.objects.create(
            question=question,
            description=description,
            opens_at=opens_at,
            closes_at=closes_at,
            choice_type=kind,
            results_visibility=visibility,
            article=article,
        )
        created = [Answer.objects.create(poll=poll, text=text, order=i) for i, (text, _w) in enumerate(answers)]
        weights = [w for _t, w in answers]
        span = ((closes_at or now) - opens_at).total_seconds()
        votes = Vote.objects.bulk_create(
            Vote(
                poll=poll,
                voter_token=hash_token(f"demo-{poll.pk}-{n}"),
                ip_hash=hash_ip(f"203.0.113.{rng.randint(1, 254)}"),
                created_at=opens_at + timedelta(seconds=rng.uniform(0, span)),
            )
            for n in range(ballots)
        )
        choices = []
        for vote in votes:
            if kind == Poll.ChoiceType.MULTIPLE:
                chosen = {a for a, w in zip(created, weights, strict=True) if rng.random() < w / 100} or {created[0]}
            else:
                chosen = set(rng.choices(created, weights=weights))
            choices += [VoteChoice(vote=vote, answer=a) for a in chosen]
        VoteChoice.objects.bulk_create(choices)
        poll.recount_votes()  # written directly, not by cast_vote(), which keeps the counts
        return poll

"""Comments on published public reports, their likes, and the moderation queue."""

import random
from datetime import timedelta

from moderation.models import Comment, CommentLike

from .words import COMMENTS, HIDDEN_REASON, REPLIES

Status = Comment.Status
# Comments a published public report gets (about 1.5 on average).
PER_REPORT = ((0, 1, 2, 3, 4, 6), (35, 25, 17, 10, 8, 5))
LIKES = ((0, 1, 2, 3, 5), (40, 25, 15, 12, 8))
PENDING_WITHIN = timedelta(days=14)


class CommentSeeder:
    def __init__(self, *, now, citizens, moderator, writer, rng: random.Random, pending, n):
        self.now, self.citizens, self.moderator = now, citizens, moderator
        self.writer, self.rng, self.n = writer, rng, n
        self.pending_total, self.pending_placed = pending, 0
        self.targets = []  # the last published public reports seen

    def batch(self, reports, done: int) -> tuple[list, list]:
        """Comments and likes for one batch of reports; the moderation queue
        is spread over the batches so that it ends with exactly `pending`."""
        comments, likes = [], []
        for report in reports:
            self._discussion(report, comments, likes)
        self.targets = reports or self.targets
        due = self.pending_total * done // self.n - self.pending_placed
        if self.targets and due > 0:
            for _ in range(due):
                comments.append(self._pending(self.rng.choice(self.targets)))
            self.pending_placed += due
        return comments, likes

    def _comment(self, report, created, **fields) -> Comment:
        return Comment(
            pk=self.writer.pk(Comment),
            report_id=report.pk,
            author_id=self.rng.choice(self.citizens),
            created_at=created,
            **fields,
        )

    def _discussion(self, report, comments, likes) -> None:
        rng, now = self.rng, self.now
        window = min(now - report.published_at, timedelta(days=30))
        count = rng.choices(*PER_REPORT)[0]
        moments = sorted(report.published_at + window * rng.random() for _ in range(count))
        threads = []  # top-level comments, each with its replies
        for created in moments:
            status = rng.choices((Status.APPROVED, Status.REJECTED, Status.HIDDEN), (90, 5, 5))[0]
            reviewed = min(created + timedelta(minutes=rng.uniform(5, 720)), now)
            fields = {
                "status": status,
                "reason": HIDDEN_REASON if status == Status.HIDDEN else "",
                "moderated_by_id": self.moderator,
                "moderated_at": reviewed,
            }
            if threads and rng.random() < 0.3:  # a reply, nested one level
                thread = rng.choice(threads)
                comment = self._comment(
                    report,
                    created,
                    body=rng.choice(REPLIES),
                    parent_id=thread[0].pk,
                    replied_to_id=rng.choice(thread).pk,
                    **fields,
                )
                thread.append(comment)
            else:
                comment = self._comment(report, created, body=rng.choice(COMMENTS), **fields)
                threads.append([comment])
            comments.append(comment)
            if status == Status.APPROVED:
                self._likes(comment, likes)

    def _likes(self, comment, likes) -> None:
        count = self.rng.choices(*LIKES)[0]
        for user in self.rng.sample(self.citizens, min(count, len(self.citizens))):
            liked = min(comment.created_at + timedelta(hours=self.rng.uniform(0, 72)), self.now)
            likes.append(
                CommentLike(
                    pk=self.writer.pk(CommentLike),
                    comment_id=comment.pk,
                    user_id=user,
                    created_at=liked,
                )
            )

    def _pending(self, report) -> Comment:
        """Written lately, waiting for a moderator."""
        since = max(report.published_at, self.now - PENDING_WITHIN)
        created = since + (self.now - since) * self.rng.random()
        return self._comment(report, created, body=self.rng.choice(COMMENTS), status=Status.PENDING)

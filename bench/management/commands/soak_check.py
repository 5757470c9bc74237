"""What the soak run left in the database, against what the server acknowledged:
`manage.py soak_check --acks FILE --gateway-log FILE --since UNIX_TIME`.

Prints one JSON object: submissions (each acknowledged code stored with every
attachment file present and readable), drafts, comments, likes and sign-ups
acknowledged vs stored, and the outbox's SMS (owed since the run began) vs the
keys the gateway stand-in took: none lost, none delivered twice.
"""

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image

from accounts.models import User
from moderation.models import Comment, CommentLike
from reports.models import Delivery, Report


def _readable(attachment) -> bool:
    """The file is there, has the size recorded, and opens as what it claims."""
    try:
        with attachment.file.open("rb") as stored:
            data = stored.read()
        if len(data) != attachment.size:
            return False
        if attachment.kind == attachment.Kind.IMAGE:
            with attachment.file.open("rb") as stored:
                Image.open(stored).verify()
        elif attachment.content_type == "application/pdf":
            return data.startswith(b"%PDF-")
    except Exception:  # any unreadable file is a loss to report, not a crash
        return False
    return True


class Command(BaseCommand):
    help = "Compare what the soak run acknowledged with what was stored and sent."

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true", help="only count pending SMS")
        parser.add_argument("--acks")
        parser.add_argument("--gateway-log")
        parser.add_argument("--since", type=float)
        parser.add_argument("--token", help="the gateway token the portal has")

    def handle(self, *args, pending, acks, gateway_log, since, token, **options):
        if pending:
            waiting = Delivery.objects.filter(
                channel=Delivery.Channel.SMS, status=Delivery.Status.PENDING
            )
            self.stdout.write(json.dumps({"pending": waiting.count()}))
            return
        acknowledged = [json.loads(line) for line in Path(acks).read_text().splitlines() if line]
        by_kind: dict[str, list[dict]] = {}
        for ack in acknowledged:
            by_kind.setdefault(ack["kind"], []).append(ack)
        started = datetime.fromtimestamp(since, UTC)
        result = {
            "submissions": self._submissions(by_kind.get("report", []), started),
            "drafts": self._drafts(by_kind.get("draft", [])),
            "comments": self._comments(by_kind.get("comment", [])),
            "likes": self._likes(by_kind.get("like", [])),
            "signups": self._signups(by_kind.get("signup", [])),
            "sms": self._sms(Path(gateway_log), started, token),
        }
        self.stdout.write(json.dumps(result))

    def _submissions(self, acks, started) -> dict:
        codes = {ack["code"] for ack in acks}
        reports = Report.objects.filter(code__in=codes).prefetch_related("attachments")
        whole = set()
        broken = []
        for report in reports:
            attachments = list(report.attachments.all())
            if len(attachments) >= 2 and all(map(_readable, attachments)):
                whole.add(report.code)
            else:
                broken.append(report.code)
        stored_since = Report.objects.filter(
            submitted_at__gte=started, reporter__phone__startswith="+849020"
        ).exclude(status=Report.Status.DRAFT)
        return {
            "acknowledged": len(codes),
            "stored_whole": len(whole),
            "missing": sorted(codes - whole - set(broken)),
            "incomplete": sorted(broken),
            "stored_not_acknowledged": stored_since.exclude(code__in=codes).count(),
        }

    def _drafts(self, acks) -> dict:
        ids = {ack["id"] for ack in acks}
        stored = Report.objects.filter(pk__in=ids, status=Report.Status.DRAFT).count()
        return {"acknowledged": len(ids), "stored": stored}

    def _comments(self, acks) -> dict:
        tokens = {ack["id"]: ack["token"] for ack in acks}
        stored = Comment.objects.filter(pk__in=tokens).values_list("pk", "body")
        matching = sum(1 for pk, body in stored if tokens[pk] in body)
        return {"acknowledged": len(tokens), "stored": matching}

    def _likes(self, acks) -> dict:
        wanted = {(ack["phone"], ack["comment"]) for ack in acks}
        stored = set(
            CommentLike.objects.filter(
                comment_id__in={comment for _phone, comment in wanted}
            ).values_list("user__phone", "comment_id")
        )
        found = {(str(phone), comment) for phone, comment in stored}
        return {"acknowledged": len(wanted), "stored": len(wanted & found)}

    def _signups(self, acks) -> dict:
        phones = {ack["phone"] for ack in acks}
        stored = User.objects.filter(phone__in=phones, phone_verified=True).count()
        return {"acknowledged": len(phones), "stored": stored}  # activated

    def _sms(self, gateway_log: Path, started, token: str) -> dict:
        owed = Delivery.objects.filter(channel=Delivery.Channel.SMS, created_at__gte=started)
        statuses = Counter(owed.values_list("status", flat=True))
        owed_keys = {str(key) for key in owed.values_list("key", flat=True)}
        delivered = Counter()  # key -> messages the gateway delivered
        sent = Counter()  # key -> times the portal sent it
        refused = repeats = wrong_token = 0
        lines = gateway_log.read_text().splitlines() if gateway_log.exists() else []
        for entry in map(json.loads, lines):
            wrong_token += entry["token"] != token
            refused += not entry["accepted"]
            if not entry["key"]:
                continue  # a code the web request sent at once: kept as a row if refused
            sent[entry["key"]] += 1
            repeats += entry["accepted"] and entry["repeat"]
            delivered[entry["key"]] += entry["accepted"] and not entry["repeat"]
        return {
            "owed": len(owed_keys),
            "outbox_status": dict(statuses),
            "delivered_once": sum(delivered[key] == 1 for key in owed_keys),
            "lost": sum(delivered[key] == 0 for key in owed_keys),
            "delivered_twice": sum(delivered[key] > 1 for key in owed_keys),
            "sent_more_than_once": sum(sent[key] > 1 for key in owed_keys),
            "repeats_dropped_by_key": repeats,
            "refused_by_gateway": refused,
            "wrong_token": wrong_token,
        }

from django.core.management.base import BaseCommand

from minfu.notify.services import outbox_deliver_due


class Command(BaseCommand):
    help = "Send the notifications that are due (what the Celery beat task does)."

    def handle(self, *args, **options):
        totals: dict[str, int] = {}
        while outcomes := outbox_deliver_due():  # each run stops after MINFU_NOTIFY_RUN_SECONDS
            for status, count in outcomes.items():
                totals[status] = totals.get(status, 0) + count
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(totals.items()))
        self.stdout.write(summary or "Nothing was due.")

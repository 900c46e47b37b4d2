"""manage.py search_rebuild [--source CODE] [--processes N]: write the search index again from the sources
(every configured source, or one), with a progress bar per source. The index is kept in
step by the services (minfu.search.index.document_changed); rebuild after installing,
after adding a source, or after a change of the text rules."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from minfu.search import index
from minfu.search.sources import sources


class Command(BaseCommand):
    help = "Rebuild the search index from the sources, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--source", default="", help="only this source (its code)")
        parser.add_argument("--no-progress", action="store_true",
                            help="no progress bar (logs, cron)")
        parser.add_argument("--processes", type=int, default=None,
                            help="processes that tokenise (default: one per core)")

    def handle(self, *args, **options):
        only = options["source"]
        if only and only not in sources():
            raise CommandError(f"Unknown source {only!r}; the sources are: "
                               + ", ".join(sorted(sources())))
        bars: list[tqdm] = []

        def progress_for(source):
            for previous in bars:
                previous.close()
            total = source.count() if source.count is not None else None
            bar = tqdm(total=total, desc=source.code, unit="doc", file=self.stderr._out,
                       disable=options["no_progress"] or options["verbosity"] == 0)
            bars.append(bar)
            return bar.update

        started = time.monotonic()
        try:
            written = index.rebuild(only=only, progress_for=progress_for,
                                    processes=options["processes"])
        finally:
            for bar in bars:
                bar.close()
        seconds = time.monotonic() - started
        for code, count in written.items():
            self.stdout.write(f"{code}: {count}")
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {sum(written.values())} documents in {seconds:.1f} s."))

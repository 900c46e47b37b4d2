"""manage.py publish_datasets [--force] [--slug SLUG ...]: publish the listed datasets
whose data changed since their last publication (all of them with --force)."""

from django.core.management.base import BaseCommand, CommandError

from minfu.opendata import selectors, services


class Command(BaseCommand):
    help = "Publish the open datasets whose data changed (docs/open-data.md)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Publish even when the data did not change.")
        parser.add_argument("--slug", action="append", default=[],
                            help="Only this dataset (repeatable).")

    def handle(self, *args, force: bool, slug: list[str], **options):
        if not slug:
            result = services.datasets_publish_all(force=force)
            self.stdout.write(f"{result.published} published, {result.unchanged} unchanged, "
                              f"{result.failed} failed")
            if result.failed:
                raise CommandError(f"{result.failed} datasets failed; see the log.")
            return
        datasets = {dataset.slug: dataset for dataset in selectors.datasets_to_publish()
                    .filter(slug__in=slug)}
        missing = sorted(set(slug) - set(datasets))
        if missing:
            raise CommandError(f"No listed dataset: {', '.join(missing)}")
        for name in slug:
            result = services.dataset_publish(actor=None, dataset=datasets[name], force=force)
            state = "published" if result.changed else "unchanged"
            self.stdout.write(f"{name}: {state} {result.publication.published_on}")

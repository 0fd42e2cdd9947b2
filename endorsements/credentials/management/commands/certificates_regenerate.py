from django.core.management.base import BaseCommand, CommandError

from competencies.models import EndorsementCategory
from endorsements.models import Endorsement

from ...services.certificates import CHUNK, RENDERED_STATUSES, certificate_batch_start


class Command(BaseCommand):
    help = (
        "Re-render the certificates of current endorsements (after a design or name change), "
        "in chunks on the Celery worker. Progress shows on the certificate batch in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--category", help="Only this category code, e.g. IMHS.")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="Certificates per task.")

    def handle(self, *args, category=None, chunk=CHUNK, **options):
        qs = Endorsement.objects.filter(status__in=RENDERED_STATUSES)
        description = "All current certificates"
        if category:
            found = EndorsementCategory.objects.filter(code__iexact=category).first()
            if found is None:
                raise CommandError(f"No category with the code {category!r}.")
            qs = qs.filter(category=found)
            description = f"Current {found.code} certificates"
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        ids = list(qs.values_list("pk", flat=True))
        batch = certificate_batch_start(endorsement_ids=ids, description=description, chunk=chunk)
        batch.refresh_from_db()
        self.stdout.write(
            f"Batch #{batch.pk}: {batch.total} certificates queued in chunks of {chunk} "
            f"({batch.done} done, {batch.failed} failed so far)."
        )

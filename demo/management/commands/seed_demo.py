"""Build demo data: the demo accounts (always), and N realistic applicants on request.

Idempotent: running it again keeps what is there and prints the accounts again. Each
capability adds its own builder to the `demo` package, and `demo.seed` drives them.
"""

from django.core.management.base import BaseCommand

from demo import seed as demo


class Command(BaseCommand):
    help = "Create demo accounts (one per role) and, with --applicants N, N realistic applicants."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=0, help="how many extra applicants")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        accounts = demo.seed_demo(
            applicants=options["applicants"],
            seed=options["seed"],
            progress=not options["quiet"],
            stdout=self.stdout,
        )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {demo.PASSWORD}):"))
        for email, roles in accounts:
            self.stdout.write(f"  {email:<28} {roles}")

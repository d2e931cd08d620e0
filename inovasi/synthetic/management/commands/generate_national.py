"""Fill an empty database with the deterministic synthetic dataset (see inovasi/synthetic/generator.py).

    manage.py generate_national --size national --seed 20251
    manage.py generate_national --size small --seed 7 --skip-if-present

Exit status 3 means the database already holds other data (another size or seed, or real
innovations): generate into an empty database instead.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from inovasi.innovations.models import Innovation
from inovasi.synthetic.generator import SIZES, fingerprint, generate, present

OTHER_DATA = 3


class Command(BaseCommand):
    help = "Generate the deterministic synthetic national dataset (benchmarks, load tests)."
    # Benchmarks run this against throwaway databases; a half-edited URLconf elsewhere must not stop it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="national")
        parser.add_argument("--seed", type=int, default=20251)
        parser.add_argument(
            "--skip-if-present", action="store_true", help="do nothing when the same size and seed are already there"
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="print the summary as one JSON line")

    def handle(self, *args, size, seed, skip_if_present, as_json, **options):
        wanted = fingerprint(size, seed)
        found = present()
        if found == wanted and skip_if_present:
            self._report({"fingerprint": found, "skipped": True}, as_json=as_json)
            return
        if found is not None:
            raise CommandError(f"The database already holds a synthetic dataset {found}.", returncode=OTHER_DATA)
        if Innovation.objects.exists():
            raise CommandError("The database already holds innovations; use an empty database.", returncode=OTHER_DATA)
        started = time.perf_counter()
        summary = generate(size, seed, log=lambda message: self.stderr.write(message))
        summary["seconds"] = round(time.perf_counter() - started, 1)
        summary["skipped"] = False
        self._report(summary, as_json=as_json)

    def _report(self, summary, *, as_json):
        if as_json:
            self.stdout.write(json.dumps(summary))
        elif summary.get("skipped"):
            self.stdout.write(f"Dataset {summary['fingerprint']} already present; nothing to do.")
        else:
            counts = ", ".join(f"{k} {v:,}" for k, v in summary["counts"].items())
            self.stdout.write(f"Generated {summary['fingerprint']} in {summary['seconds']} s: {counts}")

"""Count the stored province flows of the replication matrix again from every edge.

    manage.py rebuild_replication_flows

The replication services keep the flows exact; run this after writing replications around them
(a bulk load, a SQL fix) or after a region moved to another province.
"""

from django.core.management.base import BaseCommand

from inovasi.innovations import replication_flows


class Command(BaseCommand):
    help = "Count the province flows of the replication matrix again from every replication."

    def handle(self, *args, **options):
        cells = replication_flows.rebuild()
        self.stdout.write(f"{cells} cells")

"""`manage.py register_verify [--desa CODE] [--year YEAR]`: recompute the register's hash
chains and report the first broken link of each desa-year; exits 1 if any is broken."""

from django.core.management.base import BaseCommand, CommandError

from regions.models import Level, Region
from register.models import RegisterCounter
from register.selectors import register_chain_verify


class Command(BaseCommand):
    help = "Verify the register book's hash chains (every desa, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--desa", help="Kemendagri code of one desa.")
        parser.add_argument("--year", type=int, help="Only this year.")

    def handle(self, *args, desa=None, year=None, **options):
        # Every desa that has a book: an operator's check, not a user's request, so unscoped.
        regions = Region.objects.filter(
            level=Level.DESA,
            pk__in=RegisterCounter.objects.values("desa_id"),
        ).order_by("code")
        if desa:
            regions = Region.objects.filter(level=Level.DESA, code=desa)
            if not regions.exists():
                raise CommandError(f"no desa with code {desa}")
        broken = 0
        for region in regions:
            for report in register_chain_verify(desa=region, year=year):
                if report.ok:
                    self.stdout.write(f"{region.code} {report.year}: OK, {report.entries} entries")
                else:
                    broken += 1
                    link = report.broken
                    self.stdout.write(
                        f"{region.code} {report.year}: BROKEN at number {link.number}: "
                        f"{link.reason}"
                    )
        if broken:
            raise CommandError(f"{broken} broken chain(s)")

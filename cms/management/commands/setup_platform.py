from django.core.management.base import BaseCommand

from cms.services import platform_setup


class Command(BaseCommand):
    help = "Create the catalogue, accessibility statement, staff groups, permissions and review workflow (idempotent)."

    def handle(self, *args, **options):
        catalog = platform_setup()
        self.stdout.write(self.style.SUCCESS(f"Platform ready; catalogue at {catalog.url_path}"))

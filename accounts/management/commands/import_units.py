from django.core.management.base import BaseCommand, CommandError

from accounts.services import UnitImportError, units_import_csv


class Command(BaseCommand):
    help = "Import organisation units from CSV (code,name,parent_code[,kind]); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = units_import_csv(text=text)
        except UnitImportError as exc:
            for line, message in exc.report.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"Nothing imported: {len(exc.report.errors)} error(s).") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {report.created}, updated {report.updated} unit(s)."))

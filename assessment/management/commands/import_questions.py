import json

from django.core.management.base import BaseCommand, CommandError

from assessment.importers import ImportFormatError, questions_import


class Command(BaseCommand):
    help = (
        "Import questions into the bank from a Moodle XML export or the XLSX template. A file that cannot "
        "be read imports nothing; unsupported or invalid questions are skipped and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Moodle XML (.xml) or XLSX template (.xlsx) file")
        parser.add_argument("--category", help="Put every question under a root category with this name")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as JSON")

    def handle(self, *args, path, category=None, as_json=False, **options):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = questions_import(data=data, category=category)
        except ImportFormatError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            return
        counts = ", ".join(f"{kind} {count}" for kind, count in report.imported.items() if count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.imported_total} question(s) into {report.categories} category(ies)"
                + (f": {counts}." if counts else ".")
            )
        )
        if report.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {len(report.skipped)} question(s):"))
            for item in report.skipped:
                self.stdout.write(f"  - [{item['type']}] {item['reason']}")

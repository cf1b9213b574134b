"""manage.py import_officials FILE [--apply] [--deactivate-missing] [--as EMAIL]: the screens' import."""

from json import dumps
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from officials.services import officials_import


class Command(BaseCommand):
    help = (
        "Check a CSV or XLSX file of officials (dry run, the default) or apply it with --apply. "
        "Nothing is written unless every line is valid. Runs as an administrator unless --as names an HR manager."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="Write the file when every line is valid.")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Mark the active officials of each unit in the file whom it does not list as having left.",
        )
        parser.add_argument(
            "--as", dest="actor", help="Email of the HR manager whose units limit the import."
        )
        parser.add_argument("--json", action="store_true", help="Print the dry run or the result as JSON.")

    def handle(self, *args, file: Path, apply: bool, deactivate_missing: bool, actor, json: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if actor:
            user = User.objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No user with the email {actor}")
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("No administrator account; pass --as EMAIL.")
        plan = officials_import(
            data=file.read_bytes(),
            filename=file.name,
            actor=user,
            deactivate_missing=deactivate_missing,
            apply=apply,
        )
        self._report(plan, as_json=json, apply=apply)
        if not plan.is_valid:
            raise CommandError("The file has errors; nothing was changed.")

    def _report(self, plan, *, as_json: bool, apply: bool) -> None:
        if as_json:
            self.stdout.write(dumps({**plan.as_json(), "applied": plan.applied}, ensure_ascii=False))
            return
        if plan.file_error:
            self.stderr.write(plan.file_error)
        for error in plan.errors:
            self.stderr.write(f"line {error.line}, {error.column}: {error.message}")
        counts = plan.counts()
        verb = "applied" if plan.applied else "dry run"
        self.stdout.write(
            f"{verb}: {counts['rows']} lines, {counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['deactivate']} leaving, {counts['errors']} errors"
        )
        if not apply and plan.is_valid:
            self.stdout.write("Nothing was written; run again with --apply to import.")

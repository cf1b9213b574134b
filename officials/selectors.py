"""Reads of the officials import: each person sees only the imports they uploaded."""

from django.db.models import QuerySet

from accounts.models import User

from .models import OfficialImport


def official_imports_of(*, user: User) -> QuerySet[OfficialImport]:
    """The imports ``user`` uploaded, newest first, with their job (for the progress bar)."""
    return OfficialImport.objects.filter(owner=user).select_related("job")


def official_import_of(*, user: User, public_id) -> OfficialImport | None:
    """One import by its public id, or None when it does not exist or is someone else's."""
    return official_imports_of(user=user).filter(public_id=public_id).first()

import json

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Create or update the people and client applications given as JSON files (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("people")
        parser.add_argument("clients")

    def handle(self, *args, people, clients, **options):
        with open(people, encoding="utf-8") as file:
            for username, person in json.load(file).items():
                user, _created = User.objects.get_or_create(username=username)
                user.set_password(person["password"])
                user.save()
        with open(clients, encoding="utf-8") as file:
            for client in json.load(file):
                Application.objects.update_or_create(
                    client_id=client["client_id"],
                    defaults={
                        "name": client["client_id"],
                        "client_secret": client["client_secret"],
                        "client_type": Application.CLIENT_CONFIDENTIAL,
                        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                        "redirect_uris": " ".join(client["redirect_uris"]),
                        "post_logout_redirect_uris": " ".join(client["post_logout_redirect_uris"]),
                        "algorithm": Application.RS256_ALGORITHM,
                        "skip_authorization": client["skip_authorization"],
                    },
                )

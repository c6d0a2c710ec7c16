from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spinewise.accounts.models import User
from spinewise.accounts.tokens import create_token


class Command(BaseCommand):
    help = (
        "Make an API key for a person (it acts with their rights). The key is printed once; "
        "list and revoke keys in the admin."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The person the key acts as.")
        parser.add_argument("--name", default="API key", help="What the key is for.")
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email {options['email']}.")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be 1 or more.")
        token, key = create_token(user, options["name"], options["days"])
        self.stdout.write(
            f"API key for {user.email} ({token.name}). Copy it now; it is not shown again:"
        )
        self.stdout.write(key)

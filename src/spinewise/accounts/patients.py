"""Creating patient accounts: from an assessment result, or by a clinician.

A clinician adding a patient is told when the email already has an account. A stranger
signing up is not: sign-up answers the same whether or not the address has an account
(nobody learns who is a patient here). A new account waits, unable to sign in, until its
owner opens the link we email them; the owner of an existing account is emailed that
someone tried, with a sign-in and a password-reset link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from spinewise.accounts.models import Clinic, Membership, Role, User
from spinewise.accounts.tasks import send_email
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.errors import InvalidInput, NotFound

EMAIL_TAKEN = "There is already an account with this email."


def normal_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


@transaction.atomic
def register_patient(
    clinic: Clinic,
    *,
    email: str,
    full_name: str,
    password: str | None,
    confirmed: bool = True,
) -> User:
    """A patient of the clinic. Unconfirmed (`confirmed=False`), the account cannot sign
    in until its owner follows the link of `send_confirmation`."""
    email = normal_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput.on("email", EMAIL_TAKEN)
    try:
        with transaction.atomic():  # the unique email decides a race the check above missed
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, is_active=confirmed
            )
    except IntegrityError as exc:
        raise InvalidInput.on("email", EMAIL_TAKEN) from exc
    Membership.objects.create(user=user, clinic=clinic, role=Role.PATIENT)
    return user


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """A one-day link that opens an account waiting for its owner, and dies once open."""

    key_salt = "spinewise.accounts.patients.SignupTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


signup_tokens = SignupTokenGenerator()


def awaits_confirmation(user: User) -> bool:
    """Made by sign-up and not yet opened by its owner (a closed account has signed in, or
    was made by the clinic without a password)."""
    return not user.is_active and user.last_login is None and user.has_usable_password()


def start_signup(clinic: Clinic, *, email: str, full_name: str, password: str) -> User | None:
    """The new account, waiting for its owner; None when the address already had one (its
    owner is emailed instead, and nothing about it changes). Either way one email goes out,
    after the transaction commits."""
    try:
        with transaction.atomic():
            user = register_patient(
                clinic, email=email, full_name=full_name, password=password, confirmed=False
            )
    except InvalidInput:  # taken, before or while we looked
        make_password(password)  # the same work as a new account, so timing tells nothing
        existing = User.objects.filter(email__iexact=normal_email(email)).first()
        if existing is not None:
            transaction.on_commit(lambda: tell_owner_of_signup(existing, clinic))
        return None
    transaction.on_commit(lambda: send_confirmation(user, clinic))
    return user


def _site_link(name: str, **kwargs: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def confirmation_link(user: User) -> str:
    return _site_link("signup_finish", uidb64=_uid(user), token=signup_tokens.make_token(user))


def _email(user: User, template: str, subject: str, **context: object) -> None:
    body = loader.render_to_string(template, {"user": user, **context})
    send_email.enqueue(subject, body, [user.email])


def send_confirmation(user: User, clinic: Clinic) -> None:
    _email(
        user,
        "accounts/email/finish_signup.txt",
        f"Finish creating your account with {clinic.name}",
        clinic=clinic,
        link=confirmation_link(user),
    )


def tell_owner_of_signup(user: User, clinic: Clinic) -> None:
    """Someone signed up with the address of an existing account: tell its owner."""
    if awaits_confirmation(user):
        send_confirmation(user, clinic)  # they signed up before and lost the email
        return
    if not user.is_active:
        return  # a closed account: the clinic closed it, sign-up does not reopen it
    reset = _site_link(
        "password_reset_confirm", uidb64=_uid(user), token=default_token_generator.make_token(user)
    )
    _email(
        user,
        "accounts/email/signup_with_existing_account.txt",
        f"Someone tried to create an account with {clinic.name} using your email",
        clinic=clinic,
        sign_in=_site_link("login"),
        reset=reset,
    )


def waiting_account(uidb64: str, token: str) -> User:
    """The account a finish-sign-up link opens; NotFound when the link is dead."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
    except (TypeError, ValueError):
        pk = ""
    user = User.objects.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 19 else None
    if user is None or not awaits_confirmation(user) or not signup_tokens.check_token(user, token):
        raise NotFound("This link has expired or has already been used.")
    return user


@transaction.atomic
def finish_signup(uidb64: str, token: str, *, address: str | None) -> User:
    """The owner opened the link we emailed: the account can sign in from now on."""
    user = waiting_account(uidb64, token)
    user.is_active = True
    user.save(update_fields=["is_active"])
    membership = user.memberships.select_related("clinic").first()
    record(
        Action.UPDATE,
        user,
        by=user,
        address=address,
        patient=user,
        clinic=membership.clinic if membership else None,
        detail="email address confirmed: account opened",
    )
    return user

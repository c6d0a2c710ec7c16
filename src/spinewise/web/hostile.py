"""Refuse, once for every page, characters our database cannot store.

PostgreSQL text cannot hold a NUL character (0x00), so a NUL typed into a form field, put
in a query string or in an address (raw or as %00) would reach the database as an error,
a 500; SQLite would store it and serve it back. This middleware answers such a request
with a plain 400 page, naming the field when it can, before sessions, CSRF checks, the
login lockout or any view see the value.

Lone surrogates (U+D800 to U+DFFF) cannot be stored or encoded as UTF-8 either. Django
decodes form bodies, query strings and paths with errors="replace", so they cannot arrive
that way today; the check costs nothing, so it covers them too.

A session cookie is an input too, looked up in the database, but nobody can retype it and
no browser sets one with a NUL: such a cookie is treated as no session at all (the
person is signed out, and the session middleware deletes the cookie).

The API (paths under /api/) answers bad input in its own form (api/parsing.py); only the
session cookie is dealt with here for it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

API_PREFIX = "/api/"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A field's name is shown only when it looks like one of ours; anything else is described.
PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,49}")
# Our forms' names where the label reads differently from the name.
LABELS = {
    "username": "Email address",
    "full_name": "Your name",
    "old_password": "Old password",
    "new_password1": "New password",
    "new_password2": "New password (again)",
}
ADDRESS_MESSAGE = (
    "The web address has a character we cannot use. "
    "Please check the link, or go back and try again."
)
UNNAMED_FIELD_MESSAGE = "Something you typed has a character we cannot store. Please retype it."
FIELD_MESSAGE = "The {label} field has a character we cannot store. Please retype it."


def unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def field_label(name: str) -> str | None:
    """How to name a form field to the person: its label, or None when the name is odd.
    A prefixed name ("attempt-note", a form of several on one page) is named by its field."""
    if not PLAIN_NAME.fullmatch(name):
        return None
    field = name.rsplit("-", 1)[-1] or name
    return LABELS.get(field, field.replace("_", " ").capitalize())


def first_unstorable(values: QueryDict) -> str | None:
    """The name of the first field whose name or value has an unstorable character."""
    for name, entries in values.lists():
        if unstorable(name) or any(unstorable(entry) for entry in entries):
            return name
    return None


def problem_with(request: HttpRequest) -> str | None:
    """What to tell the person about the first unstorable character sent, or None."""
    if unstorable(request.path_info) or first_unstorable(request.GET) is not None:
        return ADDRESS_MESSAGE
    if request.method != "POST":
        return None
    try:
        form = request.POST  # form bodies only: url-encoded or multipart fields, not files
    except OSError:
        return None  # the client went away mid-upload; whatever reads the body next says so
    name = first_unstorable(form)
    if name is None:
        return None
    label = None if unstorable(name) else field_label(name)
    return FIELD_MESSAGE.format(label=label) if label else UNNAMED_FIELD_MESSAGE


def forget_unstorable_session(request: HttpRequest) -> None:
    """Start a fresh session in place of one whose cookie holds an unstorable character.
    The session middleware has only read the cookie so far: nothing has been looked up."""
    if unstorable(request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        request.session = store()


class UnstorableInputMiddleware:
    """A 400 page, in plain words, for a page request carrying a character we cannot store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The session cookie is the same for both edges: the API's callers too.
        forget_unstorable_session(request)
        if not request.path_info.startswith(API_PREFIX):
            message = problem_with(request)
            if message is not None:
                context = {"message": message}
                return render(request, "web/unstorable_input.html", context, status=400)
        return self.get_response(request)

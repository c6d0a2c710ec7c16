"""The type of a test client's response, for helpers that return one."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # django-stubs' name for what Client.get() and .post() return: a response with .json(),
    # .context, .templates and the rest the test client adds. It exists only in the stubs.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponseBase as Response

__all__ = ["Response"]

"""Phone numbers: checked and stored in international (E.164) form with the maintained
`phonenumbers` library, reading local numbers in the clinic's country."""

from __future__ import annotations

import phonenumbers

# Longer than any real number with spaces and brackets; stops parsing of junk.
MAX_TYPED_LENGTH = 40


class InvalidPhone(ValueError):
    pass


def normalise(typed: str, region: str) -> str:
    """'07700 900123' with region GB -> '+447700900123'; raise InvalidPhone if not a number."""
    text = typed.strip()
    if not text or len(text) > MAX_TYPED_LENGTH:
        raise InvalidPhone(typed)
    try:
        number = phonenumbers.parse(text, region.upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(typed) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(typed)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def example(region: str) -> str:
    """A made-up mobile number written the local way, to show people the format."""
    number = phonenumbers.example_number_for_type(
        region.upper(), phonenumbers.PhoneNumberType.MOBILE
    )
    if number is None:
        return "+44 7700 900123"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def readable(e164: str) -> str:
    """'+447700900123' -> '+44 7700 900123', for staff to read aloud and dial."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

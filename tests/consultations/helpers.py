"""Building call requests for the tests: through the service, as a person would."""

from __future__ import annotations

import itertools
from typing import Any

from spinewise.accounts.models import Clinic
from spinewise.consultations import services
from spinewise.consultations.models import ConsultationRequest

# Ofcom's drama range: valid UK numbers that belong to nobody.
_numbers = itertools.count(100)


def next_phone() -> str:
    return f"020 7946 0{next(_numbers) % 1000:03d}"


def valid(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Ann Example",
        "phone": next_phone(),
        "preferred_time": "morning",
        "reason": "My back hurts when I sit for long.",
        "consent_to_contact": True,
    }
    body.update(fields)
    return body


def make_request(
    clinic: Clinic | None = None, address: str | None = None, **fields: Any
) -> ConsultationRequest:
    # Each request from its own address unless told otherwise, so limits stay out of the way.
    address = address or f"address-{next(_numbers)}"
    submission = services.request_consultation(valid(**fields), address=address, clinic=clinic)
    assert submission.consultation is not None
    return submission.consultation

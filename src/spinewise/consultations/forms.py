"""Forms for the pages. The public form only carries what people type: the checks and
their messages live in services.validate, shared with the API."""

from __future__ import annotations

from typing import Any

from django import forms

from spinewise.accounts.models import User
from spinewise.consultations.models import CallOutcome, ClosedReason, PreferredTime

NOTE_HELP = "Optional. Contact details and what was agreed, not medical detail."


def optional_note() -> forms.CharField:
    return forms.CharField(
        label="Note", required=False, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


class ServiceCheckedChoice(forms.ChoiceField):
    """Radio buttons whose choice the service checks and words the message for. Django's own
    check would add "Select a valid choice. <whatever was sent> is not one of the available
    choices" beside ours, echoing the input back."""

    def validate(self, value: Any) -> None:
        return None


class RequestForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_time = ServiceCheckedChoice(
        label="When is best to call you?",
        required=False,
        choices=PreferredTime.choices,
        initial=PreferredTime.ANY,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="What would you like to talk about? (optional)",
        required=False,
        help_text="A sentence or two is plenty. Up to 1000 characters.",
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the clinic may call me on this number about my back pain.",
        required=False,
    )
    # The spam trap: hidden from people, filled in by bots that fill in every field.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    assessment_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def submitted(self) -> dict[str, Any]:
        """What the person sent, in the shape the service (and the API) expects."""
        data = self.data
        return {
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
            "preferred_time": data.get("preferred_time", ""),
            "reason": data.get("reason", ""),
            "consent_to_contact": data.get("consent_to_contact") in {"on", "true", "1", "yes"},
            "assessment_id": data.get("assessment_id", ""),
            "website": data.get("website", ""),
        }


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=CallOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what happened on the call."},
    )
    note = optional_note()


class ScheduleForm(forms.Form):
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Please choose a date.", "invalid": "Please enter a date."},
    )
    time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Please choose a time.", "invalid": "Please enter a time."},
    )
    note = optional_note()


class CompleteForm(forms.Form):
    note = optional_note()


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why close it?",
        choices=ClosedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose why you are closing this request."},
    )
    note = optional_note()


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Who will call back?",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
    )

    def __init__(self, *args: Any, team: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["assigned_to"].queryset = team  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        help_text=NOTE_HELP.replace("Optional. ", ""),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please write the note."},
    )


def error_summary(form: forms.Form) -> list[tuple[str, str, str]]:
    """(id to link to, field label, message) for each error, in the order of the form."""
    found: list[tuple[str, str, str]] = [("", "", str(e)) for e in form.non_field_errors()]
    for field in form:
        target = field.auto_id
        if isinstance(field.field.widget, forms.RadioSelect):
            target = f"{field.auto_id}_0"  # the first choice of the group
        for error in field.errors:
            found.append((target, str(field.label), str(error)))
    return found


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "attempt": AttemptForm,
    "schedule": ScheduleForm,
    "complete": CompleteForm,
    "close": CloseForm,
    "assign": AssignForm,
    "note": NoteForm,
}

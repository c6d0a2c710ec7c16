"""One Django form per questionnaire section, built from the questionnaire data."""

from __future__ import annotations

from typing import Any

from django import forms

from spinewise.assessments.questionnaire import Item, Section

YES_NO = [("yes", "Yes"), ("no", "No")]
# An optional question can be cleared again after a mis-tap, without JavaScript.
SKIP = ("skip", "Skip this question")


def _to_bool(value: str) -> bool:
    return value == "yes"


def _skippable(choices: list[tuple[Any, str]], required: bool) -> list[tuple[Any, str]]:
    return choices if required else [*choices, SKIP]


def _or_skipped(convert: Any) -> Any:
    def coerce(value: str) -> Any:
        return None if value == SKIP[0] else convert(value)

    return coerce


def field_for(item: Item) -> forms.Field:
    label, help_text, required = item.text, item.help, item.required
    if item.type == "boolean":
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            required=required,
            choices=_skippable(YES_NO, required),
            coerce=_or_skipped(_to_bool),
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Please answer yes or no.",
                "invalid_choice": "Please answer yes or no.",
            },
        )
    if item.type == "integer" and item.style == "scale":
        low = item.min_value or 0
        high = item.max_value if item.max_value is not None else 10
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            required=required,
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            error_messages={
                "required": f"Please choose a number from {low} to {high}.",
                "invalid_choice": f"Please choose a number from {low} to {high}.",
            },
        )
    if item.type == "integer":
        minimum, maximum = item.min_value, item.max_value
        allowed = f"Please enter a whole number from {minimum} to {maximum}."
        if item.code == "age":
            allowed += " This service is for people aged 16 and over."
        return forms.IntegerField(
            label=label,
            help_text=help_text,
            required=required,
            min_value=minimum,
            max_value=maximum,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            error_messages={
                "required": allowed,
                "invalid": allowed,
                "min_value": allowed,
                "max_value": allowed,
            },
        )
    if item.repeats:
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=required,
            choices=list(item.options),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Please tick only the answers shown.",
                "invalid_list": "Please tick only the answers shown.",
            },
        )
    coerce: Any = int if item.style == "odi" else str
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        required=required,
        choices=_skippable(list(item.options), required),
        coerce=_or_skipped(coerce),
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose one answer.",
            "invalid_choice": "Please choose one of the answers shown.",
        },
    )


def section_form(
    section: Section, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.Form:
    fields = {item.code: field_for(item) for item in section.items}
    form_class = type(f"{section.code}Form", (forms.Form,), fields)
    return form_class(data=data, initial=_initial(initial or {}))  # type: ignore[no-any-return]


def _initial(answers: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for code, value in answers.items():
        if isinstance(value, bool):
            shown[code] = "yes" if value else "no"
        elif isinstance(value, int):
            shown[code] = str(value)
        else:
            shown[code] = value
    return shown


def answers_from(form: forms.Form) -> dict[str, Any]:
    """The valid answers of a (possibly partly invalid) form, skipping blanks."""
    return {
        code: value
        for code, value in getattr(form, "cleaned_data", {}).items()
        if value is not None and value != ""
    }

from __future__ import annotations

from django import forms

from spinewise.accounts.models import User
from spinewise.clinical import CarePathway, DirectionalPreference
from spinewise.exercises.library import CONTRAINDICATIONS


class SafetyForm(forms.Form):
    consulted = forms.BooleanField(
        label="I understand I should check with a doctor or physiotherapist before I start.",
        error_messages={"required": "Please tick this box to show you have read it."},
    )
    stop_rule = forms.BooleanField(
        label="I will stop and call the clinic or my doctor if pain becomes very bad, spreads "
        "down my leg, or something feels wrong.",
        error_messages={"required": "Please tick this box to show you have read it."},
    )


class ApprovalForm(forms.Form):
    note = forms.CharField(
        label="Note for the patient (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PauseForm(forms.Form):
    reason = forms.CharField(
        label="Why are you pausing this plan?",
        help_text="The patient sees this on their plan page, so write it to them.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Please say why the plan is paused.",
            "max_length": "Please keep this to 2000 characters or fewer.",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "pause_%s")  # unique ids beside the other forms
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class ResumeForm(forms.Form):
    note = forms.CharField(
        label="Note for the patient (optional)",
        help_text="Shown on their plan page when they start again.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Please keep this to 2000 characters or fewer."},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "resume_%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class ItemForm(forms.Form):
    exercise = forms.ChoiceField(label="Exercise")
    step = forms.TypedChoiceField(label="Dose step", coerce=int)

    def __init__(
        self,
        *args: object,
        exercise_choices: list[tuple[str, str]],
        step_choices: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["exercise"].choices = exercise_choices  # type: ignore[attr-defined]
        self.fields["step"].choices = step_choices  # type: ignore[attr-defined]


# The clinical codes (spinewise.clinical, the library's tags) in the clinic's words.
DIRECTION_LABELS = {
    DirectionalPreference.NONE: "None",
    DirectionalPreference.EXTENSION: "Extension",
    DirectionalPreference.FLEXION: "Flexion",
}
PATHWAY_LABELS = {
    CarePathway.GUIDED_SELF_MANAGEMENT: "Guided self-management",
    CarePathway.PHYSIO_SUPPORTED: "Physiotherapist-supported",
    CarePathway.PSYCHOLOGICALLY_INFORMED: "Psychologically informed (graded activity)",
}
CONTRAINDICATION_LABELS = {
    "pregnancy": "Pregnancy",
    "recent_surgery": "Recent spinal surgery",
    "osteoporosis": "Osteoporosis",
    "acute_radicular_pain": "Acute nerve-root (radicular) pain",
}


class NewPatientForm(forms.Form):
    full_name = forms.CharField(label="Patient's name", max_length=150)
    email = forms.EmailField(
        label="Patient's email",
        help_text="We email them a link to set their password.",
        error_messages={"invalid": "Please enter an email address like name@example.com."},
    )
    pain_now = forms.IntegerField(label="Pain now (0–10)", min_value=0, max_value=10)
    odi_pct = forms.FloatField(
        label="Oswestry-style score % (optional)", min_value=0, max_value=100, required=False
    )
    directional_preference = forms.ChoiceField(
        label="Directional preference", choices=list(DIRECTION_LABELS.items())
    )
    care_pathway = forms.ChoiceField(label="Care pathway", choices=list(PATHWAY_LABELS.items()))
    contraindications = forms.MultipleChoiceField(
        label="Rule out exercises for",
        required=False,
        choices=[(tag, CONTRAINDICATION_LABELS[tag]) for tag in CONTRAINDICATIONS],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already an account with this email.")
        return str(email)

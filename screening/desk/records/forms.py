"""Forms of the records pages: finding a record, editing one, an export's dates, erasure."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from screening.core.text import line_problem
from screening.desk.kiosk.models import Submission
from screening.desk.records.matching import same_person
from screening.desk.records.models import Client

NAME_MAX = 80
NAME_PROBLEM = f"Type a name of 1 to {NAME_MAX} characters."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _check_name(name: str) -> str:
    """A record's name follows the same rule as a runner's name on the questionnaire."""
    if problem := line_problem(name, NAME_MAX):
        raise forms.ValidationError(f"{NAME_PROBLEM} What you typed {problem}.")
    return name.strip()


def _check_birth(born: date | None) -> date | None:
    today = timezone.localdate()
    if born is not None and not date(today.year - 110, 1, 1) < born <= today:
        raise forms.ValidationError("Check the year: that date of birth is not possible.")
    return born


class SearchForm(forms.Form):
    name = forms.CharField(label="Name", max_length=NAME_MAX, required=False)
    born = forms.DateField(label="Date of birth", required=False, widget=DateInput())

    def clean_born(self) -> date | None:
        return _check_birth(self.cleaned_data.get("born"))

    @property
    def asked(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["name"] or self.cleaned_data["born"])


class ClientForm(forms.ModelForm):
    """A record's name and date of birth. Making it the same as another record's needs a tick
    saying they are different people (the same person's screenings belong in one record)."""

    name = forms.CharField(
        label="Name", max_length=NAME_MAX, error_messages={"required": NAME_PROBLEM}
    )
    different_person = forms.BooleanField(
        label="This is a different person from the record with the same name and date of birth",
        required=False,
    )

    class Meta:
        model = Client
        fields = ("name", "date_of_birth")
        widgets = {"date_of_birth": DateInput()}  # noqa: RUF012

    def clean_name(self) -> str:
        return _check_name(self.cleaned_data["name"])

    def clean_date_of_birth(self) -> date | None:
        return _check_birth(self.cleaned_data.get("date_of_birth"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, born = data.get("name"), data.get("date_of_birth")
        if name and born and not data.get("different_person"):
            others = same_person(name, born).exclude(pk=self.instance.pk)
            if others:
                numbers = ", ".join(str(c.pk) for c in others)
                self.add_error(
                    "different_person",
                    f"Record {numbers} has this name and date of birth. Tick this box if it is "
                    "a different person.",
                )
        return data


class ExportForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To (included)", widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day is before the first.")
        return data


class EraseForm(forms.Form):
    """Erasure is confirmed by typing the record's number."""

    confirm = forms.CharField(label="Type the record number to confirm", max_length=20)
    unmatched = forms.TypedMultipleChoiceField(
        label="Also erase these submissions (in no record, with the same name and date of birth)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, client: Client, unmatched: list[Submission], *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.client = client
        field = self.fields["unmatched"]
        field.choices = [  # type: ignore[attr-defined]
            (
                s.pk,
                f"Submission {s.pk}, sent {timezone.localtime(s.received_at):%-d %B %Y, %H:%M}",
            )
            for s in unmatched
        ]
        field.initial = [s.pk for s in unmatched]

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed != str(self.client.pk):
            raise forms.ValidationError(
                f"That is not {self.client.pk}, the number of this record: nothing was erased."
            )
        return typed

"""Forms of the staff pages: signing in, accounts, notes, kiosks and the desk's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from screening import service
from screening.core.errors import ScreeningError
from screening.desk.staff.models import Account, DeskSettings


class SignInForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012
        "invalid_login": "That name and password do not match an account.",
        "inactive": "This account is disabled: ask an admin.",
    }


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class KioskForm(forms.Form):
    name = forms.CharField(
        label="Name of the tablet",
        max_length=60,
        initial="Front desk tablet",
        help_text="So you can tell your tablets apart, e.g. “Waiting room 1”.",
    )


class AccountForm(forms.Form):
    username = forms.CharField(
        label="Name to sign in with",
        max_length=150,
        validators=[Account.username_validator],
        widget=forms.TextInput({"autocomplete": "off"}),
        help_text="Letters, digits and @ . + - _ only.",
    )
    role = forms.ChoiceField(label="Role", choices=Account.Role.choices, widget=forms.RadioSelect)
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput({"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if Account.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("There is already an account with this name.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            try:
                password_validation.validate_password(first, Account(username=data.get("username")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def create(self) -> Account:
        """The account this valid form describes, made (its password hashed)."""
        data = self.cleaned_data
        return Account.objects.create_user(
            data["username"], password=data["password1"], role=data["role"]
        )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DeskSettings
        fields = ("clinic", "paper")
        widgets = {"paper": forms.RadioSelect}  # noqa: RUF012
        help_texts = {"clinic": "Printed at the top of every plan. Leave empty for none."}  # noqa: RUF012

    def clean_clinic(self) -> str:
        clinic = self.cleaned_data["clinic"].strip()
        if clinic:
            try:
                service.look(clinic)  # the same check as `screening plan --clinic`
            except ScreeningError as exc:
                raise forms.ValidationError("Use up to 80 printable characters.") from exc
        return clinic

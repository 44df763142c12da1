from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, User
from gongkai.agencies.roles import Role


class AgencySwitchForm(forms.Form):
    agency = forms.IntegerField(widget=forms.HiddenInput)


class RoleGrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Account"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.active(), required=False
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app, or a recovery code"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            raise forms.ValidationError(_("The two new passwords differ."))
        return data


class AccountNameForm(forms.Form):
    username = forms.CharField(label=_("Account name"), max_length=150)

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

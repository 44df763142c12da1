"""The system administrator's console (系统管理员, "特定的操作界面").

A separate AdminSite at /manage/system/, open to the 系统管理员 role only.
Every change goes through the write functions, so the console behaves like
the CLI and the API and leaves the same audit records.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import services
from gongkai.agencies.models import Agency, RoleGrant, User
from gongkai.agencies.permissions import has_role
from gongkai.agencies.roles import Role
from gongkai.catalogue import services as catalogue_services
from gongkai.catalogue.models import CatalogueSettings, Column


class SystemAdminSite(admin.AdminSite):
    site_header = _("Gongkai system administration")
    site_title = _("Gongkai system administration")
    index_title = _("System configuration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and has_role(user, [Role.SYSTEM_ADMIN])

    def login(self, request, extra_context=None):
        """One login page for the whole workspace, with its lockout, rate limit and
        second factor: the admin site's own form would bypass them."""
        target = request.GET.get("next") or reverse(f"{self.name}:index")
        return redirect_to_login(target, reverse("workspace:login"))

    def password_change(self, request, extra_context=None):
        """Through `services.password_change`, which keeps the password history."""
        return redirect("workspace:password")


site = SystemAdminSite(name="system_admin")


class SystemAdminModelAdmin(admin.ModelAdmin):
    """Permissions follow the role, not Django's per-model permissions."""

    def has_module_permission(self, request) -> bool:
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return site.has_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing legally relevant is deleted; disable instead


@admin.register(Agency, site=site)
class AgencyAdmin(SystemAdminModelAdmin):
    list_display = ("name", "uscc", "kind", "level", "parent", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "uscc")
    fields = services.AGENCY_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            changed = {field: form.cleaned_data[field] for field in form.changed_data}
            fresh = Agency.objects.get(pk=obj.pk)
            services.agency_update(actor=request.user, agency=fresh, **changed)
        else:
            data = {field: form.cleaned_data[field] for field in services.AGENCY_FIELDS}
            obj.pk = services.agency_create(actor=request.user, **data).pk


class AccountCreateForm(forms.ModelForm):
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ("username", "display_name", "email")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                validate_password(cleaned["password"], User(username=cleaned.get("username")))
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


@admin.register(User, site=site)
class UserAdmin(SystemAdminModelAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    readonly_fields = ("username", "display_name", "email", "last_login", "date_joined")
    fields = ("username", "display_name", "email", "last_login", "date_joined")
    actions = ("disable_accounts", "enable_accounts")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AccountCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("username", "display_name", "email", "password") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            obj.pk = services.account_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                display_name=data.get("display_name", ""),
                email=data.get("email", ""),
            ).pk

    @admin.action(description=_("Disable the selected accounts"))
    def disable_accounts(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Enable the selected accounts"))
    def enable_accounts(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def _set_active(self, request, queryset, *, active: bool) -> None:
        for user in queryset:
            try:
                services.account_set_active(actor=request.user, user=user, active=active)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{user}: {error}", messages.ERROR)


@admin.register(RoleGrant, site=site)
class RoleGrantAdmin(SystemAdminModelAdmin):
    """Read-only here: granting roles is the 安全管理员's job (SEC-40)."""

    list_display = ("user", "role", "agency", "granted_by", "granted_at")
    list_filter = ("role", "agency")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Column, site=site)
class ColumnAdmin(SystemAdminModelAdmin):
    list_display = ("name", "agency", "parent", "category", "update_interval_days")
    list_filter = ("agency", "category", "kind")
    fields = (
        "agency",
        "parent",
        "name",
        "slug",
        "category",
        "update_interval_days",
        "position",
        "accepts_submissions",
    )

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in self.fields}
        obj.pk = catalogue_services.column_create(actor=request.user, **data).pk


class CatalogueSettingsForm(forms.ModelForm):
    class Meta:
        model = CatalogueSettings
        fields = ("agency", "index_template")

    def clean_index_template(self) -> str:
        from gongkai.rules.indexno import IndexNumberError, parse_template

        value = self.cleaned_data["index_template"]
        try:
            parse_template(value)
        except IndexNumberError as error:
            raise forms.ValidationError(error.message.zh) from error
        return value


@admin.register(CatalogueSettings, site=site)
class CatalogueSettingsAdmin(SystemAdminModelAdmin):
    """The 索引号 template of each agency, set through ``catalogue_settings_set``."""

    form = CatalogueSettingsForm
    list_display = ("agency", "index_template")
    fields = ("agency", "index_template")

    def get_readonly_fields(self, request, obj=None):
        return ("agency",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        agency = obj.agency if change else form.cleaned_data["agency"]
        saved = catalogue_services.catalogue_settings_set(
            actor=request.user, agency=agency, index_template=form.cleaned_data["index_template"]
        )
        obj.pk = saved.pk

"""
Staff accounts in the admin, run by the practice manager without superuser rights: invite,
re-invite after a lost device, deactivate. Permissions, roles' contents and the superuser
flag stay with superusers (appointments/roles.py lists exactly what the manager may do).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest

from appointments.roles import ROLES
from staff import invitations

User = get_user_model()

# What someone who is not a superuser sees and changes on a staff account.
MANAGER_FIELDSETS = (
    (None, {"fields": ("username", "password")}),
    ("Personal info", {"fields": ("first_name", "last_name", "email")}),
    ("Access", {"fields": ("is_active", "is_staff", "groups")}),
    ("Important dates", {"fields": ("last_login", "date_joined")}),
)


def show_invitation_once(request: HttpRequest, user, link: str) -> None:
    messages.warning(
        request,
        f"Invitation for {user.get_username()}: {link} — give it to them in person or by "
        "phone. It works once and is shown only now; make a new one if it is lost.",
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = ["send_new_invitation", "deactivate"]
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    readonly_fields = ("last_login", "date_joined")

    def is_manager(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is not None and self.is_manager(request):
            return MANAGER_FIELDSETS
        return super().get_fieldsets(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and self.is_manager(request):
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A superuser's account (its password above all) is a superuser's business.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        if not change:
            show_invitation_once(request, obj, invitations.invite(obj, by=request.user))

    def touchable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    @admin.action(
        description="Send a new invitation (removes their sign-in methods: lost device)",
        permissions=["change"],
    )
    def send_new_invitation(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in self.touchable(request, queryset).filter(is_active=True):
            link = invitations.invite(user, by=request.user, remove_devices=True)
            show_invitation_once(request, user, link)

    @admin.action(description="Deactivate (staff member left)", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        users = self.touchable(request, queryset).exclude(pk=request.user.pk)
        count = users.update(is_active=False)
        messages.success(request, f"Deactivated {count} account(s); they can no longer sign in.")

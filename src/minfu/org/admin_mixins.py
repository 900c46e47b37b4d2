"""What every app's admin shares. Records that have a history (applications, petitions,
plans, inspections ...) are read-only in the admin: every change goes through the
services, so the history and the audit trail stay whole."""

from django.contrib import admin

from minfu.org.selectors import is_staff_member


class NoWritesAdminMixin:
    """Nobody may add, change or delete here (who may look is the admin's own rule)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin(NoWritesAdminMixin):
    """Staff members may look, nobody may add, change or delete here."""

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A read-only table of a record's rows: its `fields` (all, when not set), shown and
    never edited, with no empty rows to add."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

"""Admin for notifications. Non-superusers see only their organisations' messages and
templates (and the defaults). Templates are written through the service, carrying the
version the form was read at; outbox messages and attempts are read-only, with resend
as an action."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from minfu.catalog.models import ServiceType
from minfu.core.errors import Conflict, DomainError
from minfu.notify import selectors, services
from minfu.notify.models import DeliveryAttempt, MessageTemplate, OutboxMessage
from minfu.notify.rendering import syntax_error
from minfu.org.admin_mixins import NoWritesAdminMixin
from minfu.org.selectors import organisations_for


class MessageTemplateAdminForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MessageTemplate
        fields = ["event", "channel", "organisation", "service_type", "subject_zh",
                  "body_zh", "subject_en", "body_en", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        for field in ("subject_zh", "subject_en", "body_zh", "body_en"):
            problem = syntax_error(cleaned.get(field) or "")
            if problem:
                self.add_error(field, problem)
        if self.instance.pk and cleaned.get("lock_version") != MessageTemplate.objects.filter(
                pk=self.instance.pk).values_list("version", flat=True).first():
            raise forms.ValidationError(Conflict.default_message)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateAdminForm
    list_display = ["event", "channel", "organisation", "service_type", "is_active"]
    list_filter = ["channel", "is_active"]
    search_fields = ["event", "subject_zh", "subject_en"]

    def get_queryset(self, request):
        return selectors.message_templates_for(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            organisations = organisations_for(request.user)
            if db_field.name == "organisation":
                kwargs["queryset"] = organisations
                kwargs["required"] = True
            elif db_field.name == "service_type":
                kwargs["queryset"] = ServiceType.objects.filter(organisation__in=organisations)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return selectors.may_edit_template(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        # Defaults serve every organisation: only superusers change them.
        return selectors.may_edit_template(request.user, obj) and \
            super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # sent messages point to their template; retire one by clearing "active"

    def save_model(self, request, obj, form, change):
        try:
            services.message_template_save(
                template=obj, expected_version=form.cleaned_data.get("lock_version"),
                actor=request.user)
        except DomainError as error:
            # The form was valid, so tell the user and keep the old row.
            messages.error(request, str(error.message))


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["attempted_at", "outcome", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "channel", "recipient", "organisation", "status",
                    "attempts", "created_at"]
    list_filter = ["status", "channel"]
    search_fields = ["event", "recipient", "dedupe_key", "related_id"]
    list_select_related = ["organisation"]
    inlines = [DeliveryAttemptInline]
    actions = ["resend"]

    def get_queryset(self, request):
        return selectors.outbox_messages_for(request.user)

    # The sealed text holds the recipient's secret: not even superusers see it.
    exclude = ["sealed_text"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutboxMessage._meta.fields
                if field.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected messages again"))
    def resend(self, request, queryset):
        done = 0
        for message in queryset:
            try:
                services.outbox_message_resend(message=message, actor=request.user)
            except DomainError as error:
                messages.warning(request, f"{message.pk}: {error.message}")
            else:
                done += 1
        self.message_user(request, ngettext("%(count)d message queued again.",
                                            "%(count)d messages queued again.", done)
                          % {"count": done})


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    list_display = ["message", "attempted_at", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["message"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            message__in=selectors.outbox_messages_for(request.user))

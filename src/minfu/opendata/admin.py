"""Admin of open data: datasets (metadata through the same service as the staff pages)
and their publications (read-only), limited to the organisations the user sees."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import DomainError
from minfu.opendata import selectors, services
from minfu.opendata.models import Dataset, Publication


class PublicationInline(admin.TabularInline):
    model = Publication
    fields = ("published_on", "published_at", "rows", "digest")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "organisation", "kind", "frequency", "is_listed")
    list_filter = ("kind", "frequency", "is_listed")
    search_fields = ("title_zh", "title_en", "slug")
    readonly_fields = ("organisation", "kind", "slug", "version")
    fields = ("organisation", "kind", "slug", *services.METADATA_FIELDS, "version")
    inlines = [PublicationInline]
    actions = ["publish_now"]

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return selectors.datasets_for(request.user)

    def has_add_permission(self, request):
        return False  # registered from the staff page (services.dataset_register)

    def save_model(self, request, obj, form, change):
        stored = Dataset.objects.get(pk=obj.pk)
        try:
            services.dataset_save(actor=request.user, dataset=stored,
                                  expected_version=obj.version,
                                  **{name: form.cleaned_data[name]
                                     for name in services.METADATA_FIELDS})
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)

    @admin.action(description=_("Publish the selected datasets now"))
    def publish_now(self, request, queryset):
        for dataset in queryset:
            try:
                services.dataset_publish(actor=request.user, dataset=dataset, force=True)
            except DomainError as error:
                self.message_user(request, f"{dataset.slug}: {error.message}", messages.ERROR)

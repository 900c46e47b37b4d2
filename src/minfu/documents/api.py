"""REST API of official documents (staff, read-only): the letterheads of the user's
organisations as their letters show them, and the document numbers (發文字號) they
issued, newest first. `routes` is read by minfu.api.urls. Errors are
{"error": {"code", "message", "details"}} (minfu.api.errors)."""

from rest_framework import serializers, viewsets

from minfu.documents import selectors
from minfu.documents.kinds import DocumentKind
from minfu.org.api_permissions import StaffAPIMixin


class LetterheadOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    address_zh = serializers.CharField()
    address_en = serializers.CharField()
    contact_zh = serializers.CharField()
    contact_en = serializers.CharField()
    phone = serializers.CharField()
    fax = serializers.CharField()
    email = serializers.CharField()
    number_pattern = serializers.CharField(
        help_text="How document numbers read: {year} the ROC year, {serial} the yearly serial.")
    serial_digits = serializers.IntegerField()
    appeal_authority_zh = serializers.CharField()
    appeal_authority_en = serializers.CharField()
    appeal_days = serializers.IntegerField()
    version = serializers.IntegerField()


class IssuedDocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    subject = serializers.CharField(help_text='What the document is about, e.g. "case:17".')
    number = serializers.CharField()
    roc_year = serializers.IntegerField()
    serial = serializers.IntegerField()
    issued_on = serializers.DateField()


class LetterheadViewSet(StaffAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Letterheads of the organisations the user sees (an organisation without one uses
    its own name, address and contact, and the default number pattern)."""

    serializer_class = LetterheadOutput

    def get_queryset(self):
        return selectors.rows_for_api(self.request.user, "letterhead")


class IssuedDocumentViewSet(StaffAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Document numbers issued by the organisations the user sees, newest first."""

    serializer_class = IssuedDocumentOutput

    def get_queryset(self):
        return selectors.rows_for_api(self.request.user, "issued")


routes = [
    ("letterheads", LetterheadViewSet, "documents-letterhead"),
    ("issued", IssuedDocumentViewSet, "documents-issued"),
]

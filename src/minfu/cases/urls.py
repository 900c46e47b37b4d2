"""URLs of applications: the citizen's pages under applications/, the officers' under
staff/cases/ (this module is included at the site root by config/urls.py)."""

from django.urls import path

from minfu.cases.views import public, staff
from minfu.documents.letters import format_paths
from minfu.records.views import lookup

app_name = "cases"
urlpatterns = [
    # citizens: applications/...
    path("applications/new/<str:organisation_code>/<str:service_code>/", public.apply,
         name="public-apply"),
    path("applications/receipt/<str:number>/", public.receipt, name="public-receipt"),
    path("applications/lookup/", lookup, {"page": public.LOOKUP_PAGE},
         name="public-lookup"),
    path("applications/progress/<str:number>/", public.progress, name="public-progress"),
    path("applications/progress/<str:number>/supplement/", public.supplement,
         name="public-supplement"),
    path("applications/progress/<str:number>/withdraw/", public.withdraw,
         name="public-withdraw"),
    path("applications/progress/<str:number>/documents/<int:document_id>/", public.document,
         name="public-document"),
    # the receipt and the notices as PDF (to print) and ODT (to edit): public-receipt-pdf ...
    *format_paths("applications/progress/<str:number>/receipt",
                  public.receipt_document, "public-receipt"),
    *format_paths("applications/progress/<str:number>/notices/<int:sequence>",
                  public.notice_document, "public-notice"),
    *format_paths("applications/progress/<str:number>/decision",
                  public.decision_document, "public-decision"),
    *format_paths("applications/progress/<str:number>/extension",
                  public.extension_document, "public-extension"),
    # officers: staff/cases/...
    path("staff/cases/", staff.my_queue, name="staff-queue"),
    path("staff/cases/unit/", staff.unit_queue, name="staff-unit-queue"),
    path("staff/cases/assign/", staff.bulk_assign, name="staff-assign"),
    path("staff/cases/new/", staff.counter_intake, name="staff-intake"),
    path("staff/cases/handovers/", staff.handovers, name="staff-handovers"),
    path("staff/cases/handovers/<int:pk>/", staff.handover, name="staff-handover"),
    path("staff/cases/<int:pk>/", staff.case_detail, name="staff-detail"),
    path("staff/cases/<int:pk>/receipt/", staff.counter_receipt, name="staff-receipt"),
    path("staff/cases/<int:pk>/documents/<int:document_id>/", staff.document,
         name="staff-document"),
    *format_paths("staff/cases/<int:pk>/receipt", staff.receipt_document, "staff-receipt"),
    *format_paths("staff/cases/<int:pk>/notices/<int:sequence>",
                  staff.notice_document, "staff-notice"),
    *format_paths("staff/cases/<int:pk>/decision", staff.decision_document, "staff-decision"),
    *format_paths("staff/cases/<int:pk>/extension",
                  staff.extension_document, "staff-extension"),
    path("staff/cases/<int:pk>/<slug:action>/", staff.case_action, name="staff-action"),
]

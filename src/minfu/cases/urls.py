"""URLs of applications: the citizen's pages under applications/, the officers' under
staff/cases/ (this module is included at the site root by config/urls.py)."""

from django.urls import path

from minfu.cases.documents import FORMATS
from minfu.cases.views import public, staff
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
    *(path(f"applications/progress/<str:number>/receipt.{fmt}", public.receipt_document,
           {"fmt": fmt}, name=f"public-receipt-{fmt}") for fmt in FORMATS),
    *(path(f"applications/progress/<str:number>/notices/<int:sequence>.{fmt}",
           public.notice_document, {"fmt": fmt}, name=f"public-notice-{fmt}")
      for fmt in FORMATS),
    *(path(f"applications/progress/<str:number>/decision.{fmt}", public.decision_document,
           {"fmt": fmt}, name=f"public-decision-{fmt}") for fmt in FORMATS),
    *(path(f"applications/progress/<str:number>/extension.{fmt}", public.extension_document,
           {"fmt": fmt}, name=f"public-extension-{fmt}") for fmt in FORMATS),
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
    *(path(f"staff/cases/<int:pk>/receipt.{fmt}", staff.receipt_document, {"fmt": fmt},
           name=f"staff-receipt-{fmt}") for fmt in FORMATS),
    *(path(f"staff/cases/<int:pk>/notices/<int:sequence>.{fmt}", staff.notice_document,
           {"fmt": fmt}, name=f"staff-notice-{fmt}") for fmt in FORMATS),
    *(path(f"staff/cases/<int:pk>/decision.{fmt}", staff.decision_document, {"fmt": fmt},
           name=f"staff-decision-{fmt}") for fmt in FORMATS),
    *(path(f"staff/cases/<int:pk>/extension.{fmt}", staff.extension_document, {"fmt": fmt},
           name=f"staff-extension-{fmt}") for fmt in FORMATS),
    path("staff/cases/<int:pk>/<slug:action>/", staff.case_action, name="staff-action"),
]

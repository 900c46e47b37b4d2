"""URLs of assessment (included at the site root by config/urls.py): staff pages under
staff/assessment/, public pages under honour-roll/, service-awards/ and inspection-results/."""

from django.urls import path

from minfu.assessment.views import public, signoff, staff
from minfu.core.urls import thing_routes

S = "staff/assessment/"
app_name = "assessment"
urlpatterns = [
    path("honour-roll/", public.honour_roll, name="public-honour-roll"),
    path("service-awards/", public.award_list, name="public-awards"),
    path("service-awards/<int:pk>/", public.award_results, name="public-award"),
    path("inspection-results/", public.inspection_results, name="public-inspection-results"),
    path("inspection-results/<int:pk>/", public.inspection_result,
         name="public-inspection-result"),
    path(S, staff.home, name="staff-home"),
    *thing_routes(f"{S}sheets/", "staff-sheet", index=staff.sheet_list, new=staff.sheet_edit,
                  detail=staff.sheet_detail),
    *thing_routes(f"{S}inspections/", "staff-inspection", index=staff.inspection_list,
                  new=staff.inspection_new, detail=staff.inspection_detail,
                  score=staff.inspection_score),
    path(f"{S}inspections/<int:pk>/signoff/<str:step>/", signoff.inspection_step,
         name="staff-inspection-step"),
    path(f"{S}inspections/<int:pk>/report.pdf", signoff.inspection_report,
         name="staff-inspection-report"),
    path(f"{S}inspections/<int:pk>/findings/<int:finding_pk>/remove/", signoff.finding_remove,
         name="staff-finding-remove"),
    path(f"{S}inspections/<int:pk>/publication/", signoff.publication_edit,
         name="staff-inspection-publication"),
    path(f"{S}inspections/<int:pk>/publication/<str:action>/", signoff.publication_publish,
         name="staff-inspection-publish"),
    path(f"{S}inspections/<int:pk>/findings/", staff.finding_add, name="staff-finding-add"),
    path(f"{S}inspections/<int:pk>/findings/<int:finding_pk>/item/", staff.finding_to_item,
         name="staff-finding-item"),
    path(f"{S}items/from-survey-follow-up/<int:pk>/", staff.survey_follow_up_to_item,
         name="staff-survey-follow-up-item"),
    path(f"{S}items/from-petition-follow-up/<int:pk>/", staff.petition_follow_up_to_item,
         name="staff-petition-follow-up-item"),
    *thing_routes(f"{S}items/", "staff-item", index=staff.item_list, new=staff.item_new,
                  detail=staff.item_detail, reply=staff.item_reply, review=staff.item_review,
                  into_plan=staff.item_into_plan),
    path(f"{S}evidence/<int:pk>/", staff.evidence_download, name="staff-evidence"),
    *thing_routes(f"{S}meetings/", "staff-meeting", index=staff.meeting_list,
                  detail=staff.meeting_detail),
    path(f"{S}meetings/<int:pk>/document.<str:fmt>", staff.meeting_document,
         name="staff-meeting-document"),
    path(f"{S}courtesy/", staff.courtesy_list, name="staff-courtesy"),
    path(f"{S}courtesy/new/<int:sheet_pk>/", staff.courtesy_new, name="staff-courtesy-new"),
    *thing_routes(f"{S}recognition/", "staff-nomination", index=staff.nomination_list,
                  select=staff.nomination_select),
    *thing_routes(f"{S}proposals/", "staff-proposal", index=staff.proposal_list,
                  detail=staff.proposal_detail, decide=staff.proposal_decide,
                  into_plan=staff.proposal_into_plan),
    path(f"{S}proposals/<int:pk>/implementation/", staff.proposal_implement,
         name="staff-proposal-implement"),
    *thing_routes(f"{S}awards/", "staff-award", index=staff.award_list,
                  detail=staff.award_detail, submit=staff.award_submit, rank=staff.award_rank,
                  publish=staff.award_publish),
    path(f"{S}awards/<int:pk>/entries/<int:entry_pk>/score/", staff.award_score,
         name="staff-award-score"),
]

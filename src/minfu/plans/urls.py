"""URLs of plans (included at the site root by config/urls.py): the public pages under
plans/, the staff pages under staff/plans/."""

from django.urls import path, re_path

from minfu.plans.views import public, staff

app_name = "plans"
urlpatterns = [
    path("plans/", public.plan_list, name="public-list"),
    path("plans/<str:organisation_code>/<int:year>/", public.plan_detail, name="public-detail"),
    re_path(r"^plans/(?P<organisation_code>[^/]+)/(?P<year>\d+)/plan\.(?P<extension>odt|pdf)$",
            public.plan_document, name="public-document"),
    path("staff/plans/", staff.plan_list, name="staff-list"),
    path("staff/plans/unit-groups/", staff.unit_groups, name="staff-unit-groups"),
    path("staff/plans/unit-groups/<int:pk>/", staff.unit_group_edit, name="staff-unit-group"),
    path("staff/plans/<int:pk>/", staff.plan_detail, name="staff-detail"),
    path("staff/plans/<int:pk>/edit/", staff.plan_edit, name="staff-edit"),
    path("staff/plans/<int:pk>/directives/", staff.directive_add, name="staff-directive-add"),
    path("staff/plans/<int:pk>/levels/", staff.level_set, name="staff-level-set"),
    path("staff/plans/<int:pk>/publish/", staff.plan_publish, name="staff-publish"),
    path("staff/plans/<int:pk>/copy/", staff.plan_copy, name="staff-copy"),
    path("staff/plans/<int:pk>/revise/", staff.plan_revise, name="staff-revise"),
    path("staff/plans/<int:pk>/changes/", staff.plan_changes, name="staff-changes"),
    re_path(r"^staff/plans/(?P<pk>\d+)/revisions/(?P<number>\d+)/plan\.(?P<extension>odt|pdf)$",
            staff.revision_document, name="staff-revision-document"),
    re_path(r"^staff/plans/(?P<pk>\d+)/plan\.(?P<extension>odt|pdf)$", staff.plan_document,
            name="staff-document"),
    path("staff/plans/<int:pk>/nodes/add/", staff.node_add, name="staff-node-add"),
    path("staff/plans/nodes/<int:pk>/", staff.node_edit, name="staff-node-edit"),
    path("staff/plans/nodes/<int:pk>/move/<str:direction>/", staff.node_move,
         name="staff-node-move"),
    path("staff/plans/nodes/<int:pk>/delete/", staff.node_delete, name="staff-node-delete"),
    path("staff/plans/<int:pk>/import/", staff.plan_import, name="staff-import"),
    re_path(r"^staff/plans/(?P<pk>\d+)/sheet/(?P<kind>export|template)/$", staff.plan_sheet,
            name="staff-sheet"),
    path("staff/plans/<int:pk>/indicators/add/", staff.indicator_form,
         name="staff-indicator-add"),
    path("staff/plans/<int:pk>/indicators/<int:indicator_pk>/", staff.indicator_form,
         name="staff-indicator-edit"),
    path("staff/plans/indicators/<int:pk>/actual/", staff.indicator_actual,
         name="staff-indicator-actual"),
    path("staff/plans/<int:pk>/periods/quarterly/", staff.periods_quarterly,
         name="staff-periods-quarterly"),
    path("staff/plans/<int:pk>/periods/new/", staff.period_new, name="staff-period-new"),
    path("staff/plans/<int:pk>/periods/<int:period_pk>/", staff.period_reports,
         name="staff-period"),
    path("staff/plans/<int:pk>/periods/<int:period_pk>/open/", staff.period_open,
         name="staff-period-open"),
    path("staff/plans/reports/<int:pk>/", staff.report_detail, name="staff-report"),
    path("staff/plans/reports/<int:pk>/review/", staff.report_review, name="staff-report-review"),
    path("staff/plans/evidence/<int:pk>/", staff.evidence_download, name="staff-evidence"),
    path("staff/plans/<int:pk>/overview/", staff.overview, name="staff-overview"),
]

"""URLs of plans (included at the site root by config/urls.py): the public pages under
plans/, the staff pages under staff/plans/."""

from django.urls import path, re_path

from minfu.core.urls import thing_routes
from minfu.plans.views import public, staff

S = "staff/plans/"
app_name = "plans"
urlpatterns = [
    path("plans/", public.plan_list, name="public-list"),
    path("plans/<str:organisation_code>/<int:year>/", public.plan_detail, name="public-detail"),
    re_path(r"^plans/(?P<organisation_code>[^/]+)/(?P<year>\d+)/plan\.(?P<extension>odt|pdf)$",
            public.plan_document, name="public-document"),
    path(S, staff.plan_list, name="staff-list"),
    path(f"{S}unit-groups/", staff.unit_groups, name="staff-unit-groups"),
    path(f"{S}unit-groups/<int:pk>/", staff.unit_group_edit, name="staff-unit-group"),
    *thing_routes(f"{S}agencies/", "staff-oversight", plural="staff-oversight",
                  index=staff.oversight, remind=staff.oversight_remind,
                  deadline=staff.oversight_deadline),
    path(f"{S}<int:pk>/", staff.plan_detail, name="staff-detail"),
    *thing_routes(S, "staff", edit=staff.plan_edit, publish=staff.plan_publish,
                  copy=staff.plan_copy, revise=staff.plan_revise, changes=staff.plan_changes,
                  overview=staff.overview),
    path(f"{S}<int:pk>/directives/", staff.directive_add, name="staff-directive-add"),
    path(f"{S}<int:pk>/levels/", staff.level_set, name="staff-level-set"),
    path(f"{S}<int:pk>/sections/add/", staff.section_form, name="staff-section-add"),
    path(f"{S}<int:pk>/sections/<int:section_pk>/", staff.section_form,
         name="staff-section-edit"),
    re_path(r"^staff/plans/(?P<pk>\d+)/sections/(?P<section_pk>\d+)/(?P<change>up|down|delete)/$",
            staff.section_change, name="staff-section-change"),
    re_path(r"^staff/plans/(?P<pk>\d+)/revisions/(?P<number>\d+)/plan\.(?P<extension>odt|pdf)$",
            staff.revision_document, name="staff-revision-document"),
    re_path(r"^staff/plans/(?P<pk>\d+)/plan\.(?P<extension>odt|pdf)$", staff.plan_document,
            name="staff-document"),
    path(f"{S}<int:pk>/nodes/add/", staff.node_add, name="staff-node-add"),
    path(f"{S}nodes/<int:pk>/", staff.node_edit, name="staff-node-edit"),
    path(f"{S}nodes/<int:pk>/move/<str:direction>/", staff.node_move, name="staff-node-move"),
    path(f"{S}nodes/<int:pk>/delete/", staff.node_delete, name="staff-node-delete"),
    path(f"{S}<int:pk>/import/", staff.plan_import, name="staff-import"),
    re_path(r"^staff/plans/(?P<pk>\d+)/sheet/(?P<kind>export|template)/$", staff.plan_sheet,
            name="staff-sheet"),
    path(f"{S}<int:pk>/indicators/add/", staff.indicator_form, name="staff-indicator-add"),
    path(f"{S}<int:pk>/indicators/<int:indicator_pk>/", staff.indicator_form,
         name="staff-indicator-edit"),
    path(f"{S}indicators/<int:pk>/actual/", staff.indicator_actual,
         name="staff-indicator-actual"),
    path(f"{S}<int:pk>/periods/quarterly/", staff.periods_quarterly,
         name="staff-periods-quarterly"),
    path(f"{S}<int:pk>/periods/new/", staff.period_new, name="staff-period-new"),
    path(f"{S}<int:pk>/periods/<int:period_pk>/", staff.period_reports, name="staff-period"),
    path(f"{S}<int:pk>/periods/<int:period_pk>/open/", staff.period_open,
         name="staff-period-open"),
    *thing_routes(f"{S}reports/", "staff-report", detail=staff.report_detail,
                  review=staff.report_review),
    path(f"{S}evidence/<int:pk>/", staff.evidence_download, name="staff-evidence"),
]

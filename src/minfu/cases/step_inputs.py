"""The API's inputs of the steps on an application (`minfu.cases.steps`); the page's
forms are in forms_staff.py. Each carries the `expected_version` the client read."""

from __future__ import annotations

from rest_framework import serializers

from minfu.cases import workflow


class CasePaperSupplementInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)
    paper_items = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False,
        help_text="Items of the open deficiency notice whose originals were brought to "
                  "the counter.")

    def step_arguments(self) -> dict:
        return {"documents": (), "paper_items": self.validated_data["paper_items"]}


class CaseVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)


class CaseNoticeItemInput(serializers.Serializer):
    document_id = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CaseDeficiencyNoticeInput(CaseVersionInput):
    items = CaseNoticeItemInput(many=True, allow_empty=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    supplement_due_date = serializers.DateField()
    reason_for_repeat = serializers.CharField(required=False, allow_blank=True, default="")

    def step_arguments(self) -> dict:
        data = self.validated_data
        return {"items": [item["document_id"] for item in data["items"]],
                "notes": {item["document_id"]: item["note"] for item in data["items"]},
                "note": data["note"], "supplement_due_date": data["supplement_due_date"],
                "reason_for_repeat": data["reason_for_repeat"]}


class CasePauseInput(CaseVersionInput):
    reason = serializers.CharField()
    legal_basis = serializers.CharField()


class CaseExtendInput(CaseVersionInput):
    reason = serializers.CharField()
    extra_value = serializers.IntegerField(min_value=1)


class CaseDecideInput(CaseVersionInput):
    outcome = serializers.ChoiceField(choices=[o.value for o in workflow.Outcome])
    public_note_zh = serializers.CharField(required=False, allow_blank=True, default="")
    public_note_en = serializers.CharField(required=False, allow_blank=True, default="")


class CaseTransferInput(CaseVersionInput):
    to_organisation_name = serializers.CharField(max_length=200)
    reason = serializers.CharField()


class CaseFetchedCheckInput(CaseVersionInput):
    item = serializers.IntegerField(help_text="A checklist item the agency fetches itself.")
    method = serializers.ChoiceField(choices=["electronic_transcript", "cross_agency_query",
                                              "own_records"])
    checked_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CaseWithdrawInput(CaseVersionInput):
    reason = serializers.CharField(required=False, allow_blank=True, default="")

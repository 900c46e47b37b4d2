"""The citizen's own API ("my records"), for the signed-in citizen only
(api_auth.CitizenSessionAuthentication):

- `citizens/records`: `GET` every record of the account, from every source;
  `POST citizens/records/claim/` adds an older record with its number and access code
  (400 `no_match` for a wrong pair, 409 `claimed_by_other`, 429 past the limits).
- `citizens/account`: `GET` the account and contact preferences; `PUT
  citizens/account/preferences/` saves them (with `version`); `GET
  citizens/account/export/` is the personal data export; `POST citizens/account/close/`
  closes the account."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.citizens import selectors, services
from minfu.citizens.api_auth import CitizenSessionAuthentication, IsCitizen
from minfu.citizens.session import session_sign_out
from minfu.core.api import read_input
from minfu.core.client_ip import client_ip
from minfu.notify.models import Language


class MyRecordOutput(serializers.Serializer):
    source = serializers.CharField(help_text="applications, petitions, survey_invitations ...")
    number = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField(help_text="The state as the citizen reads it.")
    filed_at = serializers.CharField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="The citizen's page (a path).")


class ClaimInput(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    access_code = serializers.CharField(max_length=60)


class AccountOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    display_name = serializers.CharField()
    email = serializers.EmailField()
    email_verified = serializers.BooleanField()
    phone = serializers.CharField()
    language = serializers.CharField()
    notify_by_email = serializers.BooleanField()
    notify_by_sms = serializers.BooleanField()
    version = serializers.IntegerField()


class PreferencesInput(serializers.Serializer):
    version = serializers.IntegerField()
    display_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    phone = serializers.CharField(max_length=30, allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices,
                                       required=False)
    notify_by_email = serializers.BooleanField(required=False)
    notify_by_sms = serializers.BooleanField(required=False)


class CloseInput(serializers.Serializer):
    version = serializers.IntegerField()


def _row(row) -> dict:
    return MyRecordOutput({**row.__dict__, "filed_at": row.filed_at.isoformat()
                           if row.filed_at else None}).data


class CitizenAPIMixin:
    authentication_classes = [CitizenSessionAuthentication]
    permission_classes = [IsCitizen]


class MyRecordViewSet(CitizenAPIMixin, viewsets.GenericViewSet):
    """The signed-in citizen's records of every kind."""

    serializer_class = MyRecordOutput
    pagination_class = None

    @extend_schema(responses={200: MyRecordOutput(many=True)})
    def list(self, request):
        return Response([_row(row) for group in selectors.my_records(request.user)
                         for row in group.rows])

    @extend_schema(request=ClaimInput, responses={
        201: OpenApiResponse(description="The record is in the account."),
        400: OpenApiResponse(description="No record matches (code no_match)."),
        409: OpenApiResponse(description="The record is in another account."),
        429: OpenApiResponse(description="Too many tries; see Retry-After.")})
    @action(detail=False, methods=["post"])
    def claim(self, request):
        data = read_input(ClaimInput, request)
        link = services.record_claim(citizen=request.user, number=data["number"],
                                     access_code=data["access_code"], client=client_ip(request))
        return Response({"kind": link.kind, "number": data["number"].strip().upper()},
                        status=status.HTTP_201_CREATED)


class AccountViewSet(CitizenAPIMixin, viewsets.GenericViewSet):
    """The signed-in citizen's account: preferences, data export, closing."""

    serializer_class = AccountOutput
    pagination_class = None

    @extend_schema(responses={200: AccountOutput})
    def list(self, request):
        return Response(AccountOutput(request.user).data)

    @extend_schema(request=PreferencesInput, responses={200: AccountOutput})
    @action(detail=False, methods=["put"])
    def preferences(self, request):
        data = read_input(PreferencesInput, request)
        version = data.pop("version")
        citizen = services.citizen_preferences_save(citizen=request.user,
                                                     expected_version=version, **data)
        return Response(AccountOutput(citizen).data)

    @extend_schema(responses={200: OpenApiResponse(description="Everything the platform "
                                                               "holds about the citizen.")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        return Response(services.citizen_data_export(citizen=request.user))

    @extend_schema(request=CloseInput, responses={204: None})
    @action(detail=False, methods=["post"])
    def close(self, request):
        data = read_input(CloseInput, request)
        services.citizen_close(citizen=request.user, expected_version=data["version"])
        session_sign_out(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


routes = [
    ("records", MyRecordViewSet, "citizen-records"),
    ("account", AccountViewSet, "citizen-account"),
]

"""The API's half of the step registry: one `POST .../<step>/` per registered step that
has an API input, generated on a record kind's staff viewset. The input carries the
`expected_version` the client read (a stale one is 409); the answer is the record as
`output` serialises it, read again through the viewset's scoped `get_object`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.records.steps import RecordSteps, Step, arguments_of


def add_step_routes(viewset_class, record_steps: RecordSteps, *, output) -> None:
    for step in record_steps.steps:
        if step.api_input is not None:
            name = step.api_name or step.name
            setattr(viewset_class, name, _route(step, record_steps, name, output))


def _route(step: Step, record_steps: RecordSteps, name: str, output):
    def view(self, request, pk=None):
        record = self.get_object()
        serializer = step.api_input(data=request.data)
        serializer.is_valid(raise_exception=True)
        record_steps.perform(step, record, request.user,
                             expected_version=serializer.validated_data["expected_version"],
                             arguments=arguments_of(serializer))
        return Response(output(self.get_object()).data)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = str(step.description)
    view = action(detail=True, methods=["post"], url_path=step.api_path)(view)
    return extend_schema(request=step.api_input, responses={200: output})(view)

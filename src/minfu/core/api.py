"""What every app's API shares below the `api` shell."""

from rest_framework import serializers

from minfu.core.errors import ValidationFailed


def read_input(serializer_class: type[serializers.Serializer], request) -> dict:
    """The request body validated by `serializer_class`, or ValidationFailed with the
    field messages (400 through minfu.api.errors, like every other domain error)."""
    serializer = serializer_class(data=request.data)
    if not serializer.is_valid():
        raise ValidationFailed(details=serializer.errors)
    return serializer.validated_data

"""REST API of this app: thin DRF views with explicit serializers. `routes` is read by
minfu.api.urls: (prefix, viewset, basename)."""

routes: list = []

"""REST API of metrics, under /api/v1/metrics/."""

routes = []

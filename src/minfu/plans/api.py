"""REST API of plans, under /api/v1/plans/."""

routes = []

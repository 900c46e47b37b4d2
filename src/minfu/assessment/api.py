"""REST API of assessment, under /api/v1/assessment/."""

routes = []

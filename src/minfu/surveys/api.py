"""REST API of surveys, under /api/v1/surveys/."""

routes = []

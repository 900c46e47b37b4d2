"""REST API of voice, under /api/v1/voice/."""

routes = []

"""URLs of metrics (included at the site root by config/urls.py)."""

app_name = "metrics"
urlpatterns = []

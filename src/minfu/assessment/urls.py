"""URLs of assessment (included at the site root by config/urls.py)."""

app_name = "assessment"
urlpatterns = []

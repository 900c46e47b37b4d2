"""URLs of plans (included at the site root by config/urls.py)."""

app_name = "plans"
urlpatterns = []

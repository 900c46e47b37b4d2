"""URLs of voice (included at the site root by config/urls.py)."""

app_name = "voice"
urlpatterns = []

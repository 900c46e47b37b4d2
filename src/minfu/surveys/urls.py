"""URLs of surveys (included at the site root by config/urls.py)."""

app_name = "surveys"
urlpatterns = []

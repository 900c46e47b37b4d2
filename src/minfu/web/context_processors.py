from django.conf import settings


def site(request):
    return {"site_name": settings.MINFU_SITE_NAME}

from django.urls import path

from minfu.citizens.views import public

app_name = "citizens"
urlpatterns = [
    path("citizen/sign-in/", public.sign_in, name="sign-in"),
    path("citizen/sign-in/provider/", public.oidc_start, name="oidc-start"),
    path("citizen/sign-in/email/", public.email_link_request, name="email-link"),
    path("citizen/sign-in/link/<str:token>/", public.link, name="link"),
    path("citizen/sign-out/", public.sign_out, name="sign-out"),
    path("my/", public.my_records, name="my-records"),
    path("my/records/<slug:kind>/<int:record_id>/", public.record_open, name="record-open"),
    path("my/add/", public.claim, name="claim"),
    path("my/preferences/", public.preferences, name="preferences"),
    path("my/data/", public.export, name="export"),
    path("my/close/", public.close, name="close"),
]

# Outside the language prefix (config.urls): the one address registered with the provider.
callback_urlpatterns = [
    path("citizen/oidc/callback/", public.oidc_callback, name="citizens-oidc-callback"),
]

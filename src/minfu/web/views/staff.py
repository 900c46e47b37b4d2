from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minfu.org.selectors import organisations_for, units_for


class StaffLoginView(auth_views.LoginView):
    template_name = "web/staff/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    return render(request, "web/staff/home.html", {
        "organisations": organisations_for(request.user),
        "units": units_for(request.user),
    })

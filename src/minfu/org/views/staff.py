from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minfu.org.selectors import organisations_for, units_for


@login_required
def directory(request):
    return render(request, "org/staff/directory.html", {
        "organisations": organisations_for(request.user),
        "units": units_for(request.user),
    })

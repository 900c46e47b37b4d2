from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def service_list(request):
    return render(request, "catalog/staff/list.html")

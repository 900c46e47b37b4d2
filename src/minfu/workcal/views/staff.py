from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def closure_list(request):
    return render(request, "workcal/staff/closures.html")

from django.shortcuts import render


def service_list(request):
    return render(request, "catalog/public/list.html")

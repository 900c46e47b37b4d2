"""Staff pages of notifications: the outbox of the user's organisations, each message
with its delivery attempts and a resend button, and the message templates with a preview
in both languages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError, PermissionDenied
from minfu.notify import selectors, services
from minfu.notify.events import sample_context
from minfu.notify.forms import OutboxFilterForm
from minfu.notify.rendering import preview
from minfu.org.auth import staff_required

PAGE_SIZE = 50


def _crumbs(*trail):
    return [(_("Notifications"), reverse("notify:staff-outbox")), *trail]


@staff_required
def outbox_list(request):
    form = OutboxFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.outbox_messages_for(request.user, status=status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/staff/outbox.html", {
        "form": form, "page_obj": page, "counts": selectors.status_counts_for(request.user),
        "breadcrumbs": [(_("Notifications"), None)],
    })


@staff_required
def message_detail(request, pk):
    message = selectors.outbox_message_for(request.user, pk)
    return render(request, "notify/staff/message.html", {
        "message": message, "attempts": list(message.delivery_attempts.all()),
        "may_resend": message.status in services.RESENDABLE
        and selectors.may_resend(request.user, message),
        "secret_kept": selectors.secret_kept(message),
        "breadcrumbs": _crumbs((_("Message %(number)s") % {"number": message.pk}, None)),
    })


@staff_required
@require_POST
def message_resend(request, pk):
    message = selectors.outbox_message_for(request.user, pk)
    try:
        services.outbox_message_resend(message=message, actor=request.user)
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("notify:staff-message", message.pk)


@staff_required
def template_list(request):
    return render(request, "notify/staff/templates.html", {
        "templates": selectors.message_templates_for(request.user),
        "breadcrumbs": _crumbs((_("Message templates"), None)),
    })


@staff_required
def template_preview(request, pk):
    template = selectors.message_template_for(request.user, pk)
    context = sample_context(template.event)
    try:
        rendered, error = preview(template, context), ""
    except Exception as exc:  # a template staff typed may fail; show why, never a 500
        rendered, error = {}, f"{type(exc).__name__}: {exc}"
    return render(request, "notify/staff/template_preview.html", {
        "template": template, "context": sorted(context.items()),
        "chinese": rendered.get("zh-hant"), "english": rendered.get("en"), "error": error,
        "breadcrumbs": _crumbs((_("Message templates"), reverse("notify:staff-templates")),
                               (str(template), None)),
    })

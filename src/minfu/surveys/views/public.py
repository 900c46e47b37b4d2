"""Citizens' pages: answer a survey (by invitation token, from the counter QR code, or
open on the website), rate a service after using it online or on a counter tablet.
Plain forms with POST-redirect-GET; they work with JavaScript off."""

from __future__ import annotations

import secrets

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from minfu.catalog.selectors import public_service
from minfu.core.client_ip import client_ip
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.forms import add_domain_error
from minfu.surveys import protection, selectors, services
from minfu.surveys.forms import RatingForm, ResponseForm
from minfu.surveys.models import SurveyChannel, Wave


def _response_form(wave: Wave, data=None) -> ResponseForm:
    questions = list(wave.survey_version.questions.all())
    return ResponseForm(data, questions=questions, specs=[services.spec_of(q) for q in questions],
                        initial={"started": protection.form_started_stamp()})


def _answer_page(request, *, wave: Wave, channel: str, unit=None, token: str | None = None):
    """Show and take one survey form; the guards depend on the channel."""
    key, new_key = protection.browser_key(request)
    form = _response_form(wave, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if token is None:
                if not protection.submission_allowed(client_ip(request)):
                    raise ValidationFailed(_("Too many answers from your network; please "
                                             "try again later."), code="rate_limited")
                protection.check_human(honeypot=form.cleaned_data["website"],
                                       started=form.cleaned_data["started"])
            services.response_submit(
                wave=wave, raw_answers=form.raw_answers(), token=token,
                respondent=services.Respondent(
                    channel=channel, unit=unit, browser_key="" if token else key,
                    contact_consent=form.cleaned_data["contact_consent"],
                    contact_details=form.cleaned_data["contact_details"]))
        except ValidationFailed as error:
            if error.code == "answers":
                form.add_answer_errors(error.details)
            else:
                add_domain_error(form, error)
        except Conflict as error:
            return render(request, "surveys/public/closed.html",
                          {"message": error.message}, status=409)
        else:
            return redirect("surveys:public-thanks")
        form.data = form.data.copy()
        form.data["started"] = protection.form_started_stamp()
    response = render(request, "surveys/public/answer.html", {
        "wave": wave, "survey": wave.survey, "version": wave.survey_version, "form": form,
        "unit": unit})
    if new_key and token is None:
        protection.remember_browser(response, key)
    return response


@never_cache
def answer_by_token(request, token: str):
    try:
        invitation = services.invitation_for_token(token)
    except Conflict as error:
        return render(request, "surveys/public/closed.html", {"message": error.message},
                      status=410)
    return _answer_page(request, wave=invitation.wave, channel=SurveyChannel.AFTER_CASE,
                        unit=invitation.unit, token=token)


@never_cache
def answer_open(request, pk: int):
    """The open web survey; with `?via=<signed>` the counter QR code of a unit. A wave
    that is not open says when it ran and links the survey's current wave."""
    wave = selectors.public_wave(pk)
    today = timezone.localdate()
    if wave is None:
        raise NotFound(_("This survey is not open."))
    if not services.wave_is_open(wave, today):
        current = selectors.current_wave(wave.survey_id, today)
        return render(request, "surveys/public/closed.html", {
            "wave": wave, "upcoming": today < wave.starts_on,
            "current": current if current and current.pk != wave.pk else None},
            status=404 if today < wave.starts_on else 410)
    via = request.GET.get("via")
    if via:
        target = protection.counter_target(via)
        if target is None or target[0] != wave.pk:
            raise NotFound()
        unit = selectors.counter_unit(wave, target[1])
        return _answer_page(request, wave=wave, channel=SurveyChannel.COUNTER, unit=unit)
    return _answer_page(request, wave=wave, channel=SurveyChannel.WEB)


def thanks(request):
    return render(request, "surveys/public/thanks.html")


# ----- real-time ratings ---------------------------------------------------------------------

def _rating_page(request, *, unit, service_type, channel: str, template: str, done_url: str,
                 context: dict):
    form = RatingForm(request.POST or None, initial={"key": secrets.token_hex(16)})
    if request.method == "POST" and form.is_valid():
        try:
            if not protection.submission_allowed(client_ip(request)) and \
                    channel != SurveyChannel.TABLET:
                raise ValidationFailed(_("Too many ratings from your network; please try "
                                         "again later."), code="rate_limited")
            services.rating_submit(
                unit=unit, service_type=service_type, channel=channel,
                score=form.cleaned_data["score"], comment=form.cleaned_data["comment"],
                idempotency_key=form.cleaned_data["key"],
                contact_consent=form.cleaned_data["contact_consent"],
                contact_details=form.cleaned_data["contact_details"])
        except ValidationFailed as error:
            add_domain_error(form, error)
        else:
            return redirect(done_url)
    return render(request, template, {"form": form, "unit": unit, "service_type": service_type,
                                      **context})


@never_cache
def rate_service(request, organisation_code: str, service_code: str):
    """Rating after an online service; the receipt links here. `?unit=<code>` names the
    unit when it is not the service's responsible unit."""
    version = public_service(organisation_code=organisation_code, code=service_code,
                             on=timezone.localdate())
    unit = version.responsible_unit
    if request.GET.get("unit"):
        unit = selectors.rating_unit(version.service_type.organisation, request.GET["unit"])
        if unit is None:
            raise NotFound()
    done = reverse("surveys:public-rate-thanks")
    return _rating_page(request, unit=unit, service_type=version.service_type,
                        channel=SurveyChannel.ONLINE, template="surveys/public/rate.html",
                        done_url=done, context={"version": version})


@never_cache
def kiosk(request, token: str):
    """The counter tablet: big buttons, back to an empty form after each rating."""
    unit, service_type = selectors.kiosk_place(*(protection.kiosk_target(token) or (0, None)))
    if unit is None:
        raise NotFound()
    here = reverse("surveys:public-kiosk", args=[token])
    return _rating_page(request, unit=unit, service_type=service_type,
                        channel=SurveyChannel.TABLET, template="surveys/public/kiosk.html",
                        done_url=here + "?thanks=1",
                        context={"thanked": request.GET.get("thanks") == "1",
                                 "reset_url": here})


def rate_thanks(request):
    return render(request, "surveys/public/rate_thanks.html")

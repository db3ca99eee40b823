"""Get Started, accounts and the career record.

Views parse input, call one selector or service, and render. Sign-up, sign-in, password reset, email
verification and email change are django-allauth's (under /accounts/, configured in settings and
``careers.accounts``). Every page here but the Get Started landing requires a signed-in member, and
every record a view touches is looked up through the member's own rows, so a tampered id answers 404,
never someone else's data.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from careers import selectors, services
from careers.accounts.forms import SignupForm
from careers.forms import (
    CompareMetrosForm,
    DeleteAccountForm,
    FollowEmailsForm,
    FollowTrackForm,
    PositionForm,
    StrengthsForm,
    WhereForm,
)
from careers.plan import member_plan, member_record, skill_shortlist


def _continue_url(*, track) -> str:
    """Where Get Started carries on once the member is signed in (with the track they came from)."""
    return reverse("get_started") + (f"?{urlencode({'track': track.slug})}" if track else "")


def _login_url(*, track) -> str:
    """Sign in, then come back to Get Started (with the track the member came from)."""
    return f"{reverse('account_login')}?{urlencode({'next': _continue_url(track=track)})}"


# --------------------------------------------------------------------------------------------------
# Step 1: the account (sign-up, verification, sign-in and reset are django-allauth's: /accounts/)


@require_http_methods(["GET", "HEAD"])
def get_started(request):
    """The Get Started button lands here, carrying ``?track=<slug>`` from the track page.

    The sign-up form posts to allauth with ``next`` = this page with the track, so the track survives
    verification (allauth resumes ``next`` when the member confirms in the same browser).
    """
    slug = request.GET.get("track", "")
    track = selectors.published_track(slug=slug)
    if request.user.is_authenticated:
        if slug and track is None:  # step 2 explains that the link's track is unknown
            return redirect(f"{reverse('get_started_where')}?{urlencode({'track': slug[:80]})}")
        return redirect(selectors.resume_url(user=request.user, track=track))
    return render(
        request,
        "careers/get_started/landing.html",
        {
            "form": SignupForm(),
            "next_url": _continue_url(track=track),
            "track": track,
            "unknown_track": bool(slug) and track is None,
            "login_url": _login_url(track=track),
        },
    )


# --------------------------------------------------------------------------------------------------
# Steps 2 to 4


def _step_context(profile, current: int, **extra) -> dict:
    return {"steps": selectors.step_progress(profile), "current_step": current, **extra}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def where(request):
    catalogue = selectors.ladder_catalogue()
    metros = selectors.metro_options()
    profile = selectors.member_profile(user=request.user)
    slug = request.GET.get("track", "")
    known_slug = slug if slug in catalogue.slugs() else None
    form = WhereForm(
        request.POST or None,
        catalogue=catalogue,
        metro_options=metros,
        initial=WhereForm.initial_for(profile, track_slug=known_slug),
    )
    if request.method == "POST" and form.is_valid():
        services.profile_save_where(user=request.user, **form.cleaned_data)
        messages.success(request, "Saved. Next, your strengths.")
        return redirect("get_started_strengths")
    context = _step_context(profile, 2, form=form, unknown_track=bool(slug) and known_slug is None)
    return render(request, "careers/get_started/where.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def strengths(request):
    skills = skill_shortlist()
    profile = selectors.member_profile(user=request.user)
    initial = StrengthsForm.initial_for(skills, selectors.member_ratings(user=request.user))
    form = StrengthsForm(request.POST or None, skills=skills, initial=initial)
    if request.method == "POST" and skills and form.is_valid():
        services.skill_ratings_save(user=request.user, ratings=form.ratings())
        messages.success(request, "Saved. Here is your next move.")
        return redirect("get_started_next_move")
    return render(
        request, "careers/get_started/strengths.html", _step_context(profile, 3, form=form, skills=skills)
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def next_move(request):
    plan = member_plan(user=request.user)
    metros = selectors.metro_options()
    form = CompareMetrosForm(
        request.POST or None, metro_options=metros, initial=CompareMetrosForm.initial_for(plan.compare_metros)
    )
    if request.method == "POST" and plan.ready and form.is_valid():
        services.plan_save(user=request.user, compare_metros=form.metros())
        messages.success(request, "Your plan is saved to your career record.")
        return redirect("record")
    context = _step_context(plan.profile, 4, plan=plan, form=form)
    return render(request, "careers/get_started/next_move.html", context)


# --------------------------------------------------------------------------------------------------
# The career record


@login_required
def record(request):
    context = member_record(user=request.user)
    context["follow_form"] = FollowTrackForm(tracks=context["catalogue"].tracks)
    profile = context["profile"]
    context["follow_emails_form"] = FollowEmailsForm(
        initial={"follow_emails": bool(profile and profile.follow_emails)}
    )
    return render(request, "careers/record/record.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def position_add(request):
    catalogue = selectors.ladder_catalogue()
    form = PositionForm(request.POST or None, catalogue=catalogue)
    if request.method == "POST" and form.is_valid():
        services.position_create(user=request.user, **form.position_fields())
        messages.success(request, "Position added to your timeline.")
        return redirect(reverse("record") + "#timeline")
    return render(request, "careers/record/position_form.html", {"form": form, "position": None})


def _own_position(request, pk):
    position = selectors.member_position(user=request.user, pk=pk)
    if position is None:
        raise Http404("No such position in your record.")
    return position


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def position_edit(request, pk):
    position = _own_position(request, pk)
    catalogue = selectors.ladder_catalogue()
    form = PositionForm(request.POST or None, catalogue=catalogue, initial=PositionForm.initial_for(position))
    if request.method == "POST" and form.is_valid():
        services.position_update(position=position, **form.position_fields())
        messages.success(request, "Position updated.")
        return redirect(reverse("record") + "#timeline")
    return render(request, "careers/record/position_form.html", {"form": form, "position": position})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def position_delete(request, pk):
    position = _own_position(request, pk)
    if request.method == "POST":
        services.position_delete(position=position)
        messages.success(request, f"“{position.title}” removed from your timeline.")
        return redirect(reverse("record") + "#timeline")
    return render(request, "careers/record/position_confirm_delete.html", {"position": position})


@login_required
@require_POST
def track_follow(request):
    form = FollowTrackForm(request.POST, tracks=selectors.ladder_catalogue().tracks)
    if form.is_valid():
        services.track_follow(user=request.user, track=form.cleaned_data["track"])
        messages.success(request, f"You now follow {form.cleaned_data['track'].name}.")
    else:
        messages.error(request, "Choose a track from the list to follow it.")
    return redirect(reverse("record") + "#tracks")


@login_required
@require_POST
def track_unfollow(request, slug):
    track = selectors.published_track(slug=slug)
    if track is None:
        raise Http404("No such track.")
    services.track_unfollow(user=request.user, track=track)
    messages.success(request, f"You no longer follow {track.name}.")
    return redirect(reverse("record") + "#tracks")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def record_export(request):
    data = selectors.member_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="career-record.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(user=request.user)
        logout(request)
        return redirect("account_deleted")
    return render(request, "careers/record/account_delete.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD"])
def account_deleted(request):
    """Where deleting an account ends: a page that says it is done (the home page is public and shows
    no messages). It reads nothing of the deleted member, so anyone may see it."""
    return render(request, "careers/record/account_deleted.html")

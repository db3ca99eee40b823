"""Followed tracks: the digest email opt-in on /me/ and one-click unsubscribe from the email.

The unsubscribe address carries a signed token naming the member, so it works without signing in.
Opening it shows one button; a POST to it (the button, or a mail client acting on the message's
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` header, RFC 8058) unsubscribes. A GET never
changes anything, so a mail scanner following links can't unsubscribe anyone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from careers import selectors, services
from careers.forms import FollowEmailsForm


@login_required
@require_POST
def follow_emails(request):
    form = FollowEmailsForm(request.POST)
    form.is_valid()  # a missing box is "off"
    on = bool(form.cleaned_data.get("follow_emails"))
    services.follow_emails_set(user=request.user, on=on)
    if on:
        messages.success(request, "We'll email you when a new data release changes the tracks you follow.")
    else:
        messages.success(request, "You won't get emails about the tracks you follow any more.")
    return redirect(reverse("record") + "#tracks")


@never_cache
@csrf_exempt  # mail clients post here without a CSRF token; the signed token authenticates
@require_http_methods(["GET", "HEAD", "POST"])
def follow_unsubscribe(request, token):
    user = selectors.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "careers/record/unsubscribe_invalid.html", status=400)
    done = False
    if request.method == "POST":
        services.follow_emails_set(user=user, on=False)
        done = True
    return render(request, "careers/record/unsubscribe.html", {"email": user.email, "done": done})

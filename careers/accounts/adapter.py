"""Our allauth adapter.

- **Mail leaves the request.** ``send_mail`` renders the message here (allauth builds its links from
  the request) and queues it as a task that runs after the transaction commits
  (``careers.tasks.send_email``); the worker talks to the mail server, so no request waits for SMTP and
  a reset for a known address costs the same as one for an unknown address (which is mailed too).
- **The client address** comes from ``careers.accounts.clientip`` (X-Real-IP from a trusted proxy only).
- **Pre-registration takeover.** Anyone can sign up with someone else's address and a password of
  their own; the account stays unconfirmed and cannot sign in. When the address is first confirmed, the
  click proves who owns the mailbox, not who chose the password. If the click comes from the browser
  that signed up (allauth's pending sign-up is in this session), the person who chose the password is
  the person who owns the mailbox: allauth signs them in as usual. Otherwise the password is thrown
  away (``set_unusable_password``: every session of the account ends, since Django ties sessions to
  the password hash) and the owner is sent straight to "choose your password", signed in once they
  have. Nothing else can be chosen before confirmation: the Get Started track travels in ``next``,
  not in the account.
"""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import default_token_generator
from allauth.account.internal.constants import LoginStageKey
from allauth.account.models import EmailAddress
from allauth.account.stages import LoginStageController
from allauth.account.utils import user_pk_to_url_str
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django.http import HttpResponseRedirect
from django.urls import reverse

from careers import services
from careers.accounts.clientip import client_ip
from careers.tasks import enqueue_email_on_commit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        request = context.request
        ctx = {"request": request, "email": email, "site_name": "Career Tracks"}
        ctx.update(context_data)
        message = self.render_mail(template_prefix, email, ctx)
        enqueue_email_on_commit(message)

    def format_email_subject(self, subject: str) -> str:
        return subject

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    # --- The takeover guard -----------------------------------------------------------------------

    @staticmethod
    def _signed_up_in_this_browser(request, user) -> bool:
        stage = LoginStageController.enter(request, LoginStageKey.VERIFY_EMAIL.value)
        return bool(stage and stage.login.user and stage.login.user.pk == user.pk)

    def confirm_email(self, request, email_address: EmailAddress) -> bool:
        user = email_address.user
        first_confirmation = not EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
        proven_password = self._signed_up_in_this_browser(request, user)
        confirmed = super().confirm_email(request, email_address)
        if not confirmed:
            return False
        services.member_email_confirmed(user=user)
        if first_confirmation and not proven_password:
            services.member_discard_unproven_password(user=user)
            # Straight to "choose your password" (whatever ``next`` says): allauth's middleware answers
            # this response; the confirmation is saved already.
            raise ImmediateHttpResponse(HttpResponseRedirect(self._set_password_url(request, user)))
        return True

    @staticmethod
    def _set_password_url(request, user) -> str:
        url = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if next_url and url_is_local(next_url):
            url += "?" + urlencode({"next": next_url})
        return url


def url_is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url

"""django-axes for the admin sign-in only.

``AXES_ONLY_ADMIN_SITE`` makes axes *allow* every sign-in outside the admin, but its database handler
still recorded every failure and success it heard of, members' included: allauth's sign-in failures
arrive with no ``username`` (allauth's credentials say ``email``), so with ``username`` among
``AXES_LOCKOUT_PARAMETERS`` all of them were counted as one client, and past ``AXES_FAILURE_LIMIT``
every member's wrong password anywhere got axes' lockout page. Members' limits are allauth's
(``ACCOUNT_RATE_LIMITS``); this handler ignores every sign-in signal that is not for the admin.
"""

from axes.handlers.database import AxesDatabaseHandler


class AdminOnlyDatabaseHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_logged_out(sender, request, user, **kwargs)

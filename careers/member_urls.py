"""Get Started, accounts and the career record.

Names are global (no namespace) because settings refer to them: ``LOGIN_URL = "account_login"``,
``LOGIN_REDIRECT_URL = "record"``; allauth's views are named ``account_*``.
"""

from django.urls import include, path

from careers.views import following, members

urlpatterns = [
    # Get Started
    path("get-started/", members.get_started, name="get_started"),
    path("get-started/where/", members.where, name="get_started_where"),
    path("get-started/strengths/", members.strengths, name="get_started_strengths"),
    path("get-started/next-move/", members.next_move, name="get_started_next_move"),
    # Accounts: django-allauth (sign-up, verification, sign-in, reset, email change)
    path("accounts/", include("allauth.account.urls")),
    # The career record
    path("me/", members.record, name="record"),
    path("me/positions/add/", members.position_add, name="position_add"),
    path("me/positions/<int:pk>/edit/", members.position_edit, name="position_edit"),
    path("me/positions/<int:pk>/delete/", members.position_delete, name="position_delete"),
    path("me/tracks/follow/", members.track_follow, name="track_follow"),
    path("me/tracks/<slug:slug>/unfollow/", members.track_unfollow, name="track_unfollow"),
    path("me/tracks/emails/", following.follow_emails, name="follow_emails"),
    path("me/unsubscribe/<str:token>/", following.follow_unsubscribe, name="follow_unsubscribe"),
    path("me/export/", members.record_export, name="record_export"),
    path("me/delete/", members.account_delete, name="account_delete"),
    path("me/deleted/", members.account_deleted, name="account_deleted"),
]

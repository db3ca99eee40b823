"""Get Started, accounts and the career record.

Names are global (no namespace) because settings refer to them: ``LOGIN_URL = "login"``,
``LOGIN_REDIRECT_URL = "record"``; Django's auth views expect ``password_reset_done`` and friends.
"""

from django.urls import path

from careers.views import following, members

urlpatterns = [
    # Get Started
    path("get-started/", members.get_started, name="get_started"),
    path("get-started/where/", members.where, name="get_started_where"),
    path("get-started/strengths/", members.strengths, name="get_started_strengths"),
    path("get-started/next-move/", members.next_move, name="get_started_next_move"),
    # Accounts
    path("accounts/signup/", members.signup, name="signup"),
    path("accounts/signup/done/", members.signup_done, name="signup_done"),
    path("accounts/verify/resend/", members.resend_verification, name="resend_verification"),
    path("accounts/verify/<uidb64>/<token>/", members.verify_email, name="verify_email"),
    path("accounts/login/", members.login_view, name="login"),
    path("accounts/logout/", members.logout_view, name="logout"),
    path("accounts/password_reset/", members.password_reset, name="password_reset"),
    path("accounts/password_reset/done/", members.password_reset_done, name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", members.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/reset/done/", members.password_reset_complete, name="password_reset_complete"),
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
]

"""The development email backend prints what a person needs: headers and the decoded text, links whole."""

import io
import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from careers.mail import ReadableConsoleEmailBackend
from careers.models import User

PASSWORD = "Lantern-quarry-47"


def _printed(message) -> str:
    stream = io.StringIO()
    ReadableConsoleEmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


@pytest.mark.django_db
def test_the_confirmation_link_is_printed_whole_and_works(client, django_capture_on_commit_callbacks):
    # Sign up on the development server's address; allauth's mail is rendered in the request and sent
    # by the task (run at once in tests) when the request's transaction commits.
    host = {"HTTP_HOST": "127.0.0.1:8000"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "mo@example.org", "password1": PASSWORD, "password2": PASSWORD},
            **host,
        )
    assert response.status_code == 302
    printed = _printed(mail.outbox[-1])  # the message as sent, printed by the development backend
    url = re.search(r"^http://127\.0\.0\.1:8000/accounts/confirm-email/\S+$", printed, flags=re.M).group(0)
    assert len(url) > 76  # longer than a quoted-printable line: Django's console backend breaks it

    assert "To: mo@example.org" in printed
    assert "Subject: " in printed
    assert "=\n" not in printed and "=3D" not in printed and "Content-Transfer-Encoding" not in printed
    assert url in mail.outbox[-1].body.splitlines()  # on a line of its own, as sent
    # Copied from the console into the browser, the link confirms the address (a click: a POST).
    copied = url.removeprefix("http://127.0.0.1:8000")
    assert client.get(copied, **host).status_code == 200
    assert client.post(copied, **host).status_code == 302
    assert User.objects.get(email="mo@example.org").email_verified_at is not None


def test_non_ascii_text_is_decoded_and_html_parts_are_named_not_dumped():
    link = "https://careers.example.org/" + "a-very-long-path/" * 8 + "?token=" + "x" * 40
    message = EmailMultiAlternatives(
        "Résumé “tips”", f"Café prices — see:\n\n{link}\n", to=["zoë@example.org"]
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.extra_headers["List-Unsubscribe"] = "<https://careers.example.org/u/abc/>"
    printed = _printed(message)
    assert "Subject: Résumé “tips”" in printed
    assert "Café prices — see:" in printed
    assert link in printed.splitlines()
    assert "List-Unsubscribe: <https://careers.example.org/u/abc/>" in printed
    assert "[text/html part not shown]" in printed and "<p>HTML</p>" not in printed


def test_development_settings_use_the_readable_backend(monkeypatch):
    import importlib

    import careers.settings as project_settings

    monkeypatch.delenv("EMAIL_HOST", raising=False)
    try:
        assert importlib.reload(project_settings).MAILERS["default"]["BACKEND"] == (
            "careers.mail.ReadableConsoleEmailBackend"
        )
        monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
        assert importlib.reload(project_settings).MAILERS["default"]["BACKEND"] == (
            "django.core.mail.backends.smtp.EmailBackend"
        )
    finally:
        monkeypatch.delenv("EMAIL_HOST", raising=False)
        importlib.reload(project_settings)

"""allauth's forms with our labels and help (settings.ACCOUNT_FORMS); validation stays allauth's."""

from allauth.account import forms as allauth_forms
from django.contrib.auth.hashers import make_password


def _our_words(form, labels: dict, help_texts: dict | None = None) -> None:
    for name, label in labels.items():
        if name in form.fields:
            field = form.fields[name]
            field.label = label
            field.widget.attrs.pop("placeholder", None)
    for name, text in (help_texts or {}).items():
        if name in form.fields:
            form.fields[name].help_text = text


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(
            self,
            {"email": "Email address", "password1": "Password", "password2": "Password again"},
            {"email": "We send a link to this address to confirm it is yours."},
        )

    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs one password hash; a taken address costs the same, so the time a
            # sign-up takes never tells whether the address has an account.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(self, {"login": "Email address", "password": "Password"})
        self.fields["password"].help_text = ""


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(self, {"email": "Email address"})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(self, {"password1": "New password", "password2": "New password again"})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(
            self,
            {
                "oldpassword": "Current password",
                "password1": "New password",
                "password2": "New password again",
            },
        )


class ChangeEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _our_words(
            self,
            {"email": "New email address"},
            {"email": "We send a link there; your address changes once you open it."},
        )

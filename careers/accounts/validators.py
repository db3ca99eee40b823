from django.core.exceptions import ValidationError


class NotOnlyWhitespaceValidator:
    """Refuse a password made only of spaces (or other blanks): eight spaces pass the length check."""

    def validate(self, password, user=None):
        if password is not None and password.strip() == "":
            raise ValidationError(
                "Your password can't be only spaces. Use letters, numbers or symbols too.",
                code="password_only_whitespace",
            )

    def get_help_text(self):
        return "Your password can't be only spaces."

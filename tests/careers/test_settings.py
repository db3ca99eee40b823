import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_user_is_keyed_by_email():
    user = get_user_model().objects.create_user(email="Ana@Example.org", password="x" * 12)
    assert user.email == "ana@example.org"
    assert get_user_model().USERNAME_FIELD == "email"
    assert not user.is_staff

"""Get Started, accounts and the career record."""

urlpatterns = []

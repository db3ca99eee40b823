"""Accounts on django-allauth: our adapter (mail as tasks, client address, the takeover guard), forms
and validators. allauth's settings are in ``careers/settings.py``; our pages in ``templates/account/``."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from careers.models import User
from careers.ratelimit import ratelimit


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email_verified_at"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


# The admin sign-in gets the same per-client rate limit as the members' sign-in (careers.ratelimit).
# AdminSite.get_urls() routes "login/" to ``self.login``, so replacing the bound method on the default
# site before its URLs are built (admin modules load at startup, URLs on the first request) covers it.
admin.site.login = ratelimit("admin-login")(admin.site.login)

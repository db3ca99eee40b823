from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from careers.models import CareerProfile, FollowedTrack, Position, User


class _ReadOnlyInline(admin.TabularInline):
    """Members' records are theirs to change; staff may look (for support) but not edit or add."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CareerProfileInline(_ReadOnlyInline):
    model = CareerProfile
    # current_pay is private to the member: never shown here.
    fields = ["track", "role", "title", "metro", "years_experience", "where_saved_at", "plan_saved_at"]
    readonly_fields = fields


class PositionInline(_ReadOnlyInline):
    model = Position
    fields = ["title", "employer", "start_date", "end_date", "track", "role"]
    readonly_fields = fields


class FollowedTrackInline(_ReadOnlyInline):
    model = FollowedTrack
    fields = ["track", "followed_at"]
    readonly_fields = fields


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [CareerProfileInline, PositionInline, FollowedTrackInline]
    list_filter = ["is_staff", "is_active", ("email_verified_at", admin.EmptyFieldListFilter)]
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


# The admin sign-in is guarded by django-axes (settings: AXES_*), not wrapped here.

admin.site.site_header = "Career Tracks editorial desk"
admin.site.site_title = "Career Tracks admin"
admin.site.index_title = "Tracks, members and data"

from rest_framework.permissions import BasePermission


class IsEditor(BasePermission):
    """Suggestions are the desk's working material: editors only, reads included (the
    Editors group holds ``intake.change_suggestion``)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("intake.change_suggestion"))

from rest_framework.permissions import BasePermission


class CanChangeVerdicts(BasePermission):
    """Publishing or withdrawing changes a verdict, whatever the HTTP method says."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("claims.change_verdict"))

"""Sign-in lockouts (django-axes) written to the audit trail beside curators' actions: once
per lockout, not once per refused attempt while it lasts."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from codes.models import AuditEntry


@receiver(user_locked_out, dispatch_uid="codes-audit-lockout")
def audit_lockout(sender, request, username: str | None = None, ip_address=None, **kwargs):
    reason = (
        f"Sign-in locked for {str(username or '(no user name)')[:80]} from {ip_address} "
        "after repeated failed attempts."
    )
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.LOCKED_OUT, reason=reason)
    if not entries.filter(at__gte=since).exists():
        AuditEntry.objects.create(action=AuditEntry.Action.LOCKED_OUT, reason=reason)

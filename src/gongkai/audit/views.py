"""审计管理员's console: read the audit log (SEC-40)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.models import AuditRecord


@login_required
def audit_log(request):
    require_role(request.user, [Role.AUDIT_ADMIN])
    records = AuditRecord.objects.select_related("agency").order_by("-id")
    action = request.GET.get("action", "").strip()
    if action:
        records = records.filter(action__startswith=action)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "workspace/audit_log.html", {"page": page, "action": action})

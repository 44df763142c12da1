"""审计管理员's console: read the audit log (SEC-40)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.audit.models import AuditRecord
from gongkai.audit.services import audit_log_read


@login_required
def audit_log(request):
    action = request.GET.get("action", "").strip()[:64]
    audit_log_read(actor=request.user, action_filter=action)  # 审计管理员 only; recorded
    records = AuditRecord.objects.select_related("agency").order_by("-id")
    if action:
        records = records.filter(action__startswith=action)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "workspace/audit_log.html", {"page": page, "action": action})

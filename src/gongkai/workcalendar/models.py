"""Official holiday schedules entered by the 系统管理员 (国务院办公厅 notices).

They override the schedules shipped with the product and the `holidays`
package's estimate for their year (gongkai.rules.calendar).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidaySchedule(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    data = models.JSONField(_("schedule"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official holiday schedule")
        verbose_name_plural = _("official holiday schedules")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

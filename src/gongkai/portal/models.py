"""State of the public site: abuse counters (see gongkai.ratelimit)."""

from django.db import models


class RateCounter(models.Model):
    key = models.CharField(max_length=80)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_counter")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}={self.count}"

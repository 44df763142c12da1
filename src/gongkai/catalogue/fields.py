"""The model field for rich text (HTML shown on pages)."""

from __future__ import annotations

from django.db import models

from gongkai.catalogue import content


class SanitizedHTMLField(models.TextField):
    """HTML cleaned by :func:`gongkai.catalogue.content.sanitize` (the nh3 allow-list)
    each time the row is saved, whatever saves it. The write functions clean it too
    (and derive the plain text from the clean HTML); this also covers every other path
    (the admin, a shell, a future write function). ``QuerySet.update`` bypasses it, so
    no code writes rich text that way.

    Stored as a plain text column: migrations see a TextField."""

    def pre_save(self, model_instance, add):
        value = content.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs

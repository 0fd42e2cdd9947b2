from django.db import models


class TimestampedModel(models.Model):
    """Base for every row we keep: when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker answered the health task, per worker name.

    Staff see it on the admin index so that a stopped worker (no certificates, no reminders)
    is noticed in hours, not weeks.
    """

    name = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M}"

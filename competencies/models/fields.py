"""A list of choices stored as JSON: which age bands, leadership kinds or relationships a rule
names. Shown in the admin as tick boxes; portable between SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext


class ChoiceListField(models.JSONField):
    """A JSON list of distinct values from `choices`, kept in the order of the choices."""

    def __init__(self, *args, choice_list=(), **kwargs):
        self.choice_list = tuple(choice_list)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_list"] = self.choice_list
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def _ordered(self, value) -> list[str]:
        order = [v for v, _ in self.choice_list]
        return sorted(set(value), key=lambda v: order.index(v) if v in order else len(order))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(gettext("Choose from the list."), code="invalid")
        known = {v for v, _ in self.choice_list}
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValidationError(
                gettext("Unknown value: %(values)s."),
                code="invalid",
                params={"values": ", ".join(unknown)},
            )

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, list | tuple | set | frozenset):
            value = self._ordered(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choice_list,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )

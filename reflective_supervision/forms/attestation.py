"""The provider's form: confirm or dispute each session of an attestation request."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.forms import PortalFormMixin

from ..models import SupervisionSession as Session


class AttestationEmailForm(PortalFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Correct email address"),
        help_text=_("We send a new link there; the old link stops working."),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )


class AttestationAskForm(forms.Form):
    """The supervisee asks a provider: in which language we write to them (no account, so no
    language of their own). The page's language when nothing is chosen."""

    use_required_attribute = False
    # Each language named in itself, as in the header's chooser: the reader finds their own.
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, required=False, label=_("Language of the email")
    )


class AttestationForm(forms.Form):
    """The provider's answer for each session: confirm or dispute, with a comment."""

    use_required_attribute = False
    CHOICES = [(Session.Status.CONFIRMED, _("Confirm")), (Session.Status.DISPUTED, _("Dispute"))]

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = list(sessions)
        for s in self.sessions:
            when = {"day": formatting.day(s.date)}
            self.fields[f"answer_{s.pk}"] = forms.ChoiceField(
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                label=gettext("Your answer for the session on %(day)s") % when,
                error_messages={
                    "required": gettext(
                        "Say whether you confirm or dispute the session on %(day)s."
                    )
                    % when
                },
            )
            self.fields[f"comment_{s.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=gettext("Comment on the session on %(day)s (optional when you confirm)")
                % when,
            )

    def clean(self):
        data = super().clean()
        for s in self.sessions:
            if (
                data.get(f"answer_{s.pk}") == Session.Status.DISPUTED
                and not (data.get(f"comment_{s.pk}") or "").strip()
            ):
                self.add_error(
                    f"comment_{s.pk}",
                    gettext("Say what is wrong with the session on %(day)s.")
                    % {"day": formatting.day(s.date)},
                )
        return data

    def rows(self):
        """(session, answer field, comment field) for the template."""
        return [(s, self[f"answer_{s.pk}"], self[f"comment_{s.pk}"]) for s in self.sessions]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            s.pk: (
                self.cleaned_data[f"answer_{s.pk}"],
                self.cleaned_data.get(f"comment_{s.pk}", ""),
            )
            for s in self.sessions
        }

from django import forms
from django.utils.translation import gettext_lazy as _

NO_ANSWER = _("Please choose an answer before voting.")
NOT_AN_ANSWER = _("Please choose an answer of this poll.")
ONE_ONLY = _("This poll accepts only one answer.")


class VoteForm(forms.Form):
    """The answers of one poll: radio buttons, or checkboxes on a several-answers poll."""

    def __init__(self, poll, *args, **kwargs):
        kwargs.setdefault("auto_id", f"poll{poll.pk}-%s")
        super().__init__(*args, **kwargs)
        self.poll = poll
        choices = [(str(a.pk), a.text) for a in poll.answers.all()]
        messages = {"required": NO_ANSWER, "invalid_choice": NOT_AN_ANSWER, "invalid_list": NOT_AN_ANSWER}
        if poll.is_multiple:
            field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, error_messages=messages)
        else:
            field = forms.ChoiceField(widget=forms.RadioSelect, error_messages=messages)
        field.choices = choices
        field.label = poll.question
        self.fields["answer"] = field

    def clean(self):
        cleaned = super().clean()
        # A radio button sends one value; several mean a crafted request. Refuse it rather
        # than silently keep the last one.
        if self.is_bound and not self.poll.is_multiple and len(self.data.getlist(self.add_prefix("answer"))) > 1:
            raise forms.ValidationError(ONE_ONLY, code="one_only")
        return cleaned

    def answer_ids(self):
        value = self.cleaned_data["answer"]
        return [int(v) for v in (value if isinstance(value, list) else [value])]

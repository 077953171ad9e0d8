import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question, Topic

PHONE = re.compile(r"^(\+84|0)\d{9,10}$")


class QuestionForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the committee keeps my name, ward and contact details to answer my question, "
            "under Decree 13/2023/NĐ-CP on personal data protection. They are never published and are "
            "erased after the question is closed."
        ),
        error_messages={"required": _("Please agree to the processing of your personal data to send a question.")},
    )

    class Meta:
        model = Question
        fields = ["asker_name", "ward", "email", "phone", "topic", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].empty_label = _("Choose a topic")
        self.fields["text"].max_length = 4000
        for name, field in self.fields.items():
            field.error_messages.setdefault("required", _("This field is required."))
            field.widget.attrs.setdefault("id", f"id_{name}")
        self.fields["email"].error_messages["invalid"] = _("Enter a valid e-mail address.")
        self.fields["topic"].error_messages["invalid_choice"] = _("Choose a topic from the list.")

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data.get("phone", ""))
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a Vietnamese phone number, e.g. 0912 345 678."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            if "phone" not in self.errors:
                raise forms.ValidationError(_("Give an e-mail address or a phone number so that we can reply."))
        return cleaned

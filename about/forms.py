"""Forms of the editors' admin: rich text in CKEditor 5 as the news app configures it, images
checked by their content (news.forms.CheckedImageField)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from news.forms import CheckedImageField

from .models import RESERVED_SLUGS, EnglishPage, IntroPage, Leader


def rich_text():
    return CKEditor5Widget(config_name="default")


class IntroPageForm(forms.ModelForm):
    class Meta:
        model = IntroPage
        fields = ["title", "slug", "summary", "body", "image", "image_alt", "image_text", "order", "status"]
        widgets = {"body": rich_text(), "image_text": rich_text()}
        field_classes = {"image": CheckedImageField}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("This address belongs to another page of the introduction: choose another one."), code="reserved"
            )
        return slug

    def clean(self):
        cleaned_data = super().clean()
        has_image = cleaned_data.get("image") or (self.instance.image and cleaned_data.get("image") is not False)
        if has_image and not cleaned_data.get("image_alt"):
            self.add_error(
                "image_alt", forms.ValidationError(_("An image needs its alternative text."), code="required")
            )
        return cleaned_data


class LeaderForm(forms.ModelForm):
    class Meta:
        model = Leader
        fields = [
            "name",
            "title",
            "title_en",
            "group",
            "photo",
            "duties",
            "office_phone",
            "office_email",
            "order",
            "is_shown",
        ]
        widgets = {"duties": rich_text()}
        field_classes = {"photo": CheckedImageField}


class EnglishPageForm(forms.ModelForm):
    class Meta:
        model = EnglishPage
        fields = ["title", "intro", "address", "phone", "email", "is_published"]
        widgets = {"intro": rich_text()}

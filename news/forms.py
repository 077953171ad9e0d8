"""Forms of the editors' admin."""

import posixpath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from . import workflow
from .images import reencode, validate_image_file
from .models import Article, Photo, Section, SiteSettings
from .text import bare_source_unit


def checked_image(uploaded, max_side=2560):
    """`uploaded` verified by Pillow and re-encoded: EXIF orientation applied, metadata (GPS…) gone.

    Raises a ValidationError in Vietnamese for a file that is not an image, is too large,
    or has so many pixels that decoding it would exhaust the server (a decompression bomb).
    """
    validate_image_file(uploaded)
    try:
        content, ext = reencode(uploaded, max_side=max_side)
    except Exception as exc:  # Pillow accepted the header but cannot decode the data
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from exc
    stem = posixpath.splitext(posixpath.basename(uploaded.name or ""))[0][:80] or "anh"
    return SimpleUploadedFile(
        f"{stem}.{ext}", content.read(), content_type="image/png" if ext == "png" else "image/jpeg"
    )


class CheckedImageField(forms.ImageField):
    """An image upload checked by content (never by name), size and pixel count, then re-encoded."""

    max_side = 2560

    def to_python(self, data):
        uploaded = forms.FileField.to_python(self, data)
        if uploaded is None:
            return None
        # Our checks replace Django's: they name the problem (too large, too many pixels)
        # where Django's would only say the image is not valid.
        return checked_image(uploaded, self.max_side)


class ArticleAdminForm(forms.ModelForm):
    # Set by the button the editor pressed ("Submit for review", "Publish"…); never rendered as a field.
    transition = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(name, t.label) for name, t in workflow.TRANSITIONS.items()],
        widget=forms.HiddenInput,
    )

    # The user the form is for; ArticleAdmin.get_form() sets it on the form class it builds.
    user = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "section",
            "lead",
            "body",
            "cover_image",
            "cover_caption",
            "byline_kind",
            "source_unit",
            "published_at",
            "is_featured",
            "review_note",
        ]
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "lead": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "review_note": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }
        field_classes = {"cover_image": CheckedImageField}

    def clean_source_unit(self):
        # The article page prints the unit in parentheses: "(Ban Tuyên giáo Quận ủy)" typed
        # as such would show twice.
        return bare_source_unit(self.cleaned_data.get("source_unit"))

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("transition")
        if name:
            note = cleaned_data.get("review_note", self.instance.review_note)
            try:
                workflow.validate_transition(self.instance, name, self.user, note)
            except ValidationError as error:
                if hasattr(error, "error_dict") and not all(field in self.fields for field in error.error_dict):
                    error = ValidationError(error.messages)
                self.add_error(None, error)
        return cleaned_data


class PhotoInlineForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "credit", "order", "after_paragraph"]
        field_classes = {"image": CheckedImageField}
        widgets = {"after_paragraph": forms.NumberInput(attrs={"min": 0, "placeholder": _("automatic")})}


class SectionAdminForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = [
            "name",
            "slug",
            "parent",
            "description",
            "is_special_topic",
            "banner",
            "menu_order",
            "show_in_menu",
            "show_on_home",
            "is_active",
        ]
        field_classes = {"banner": CheckedImageField}


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = [
            "name",
            "short_name",
            "tagline",
            "logo",
            "banner",
            "address",
            "phone",
            "email",
            "footer_text",
            "default_source_unit",
        ]
        field_classes = {"logo": CheckedImageField, "banner": CheckedImageField}

    def clean_default_source_unit(self):
        # Stored bare, like an article's (ArticleAdminForm.clean_source_unit).
        unit = bare_source_unit(self.cleaned_data.get("default_source_unit"))
        if not unit:
            raise ValidationError(_("Type the unit's name; the page adds the parentheses."), code="required")
        return unit


class ImageUploadForm(forms.Form):
    """The image CKEditor 5 sends when an editor inserts a picture into the body."""

    upload = forms.FileField()

    def clean_upload(self):
        # Body images are shown at most 760 px wide (1520 px on dense screens).
        return checked_image(self.cleaned_data["upload"], max_side=1600)

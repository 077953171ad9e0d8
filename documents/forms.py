"""The editors' forms: files checked by content (files.py) before anything is stored, and what the
check learnt (size, pages, text) put on the document."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from news.text import vn_slugify

from . import files
from .models import Attachment, Document


class CheckedFileField(forms.FileField):
    """A file upload refused unless `check` accepts its content; the result rides on the file as `.checked`,
    and the file is renamed to the extension of what it really is."""

    def __init__(self, *args, check=files.check_pdf, **kwargs):
        self.check = check
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        uploaded.checked = self.check(uploaded)
        stem = vn_slugify(uploaded.name.rsplit(".", 1)[0], max_length=80) or "tep"
        uploaded.name = stem + files.extension(uploaded.checked)
        return uploaded


def new_upload(value):
    """The checked upload in a form's cleaned value, or None (no change, or cleared)."""
    return value if isinstance(value, UploadedFile) and hasattr(value, "checked") else None


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "number",
            "kind",
            "issuing_body",
            "signer",
            "issued_on",
            "in_force_on",
            "summary",
            "field",
            "status",
            "replaced_by",
            "file",
            "word_file",
            "slug",
            "is_published",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "cols": 80})}
        field_classes = {"file": CheckedFileField, "word_file": CheckedFileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "word_file" in self.fields:
            self.fields["word_file"].check = files.check_word

    def clean_file(self):
        uploaded = new_upload(self.cleaned_data.get("file"))
        if uploaded is not None:
            checked = uploaded.checked
            self.instance.file_size, self.instance.page_count, self.instance.text = (
                checked.size,
                checked.page_count,
                checked.text,
            )
        return self.cleaned_data.get("file")

    def clean_word_file(self):
        value = self.cleaned_data.get("word_file")
        uploaded = new_upload(value)
        if uploaded is not None:
            self.instance.word_file_size = uploaded.checked.size
        elif value is False:  # cleared
            self.instance.word_file_size = 0
        return value


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "order"]
        field_classes = {"file": CheckedFileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].check = files.check_attachment

    def clean_file(self):
        uploaded = new_upload(self.cleaned_data.get("file"))
        if uploaded is not None:
            self.instance.file_type, self.instance.file_size = uploaded.checked.file_type, uploaded.checked.size
        return self.cleaned_data.get("file")

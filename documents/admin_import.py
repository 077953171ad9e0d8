"""The admin page "Nhập sổ văn bản": an editor uploads the register (CSV or XLSX, checked by its
content) with the PDFs it names, tries it as a dry run, and reads the report of refused rows.
Only for those who may add documents; publishing at import only for those who publish."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .importer import MAX_IMPORT_MB, ImportFileError, UploadedPdfs, import_register


class MultiplePdfInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePdfField(forms.FileField):
    widget = MultiplePdfInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RegisterImportForm(forms.Form):
    register = forms.FileField(
        label=_("Register file (CSV or XLSX)"),
        help_text=_("First row: the register's headings (Số/ký hiệu, Loại văn bản, Cơ quan ban hành…)."),
    )
    pdfs = MultiplePdfField(
        label=_("PDF files"), required=False, help_text=_("The PDFs named in the “Tệp PDF” column.")
    )
    dry_run = forms.BooleanField(label=_("Dry run: check only, save nothing"), required=False, initial=True)
    publish = forms.BooleanField(label=_("Publish the imported documents"), required=False)

    def clean_register(self):
        upload = self.cleaned_data["register"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The register file is too large: at most %(max)d MB.") % {"max": MAX_IMPORT_MB}
            )
        upload.seek(0)
        return upload.read()


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    may_publish = request.user.has_perm("documents.publish_document")
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if not may_publish:
        del form.fields["publish"]
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_register(
                form.cleaned_data["register"],
                UploadedPdfs(form.cleaned_data["pdfs"]),
                dry_run=form.cleaned_data["dry_run"],
                publish=may_publish and form.cleaned_data.get("publish", False),
            )
        except ImportFileError as error:
            form.add_error("register", error)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import the documents register"),
        "form": form,
        "report": report,
    }
    return TemplateResponse(request, "admin/documents/document/import.html", context)

"""Versions in the newsroom (django-simple-history): each compared with the one before, and restored.

The base of every admin whose content editors change (articles, sections, the introduction's
pages…): importable from news.admin too.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay


class VersionDiffDisplay(ObjDiffDisplay):
    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return f"{prefix}[… {num_skipped_chars} {gettext('characters')} …]{suffix}"


class VersionContextHelper(HistoricalRecordContextHelper):
    def get_obj_diff_display(self):
        return VersionDiffDisplay(max_length=200)


class VersionedAdmin(SimpleHistoryAdmin):
    """History with compare (each version against the one before) and restore, in Vietnamese."""

    object_history_list_template = "admin/news/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return VersionContextHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history lets whoever may *view* an object post one of its versions back:
        # restoring is changing, so it needs the right to change the object as it stands now.
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        version = self.model.history.filter(id=current.pk, history_id=version_id).first()
        if version is None:
            raise Http404
        request.newsroom_restoring = version
        context = {**self.restore_context(version), **(extra_context or {})}
        return super().history_form_view(request, object_id, version_id, context)

    def restore_context(self, version):
        return {"version": version}

    def note_restore(self, request, obj):
        """Name the restore in the new version's reason; return the version restored, if any."""
        version = getattr(request, "newsroom_restoring", None)
        if version is not None:
            obj._change_reason = gettext("Restored the version of %(date)s") % {
                "date": date_format(timezone.localtime(version.history_date), "d/m/Y H:i")
            }
        return version

    def save_model(self, request, obj, form, change):
        self.note_restore(request, obj)
        super().save_model(request, obj, form, change)

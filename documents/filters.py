"""The register's filters, read from the address: they combine, and the page's links keep them.

Written as a small class rather than a Django form: the choices are read once for the page
(queries.vocabularies), and an unknown value is ignored (and said so), never an error page.
The parameter names are in settings.PORTAL_PAGE_CACHE_QUERY_PARAMS, so filtered pages are cached.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from .models import Document

# Address parameter of each filter.
KIND, BODY, YEAR, FIELD, STATUS = "loai", "co-quan", "nam", "linh-vuc", "tinh-trang"
STATUSES = {
    "con-hieu-luc": Document.Status.IN_FORCE,
    "het-hieu-luc": Document.Status.EXPIRED,
    "da-thay-the": Document.Status.REPLACED,
}
MAX_QUERY_LENGTH = 200


class RegisterFilters:
    def __init__(self, params, vocabularies, years):
        self.vocabularies, self.years = vocabularies, years
        self.q = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.values, self.ignored = {}, []
        for param, vocabulary in ((KIND, "kind"), (BODY, "body"), (FIELD, "field")):
            self._choose(params, param, {c.slug: c for c in vocabularies[vocabulary]})
        self._choose(params, YEAR, {str(year): year for year in years})
        self._choose(params, STATUS, STATUSES)

    def _choose(self, params, param, choices):
        value = params.get(param, "").strip()
        if value in choices:
            self.values[param] = choices[value]
        elif value:
            self.ignored.append(param)

    def apply(self, documents):
        lookups = {
            KIND: lambda c: {"kind_id": c.pk},
            BODY: lambda c: {"issuing_body_id": c.pk},
            FIELD: lambda c: {"field_id": c.pk},
            YEAR: lambda year: {"issued_on__year": year},
            STATUS: lambda status: {"status": status},
        }
        for param, value in self.values.items():
            documents = documents.filter(**lookups[param](value))
        return documents

    def selected(self, param):
        """The slug (or year, or status slug) chosen for `param`, for the form's selected option."""
        value = self.values.get(param)
        if value is None:
            return ""
        if param == STATUS:
            return next(slug for slug, status in STATUSES.items() if status == value)
        return str(value) if param == YEAR else value.slug

    def querystring(self):
        """The valid, non-empty parameters, for the pagination links."""
        params = [("q", self.q)] if self.q else []
        params += [(param, self.selected(param)) for param in (KIND, BODY, YEAR, FIELD, STATUS) if param in self.values]
        return urlencode(params)

    def selects(self):
        """The form's drop-downs: [(param, label, label of "all", [(value, name, selected)])]."""
        status_labels = dict(Document.Status.choices)
        options = {
            KIND: [(c.slug, c.name) for c in self.vocabularies["kind"]],
            BODY: [(c.slug, c.name) for c in self.vocabularies["body"]],
            YEAR: [(str(year), str(year)) for year in self.years],
            FIELD: [(c.slug, c.name) for c in self.vocabularies["field"]],
            STATUS: [(slug, status_labels[status]) for slug, status in STATUSES.items()],
        }
        labels = {
            KIND: (_("Kind"), _("All kinds")),
            BODY: (_("Issuing body"), _("All bodies")),
            YEAR: (_("Year"), _("All years")),
            FIELD: (_("Field"), _("All fields")),
            STATUS: (_("Validity status"), _("Any status")),
        }
        return [
            (param, *labels[param], [(value, name, value == self.selected(param)) for value, name in options[param]])
            for param in (KIND, BODY, YEAR, FIELD, STATUS)
        ]

    @property
    def active(self):
        return bool(self.q or self.values)

"""Static files storage for production: whitenoise's hashed and compressed files, with each
file's URL worked out once per process.

Every reader page links half a dozen static files; finding a hashed name in the manifest and
joining it to STATIC_URL took about 20 µs each time. The manifest cannot change while a
process runs (collectstatic comes before the restart), so neither can the URLs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found

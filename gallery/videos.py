"""Uploaded videos checked by their content with ffprobe, and a poster frame made with ffmpeg.

A video is accepted only when ffprobe reads it whole as MP4 (H.264/AV1 video, AAC/MP3/Opus audio)
or WebM (VP8/VP9/AV1, Vorbis/Opus): a renamed file, a truncated one or another codec is refused
before anything is stored.
"""

import json
import shutil
import subprocess
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

CONTAINERS = {
    "mp4": ({"h264", "av1"}, {"aac", "mp3", "opus"}),
    "webm": ({"vp8", "vp9", "av1"}, {"vorbis", "opus"}),
}
CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
PROBE_SECONDS = 30


def ffprobe_path():
    return shutil.which("ffprobe")


def ffmpeg_path():
    return shutil.which("ffmpeg")


def container_of(format_name):
    names = set(format_name.split(","))
    if "webm" in names:
        return "webm"
    if "mp4" in names or "mov" in names:
        return "mp4"
    return None


def _as_temporary_file(uploaded):
    """A path ffprobe can read: the upload's own temporary file, or a copy of it."""
    path = getattr(uploaded, "temporary_file_path", None)
    if path:
        return path(), None
    handle = tempfile.NamedTemporaryFile(suffix=".video")
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        handle.write(chunk)
    handle.flush()
    uploaded.seek(0)
    return handle.name, handle


def probe_video(uploaded, with_poster=False):
    """Return {"kind", "duration", "width", "height", "poster"} of a valid MP4 or WebM, or raise
    ValidationError. "poster" is a frame of it (a JPEG ContentFile) when asked and ffmpeg is here."""
    limit = settings.GALLERY_MAX_VIDEO_MB
    if uploaded.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The video is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(uploaded.size / 1024 / 1024, 1), "limit": limit},
        )
    ffprobe = ffprobe_path()
    if ffprobe is None:
        raise ValidationError(_("Videos cannot be checked on this server (ffprobe is missing)."), code="no_ffprobe")
    path, handle = _as_temporary_file(uploaded)
    try:
        result = subprocess.run(
            [ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", path],
            capture_output=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
        # Reading every packet finds a truncated file, which the header alone does not show.
        decoded = subprocess.run(
            [ffprobe, "-v", "error", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "json", path],
            capture_output=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
        found = read_probe(result, decoded)
        found["poster"] = poster_frame(path, found["duration"]) if with_poster else None
        return found
    except subprocess.TimeoutExpired as exc:
        raise ValidationError(_("The video could not be read in time."), code="timeout") from exc
    finally:
        if handle is not None:
            handle.close()


def read_probe(result, decoded):
    if result.returncode != 0 or decoded.returncode != 0 or decoded.stderr.strip():
        raise ValidationError(_("The file is not a whole MP4 or WebM video (it may be truncated)."), code="invalid")
    info = json.loads(result.stdout or "{}")
    kind = container_of(info.get("format", {}).get("format_name", ""))
    streams = info.get("streams", [])
    video = [s for s in streams if s.get("codec_type") == "video"]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if kind is None or not video:
        raise ValidationError(_("Only MP4 or WebM videos are accepted."), code="format")
    video_codecs, audio_codecs = CONTAINERS[kind]
    if video[0].get("codec_name") not in video_codecs or any(a.get("codec_name") not in audio_codecs for a in audio):
        raise ValidationError(
            _("This video's codec cannot be played by browsers: use MP4 (H.264, AAC) or WebM (VP9, Opus)."),
            code="codec",
        )
    duration = float(info.get("format", {}).get("duration") or video[0].get("duration") or 0)
    if duration <= 0:
        raise ValidationError(_("The file is not a whole MP4 or WebM video (it may be truncated)."), code="invalid")
    return {"kind": kind, "duration": duration, "width": video[0].get("width"), "height": video[0].get("height")}


def poster_frame(path, duration):
    """A JPEG of the frame a second in (or at the middle of a short video), or None without ffmpeg."""
    ffmpeg = ffmpeg_path()
    if ffmpeg is None:
        return None
    at = min(1.0, duration / 2)
    result = subprocess.run(
        [ffmpeg, "-v", "error", "-ss", f"{at:.2f}", "-i", path, "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "-"],
        capture_output=True,
        timeout=PROBE_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        return None
    return ContentFile(result.stdout)

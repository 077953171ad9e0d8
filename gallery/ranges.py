"""Byte ranges of a stored file (RFC 9110 §14): what makes a <video> seekable.

One range per request (browsers ask for one); a multi-range request gets the whole file (200).
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


class Unsatisfiable(Exception):
    pass


def parse_range(header, size):
    """(start, end) inclusive for a single "bytes=" range, None to send the whole file, or raise Unsatisfiable."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        raise Unsatisfiable
    first, last = match.groups()
    if first == "":
        suffix = int(last)
        if suffix == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise Unsatisfiable
    return start, end


def _chunks(handle, start, length):
    try:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def ranged_response(request, handle, size, content_type):
    """The file whole (200) or the asked range (206), Accept-Ranges always, 416 when out of bounds."""
    try:
        asked = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if asked is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = asked
        response = StreamingHttpResponse(_chunks(handle, start, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response

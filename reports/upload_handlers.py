"""Upload limits enforced while the request body streams in (README §3).

Django's own handlers would store a 2 GB file whole (on disk) before any form
could look at it. `LimitedUploadHandler` counts the bytes of each file as they
arrive and stops storing:

- a file once it passes the largest per-kind limit (videos, 100 MB): its
  temporary file is deleted at once and the rest of its bytes are dropped;
- a file that would take the files stored for the request past the total cap
  (all per-kind limits added up, plus a margin), so disk use per request stays
  under that cap. Refused files' bytes do not count: a huge video does not
  cost the documents sent after it their place.

How it reaches the user: in `request.FILES` such a file is a
`media.RefusedUpload` with no content, the byte count seen and the reason.
The report form passes every upload to `media.inspect_upload`, which turns it
into an error next to the field, e.g. “Video “x.mp4” quá lớn: mỗi video tối
đa 100 MB.” The other fields of the form are parsed as usual, so nothing else
the citizen typed is lost.

The rest of the body is still read from the connection (and dropped): cutting
the connection would leave the browser with a network error instead of the
form. The web server's body limit (nginx `client_max_body_size`, set a little
above MAX_TOTAL_BYTES) stops anything larger before it reaches Django.

Small requests (under FILE_UPLOAD_MAX_MEMORY_SIZE) stay with Django's memory
handler placed before this one: they cannot reach any limit.
"""

from django.core.files.uploadhandler import TemporaryFileUploadHandler

from reports.media import LIMITS, MB, RefusedUpload

# The largest file any kind accepts; `inspect_upload` applies each kind's own.
MAX_FILE_BYTES = max(limit.max_bytes for limit in LIMITS.values())
# Every attachment a report may carry at full size, plus room for a draft's
# resubmitted files being counted while old ones are removed.
MAX_TOTAL_BYTES = sum(limit.max_count * limit.max_bytes for limit in LIMITS.values()) + 10 * MB


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """TemporaryFileUploadHandler that stops storing past MAX_FILE_BYTES per
    file and MAX_TOTAL_BYTES per request (see the module docstring)."""

    # Class attributes so that tests can lower them.
    max_file_bytes = MAX_FILE_BYTES
    max_total_bytes = MAX_TOTAL_BYTES

    def __init__(self, request=None):
        super().__init__(request)
        self.stored_bytes = 0  # on disk for this request, all files together

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_bytes = 0  # received for this file, stored or not
        self.file_stored_bytes = 0
        self.refusal = None

    def receive_data_chunk(self, raw_data, start):
        self.file_bytes += len(raw_data)
        if self.refusal is None:
            if self.file_bytes > self.max_file_bytes:
                self._refuse(RefusedUpload.TOO_LARGE)
            elif self.stored_bytes + len(raw_data) > self.max_total_bytes:
                self._refuse(RefusedUpload.TOTAL)
            else:
                self.file.write(raw_data)
                self.file_stored_bytes += len(raw_data)
                self.stored_bytes += len(raw_data)
        # This handler is the last to store data: nothing is passed on.
        return None

    def file_complete(self, file_size):
        if self.refusal is None:
            return super().file_complete(file_size)
        return RefusedUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=self.file_bytes,
            reason=self.refusal,
            total_cap=self.max_total_bytes,
        )

    def _refuse(self, reason):
        self.refusal = reason
        # Closing the NamedTemporaryFile deletes it: the disk is freed now,
        # not when the request ends.
        self.file.close()
        self.stored_bytes -= self.file_stored_bytes

"""Attachments: files uploaded to a session for its messages to refer to."""

from __future__ import annotations

from .._call import Call, model, models, nothing, route
from .._call import content as raw_bytes
from .._operation import operation
from .._wire import body
from ..models import Attachment
from ._files import encode


class AttachmentRoutes:
    @operation("uploadAttachment")
    def upload_attachment(
        self, session_id: str, filename: str, content: bytes, *, mime_type: str | None = None, message_id: str | None = None
    ) -> Call[Attachment]:
        """Uploads a file (10 MiB at most) that a message can then refer to by its id."""
        fields = body(filename=filename, content=encode(content), mime_type=mime_type, message_id=message_id)
        return Call("POST", route("/api/sessions/{}/attachments", session_id), model(Attachment, "attachment"), json=fields)

    @operation("listAttachments")
    def list_attachments(self, session_id: str) -> Call[list[Attachment]]:
        """The session's attachments, oldest first."""
        return Call("GET", route("/api/sessions/{}/attachments", session_id), models(Attachment, "attachments"))

    @operation("downloadAttachment")
    def download_attachment(self, attachment_id: str) -> Call[bytes]:
        """An attachment's bytes."""
        return Call("GET", route("/api/attachments/{}", attachment_id), raw_bytes)

    @operation("deleteAttachment")
    def delete_attachment(self, attachment_id: str) -> Call[None]:
        """Deletes an attachment."""
        return Call("DELETE", route("/api/attachments/{}", attachment_id), nothing)


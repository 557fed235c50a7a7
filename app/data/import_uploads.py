"""An uploaded file kept on the server between its preview and the member's confirmation.

The preview page does not send the file back through the browser: the checked upload is kept
in a temporary file of the instance folder (`imports/`, readable by Debrief's account only),
named by the member's id and a random token, and the token is kept in the member's signed
session cookie. Confirming sends the token; it opens the file only when it is the token of
this session and this member, so neither another member nor a tampered form can import what
they did not upload. The file is deleted once imported or discarded, when the member uploads
another, and in any case an hour later.
"""

import os
import re
import secrets
import time
from dataclasses import dataclass
from hmac import compare_digest
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "data_import"
KEEP_SECONDS = 60 * 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
KINDS = ("json", "csv")


@dataclass(frozen=True)
class KeptUpload:
    """An upload waiting for its confirmation: what kind of file, its name, and its bytes."""

    token: str
    kind: str
    filename: str
    raw: bytes


def upload_folder() -> Path:
    """The folder of waiting uploads (IMPORT_FOLDER, else the instance folder's imports/)."""
    folder = Path(
        current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_path(owner_id: int, token: str, kind: str) -> Path:
    """Where the upload of this member and token is kept."""
    return upload_folder() / f"{int(owner_id)}-{token}.{kind}"


def remove_stale_uploads(now: float | None = None) -> None:
    """Delete the waiting uploads older than KEEP_SECONDS (of every member)."""
    limit = (now or time.time()) - KEEP_SECONDS
    for path in upload_folder().glob("*-*.*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            pass  # another request removed it first


def keep_upload(owner_id: int, kind: str, filename: str, raw: bytes) -> str:
    """Keep a checked upload for this member's session; returns its token."""
    remove_stale_uploads()
    forget_upload(owner_id)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(
        upload_path(owner_id, token, kind), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(raw)
    session[SESSION_KEY] = {"token": token, "kind": kind, "filename": filename[:200]}
    return token


def kept_upload(owner_id: int, token: str | None) -> KeptUpload | None:
    """The upload waiting under `token`, when it is this session's and still there; else None."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, dict) or not isinstance(token, str) or not TOKEN.match(token):
        return None
    if not compare_digest(str(held.get("token", "")), token) or held.get("kind") not in KINDS:
        return None
    try:
        raw = upload_path(owner_id, token, held["kind"]).read_bytes()
    except FileNotFoundError:
        return None
    return KeptUpload(token, held["kind"], str(held.get("filename", "")), raw)


def forget_upload(owner_id: int) -> None:
    """Delete this session's waiting upload, if any."""
    held = session.pop(SESSION_KEY, None)
    if (
        isinstance(held, dict)
        and TOKEN.match(str(held.get("token", "")))
        and held.get("kind") in KINDS
    ):
        upload_path(owner_id, held["token"], held["kind"]).unlink(missing_ok=True)

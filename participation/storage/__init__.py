"""Where uploaded files' bytes live: one small interface, with a local folder (the embedded
default) or an S3-compatible object store behind it, chosen by PARTICIPATION_STORAGE.

Nothing here decides what may be read: callers go through participation/uploads.py and the
app's permission-checked routes. The store is never made public (no public URLs, no ACLs).
"""

from flask import Flask, current_app

from participation.storage.base import Store, Stored, StoreFailed

__all__ = ["Store", "StoreFailed", "Stored", "current_store", "init_app", "make_store"]

EXTENSION = "participation_storage"


def make_store(app: Flask) -> Store:
    """The configured back end; refuses a setting that cannot work, in plain words."""
    kind = (app.config.get("STORAGE") or "local").lower()
    if kind == "local":
        from participation.storage.local import LocalStore

        return LocalStore(app.config["UPLOAD_FOLDER"])
    if kind == "s3":
        bucket = app.config.get("S3_BUCKET")
        if not bucket:
            raise RuntimeError(
                "PARTICIPATION_STORAGE is s3 but PARTICIPATION_S3_BUCKET is not set: "
                "set it to the (private) bucket that keeps drawings, photos, voice memos "
                "and PDFs, or set PARTICIPATION_STORAGE=local."
            )
        from participation.storage.s3 import S3Store

        return S3Store(bucket, app.config.get("S3_ENDPOINT_URL") or None)
    raise RuntimeError(f'PARTICIPATION_STORAGE must be "local" or "s3", not "{kind}".')


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_store(app)


def current_store() -> Store:
    return current_app.extensions[EXTENSION]

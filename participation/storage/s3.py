"""An S3-compatible object store (AWS S3, MinIO, Ceph, ...) through boto3.

Credentials and region come from the standard AWS settings (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, or an instance role). Objects are written
private (no ACL is ever set) and are only ever read back by the app, behind its permission
checks: the bucket needs no public access at all.
"""

from collections.abc import Iterator
from typing import BinaryIO, cast

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from participation.storage.base import Stored, StoreFailed

_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Store:
    page_size = 1000  # S3's own largest page of a listing

    def __init__(self, bucket: str, endpoint_url: str | None) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        # One client per process: boto3 clients are thread-safe. Short timeouts, so a store
        # that has gone away gives a plain "not saved" instead of a hung request.
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            config=Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
                s3={"addressing_style": "path"} if endpoint_url else None,
            ),
        )

    def put(self, name: str, data: bytes) -> None:
        try:
            # A PUT is all or nothing: no half-written object is ever visible.
            self.client.put_object(Bucket=self.bucket, Key=name, Body=data)
        except (BotoCoreError, ClientError) as error:
            raise StoreFailed(str(error)) from error

    def _get(self, name: str) -> dict:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(name) from error
            raise

    def read(self, name: str) -> bytes:
        return self._get(name)["Body"].read()

    def open(self, name: str) -> tuple[BinaryIO, int]:
        """A stream straight from the store: a large PDF is never held whole in memory."""
        got = self._get(name)
        return cast(BinaryIO, got["Body"]), int(got["ContentLength"])

    def exists(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=name)  # a missing name is fine

    def list(self) -> Iterator[Stored]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, PaginationConfig={"PageSize": self.page_size}
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield Stored(item["Key"], item["LastModified"].timestamp())

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"bucket {self.bucket}{where}"

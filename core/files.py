"""Writing files into a storage whole or not at all.

On a filesystem storage the bytes go to a temporary name in the target directory and are moved
into place (`os.replace`, atomic on one filesystem) only once all of them are written and
flushed to disk; on any error, a full disk above all, the temporary file is removed, so no
partial file is ever left under a real name, nor an orphan under a temporary one. A full or
failing disk is raised as `StorageFull`, which the error page turns into a plain message.
"""

from __future__ import annotations

import errno
import os
import tempfile

from django.core.files.base import ContentFile, File


class StorageFull(OSError):
    """The file could not be written (no space left, quota, or the disk failing)."""


NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


def store_atomically(storage, name: str, content, *, replace: bool = False) -> str:
    """Write `content` (bytes or a Django File) to `storage` under `name`, whole or not at all.

    `replace` overwrites an existing file of that name (a certificate re-rendered); otherwise
    a free name is chosen as `storage.save` would. Returns the name stored. Storages without
    local paths are written with their own `save` (object stores write whole objects).
    """
    if isinstance(content, bytes):
        content = ContentFile(content)
    elif not isinstance(content, File):
        content = File(content)
    try:
        path = storage.path(name)
    except NotImplementedError:
        if replace and storage.exists(name):
            storage.delete(name)
        return storage.save(name, content)
    if not replace:
        name = storage.get_available_name(name)
        path = storage.path(name)
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(content, "seek"):
                content.seek(0)
            for chunk in content.chunks():
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o640)
        if not replace and os.path.exists(path):
            raise FileExistsError(path)  # taken since get_available_name: never overwrite
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno in NO_SPACE:
            raise StorageFull(exc.errno, exc.strerror or "the file storage is full") from exc
        raise
    return name

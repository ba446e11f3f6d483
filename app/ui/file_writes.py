"""Writing a file the teacher chose without losing anything, and saying plainly why it failed.

Qt-free. Used by Save layout (app.ui.layout_save) and by every export (PNG, SVG, GIF, PDF, in the
window and `lambdascope export`). The rules:

- a symlink is written through: the file it points to changes, the link stays a link;
- a file with one name is replaced atomically (a complete temp file in the same folder, then
  os.replace), so a crash never leaves half a file;
- a file with several hard links is rewritten in place (replacing it would cut the other names
  off); its old content is first kept in a backup beside it, and put back if the write fails;
- every OSError becomes a `FileWriteError` whose message names the path and says what to do.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class FileWriteError(OSError):
    """An OSError whose `str()` is a sentence for a teacher: the path, what went wrong, what to do.

    `path` is the file that could not be written; `errno` is the underlying error's (or None).
    """

    def __init__(self, message: str, path: str | Path, code: int | None = None):
        super().__init__(code, message)
        self.message, self.path = message, Path(path)

    def __str__(self) -> str:
        return self.message


def explain(error: OSError, path: str | Path, doing: str = "write") -> str:
    """One sentence for `error` raised while trying to `doing` (e.g. "write") `path`."""
    path = Path(path)
    code = getattr(error, "errno", None)
    if isinstance(error, FileWriteError):
        return error.message
    if code == errno.ENOENT:
        if not path.parent.is_dir():
            return (f"Cannot {doing} {path}: the folder {path.parent} does not exist. "
                    "Create it, or choose a file in an existing folder.")
        return (f"Cannot {doing} {path}: the file is gone (deleted, renamed or on a disk that was "
                "removed). Choose where to save it again.")
    if code == errno.EISDIR:
        return (f"Cannot {doing} {path}: that is a folder, not a file. Give a file name inside it, "
                f"e.g. {path / ('slide' + (path.suffix or '.png'))}.")
    if code == errno.ENOTDIR:
        return f"Cannot {doing} {path}: part of that path is a file, not a folder. Choose another path."
    if code in (errno.EACCES, errno.EPERM):
        return (f"Cannot {doing} {path}: you are not allowed to change it (the file or its folder is "
                "read-only, locked or marked immutable). Change its permissions, or save to another file.")
    if code == errno.EROFS:
        return (f"Cannot {doing} {path}: it is on a read-only file system (a CD, a write-protected "
                "stick or a read-only share). Save to a file on a writable disk.")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"Cannot {doing} {path}: the disk is full. Free some space, or save to another disk."
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"Cannot {doing} {path}: {reason}. Choose another file or folder."


def as_write_error(error: OSError, path: str | Path, doing: str = "write") -> FileWriteError:
    """`error` as a FileWriteError with the sentence of `explain`."""
    if isinstance(error, FileWriteError):
        return error
    return FileWriteError(explain(error, path, doing), path, getattr(error, "errno", None))


def check_target(path: str | Path) -> Path:
    """Raise FileWriteError now if `path` obviously cannot be written (a folder, a missing folder,
    a folder we may not write); returns the path. Called before a long render so the teacher
    does not wait for nothing. The final write can still fail; it reports the same way."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    if real.is_dir():
        raise as_write_error(OSError(errno.EISDIR, "Is a directory"), path)
    if not real.parent.is_dir():
        missing = OSError(errno.ENOENT if not real.parent.exists() else errno.ENOTDIR, "No folder")
        raise as_write_error(missing, path)
    if not os.access(real.parent, os.W_OK) and not (real.exists() and os.access(real, os.W_OK)):
        raise as_write_error(OSError(errno.EACCES, "Permission denied"), path)
    return path


def write_bytes(path: str | Path, data: bytes, old: bytes | None = None) -> Path:
    """Write `data` into `path` keeping symlinks and hard links; returns the real file written.

    `old` is the file's current content when the caller already read it (used to restore a hard-
    linked file whose in-place write failed). Raises FileWriteError; on any failure the file
    holds its old content (or, only if even the restore failed, the message names the backup).
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        links = os.stat(real).st_nlink if real.exists() else 1
        if real.is_dir():
            raise OSError(errno.EISDIR, "Is a directory")
        if links > 1:
            _write_in_place(real, data, old)
        else:
            _replace_atomically(real, data)
    except OSError as error:
        raise as_write_error(error, path) from error
    return real


def _replace_atomically(real: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except PermissionError:
        # The folder is closed to new files but the file itself may still be writable.
        if real.exists():
            _write_in_place(real, data, None)
            return
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if real.exists():
            st = os.stat(real)
            os.chmod(tmp, st.st_mode & 0o7777)
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:  # only root may give a file away; the owner stays the writer then
                pass
        else:  # mkstemp makes 0600; a new file gets what open() would give it
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, real)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process's umask (read from /proc where it is, else set and put back at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_in_place(real: Path, data: bytes, old: bytes | None) -> None:
    """Rewrite a (hard-linked) file through its own inode; restore the old bytes on failure."""
    if old is None:
        old = real.read_bytes()
    backup = None
    try:  # a copy of the old content beside it, in case even the restore below fails
        fd, backup = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".backup", dir=real.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(old)
    except OSError:
        backup = None
    keep_backup = False
    try:
        with open(real, "r+b") as handle:
            try:
                handle.write(data)
                handle.truncate()
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as error:
                try:
                    handle.seek(0)
                    handle.write(old)
                    handle.truncate()
                    handle.flush()
                except OSError:
                    keep_backup = backup is not None
                    where = f" Its previous content is kept in {backup}." if backup else ""
                    raise FileWriteError(explain(error, real) + where, real, error.errno) from error
                raise
    finally:
        if backup and not keep_backup and os.path.exists(backup):
            os.unlink(backup)

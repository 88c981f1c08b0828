"""Bytes to text: BOMs, other encodings, NUL bytes and invisible characters; binary and huge files refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from crosscheck.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a news article is rarely over 100 kB
# What Windows editors and exporters write: a byte-order mark says the encoding outright.  UTF-32
# first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


# Stray NUL bytes in a text (a bad export) are stripped; a file that is this much NUL, or that does not
# decode once they are gone, is binary.
NUL_SHARE = 0.1
# Characters a reader cannot see that change what a line says or how it shows: zero-width spaces and
# joiners, the byte-order mark inside a text, and bidirectional overrides ("\u202e" reverses a line).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def decode(data: bytes, path: Path, warn: Callable[[str], None] | None = None) -> str:
    """A byte-order-marked UTF-8/16/32 text, UTF-8 without one, or a detected legacy encoding; a file
    that is mostly NUL bytes, or undecodable, is refused.  Invisible control characters are removed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _visible(data.decode(encoding))
            except UnicodeDecodeError:
                raise InputError(f"cannot decode {path}: marked {encoding}, but is not") from None
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > NUL_SHARE * len(data):
            raise InputError(f"binary file, not text: {path}")
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if nuls:  # NUL bytes and no text encoding: an image, an archive, a database
            raise InputError(f"binary file, not text: {path}") from None
    else:
        if nuls and warn is not None:
            warn(f"removed {nuls} NUL byte{'s' if nuls > 1 else ''} from {path}")
        return _visible(text)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # charset-normalizer always proposes *something*; a high chaos score means noise.
    if best is None or best.chaos > 0.2 or best.encoding is None:
        raise InputError(f"cannot decode {path}: not UTF-8 and no text encoding detected")
    return _visible(str(best))


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, warn: Callable[[str], None] | None = None) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file too large: {path} is {size / 1_048_576:.1f} MB (limit {max_bytes / 1_048_576:.1f} MB; "
                "use --max-bytes to raise it)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data, path, warn)

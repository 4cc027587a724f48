"""The server key: the one secret the gateway keeps outside its database, and what derives from it.

Source, in order: `GATEWAY_SECRET_KEY` (any string of at least 32 characters; every replica
needs the same one), else a key file `<GATEWAY_DATA_DIR>/secret.key` made on first use (mode
0600; laptops and the embedded database only: production refuses to start SSO or OpenID
Connect without `GATEWAY_SECRET_KEY`). A dump of the database never contains it, so a leaked
database can neither mint SSO tokens nor read OpenID client secrets.

- `derive(key, label, *parts)`: HMAC-SHA256 sub-keys (32 bytes), one per purpose and object.
- `encrypt` / `decrypt`: AES-256-GCM with a derived key; the associated data binds a value to
  the row it belongs to, so a ciphertext copied to another row does not decrypt.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.config import Settings

KEY_FILE = "secret.key"
MIN_KEY_LENGTH = 32
NONCE_BYTES = 12


class KeyUnavailable(RuntimeError):
    """No server key is configured where one is required (production)."""


def server_key(settings: Settings) -> bytes:
    """The 32-byte server key (see the module docstring for where it comes from)."""
    if settings.secret_key:
        if len(settings.secret_key) < MIN_KEY_LENGTH:
            raise KeyUnavailable(f"GATEWAY_SECRET_KEY needs at least {MIN_KEY_LENGTH} characters")
        return hashlib.sha256(settings.secret_key.encode("utf-8")).digest()
    if settings.production:
        raise KeyUnavailable("set GATEWAY_SECRET_KEY (the same on every replica)")
    return _key_file(settings.data_dir.resolve())


@functools.lru_cache(maxsize=8)
def _key_file(data_dir: Path) -> bytes:
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raw = path.read_text().strip()
    else:
        raw = secrets.token_hex(32)
        with os.fdopen(fd, "w") as out:
            out.write(raw + "\n")
    if len(raw) < MIN_KEY_LENGTH:
        raise KeyUnavailable(f"{path} holds no usable key; delete it to make a new one")
    return hashlib.sha256(raw.encode("utf-8")).digest()


def derive(key: bytes, label: str, *parts: bytes | str) -> bytes:
    """A 32-byte sub-key for one purpose (`label`) and object (`parts`)."""
    message = label.encode("utf-8")
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        message += b"\x00" + len(raw).to_bytes(4, "big") + raw
    return hmac.new(key, message, hashlib.sha256).digest()


def encrypt(key: bytes, label: str, plaintext: str, bound_to: str) -> bytes:
    """nonce || AES-256-GCM(plaintext), bound to `bound_to` (e.g. the row's id)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(derive(key, label)).encrypt(
        nonce, plaintext.encode("utf-8"), bound_to.encode("utf-8")
    )
    return nonce + sealed


def decrypt(key: bytes, label: str, blob: bytes, bound_to: str) -> str | None:
    """The plaintext, or None when the key, the label or the row does not match."""
    try:
        plain = AESGCM(derive(key, label)).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], bound_to.encode("utf-8")
        )
    except (InvalidTag, ValueError):
        return None
    return plain.decode("utf-8")

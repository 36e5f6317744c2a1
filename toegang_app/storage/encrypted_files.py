"""Small JSON documents encrypted at rest (the drafts), with AES-256-GCM from ``cryptography``.

File layout: the line ``TOEGANG-VERSLEUTELD-1`` (newline), a 12-byte random nonce, then the
AES-GCM ciphertext with its 16-byte tag; the first line is the associated data, so a changed header
or a single flipped bit makes the file unreadable instead of wrong. A file copied to another PC or
another user's account cannot be read there: the key stays in this account's credential store.
Files are written atomically and ``0600`` (``private_files.write_private_bytes``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from toegang_app.private_files import write_private_bytes

HEADER = b"TOEGANG-VERSLEUTELD-1\n"
NONCE_BYTES = 12


class Unreadable(ValueError):
    """Not decryptable with this key (copied from elsewhere, damaged, or another key)."""


def encrypt_json(key: bytes, data: Any) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return HEADER + nonce + AESGCM(key).encrypt(nonce, plain, HEADER)


def decrypt_json(key: bytes, blob: bytes) -> Any:
    if not blob.startswith(HEADER) or len(blob) < len(HEADER) + NONCE_BYTES + 16:
        raise Unreadable("not an encrypted Toegang file")
    nonce = blob[len(HEADER):len(HEADER) + NONCE_BYTES]
    try:
        plain = AESGCM(key).decrypt(nonce, blob[len(HEADER) + NONCE_BYTES:], HEADER)
    except InvalidTag as exc:
        raise Unreadable("wrong key or damaged file") from exc
    return json.loads(plain.decode("utf-8"))


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(HEADER)


def write_encrypted_json(path: Path, key: bytes, data: Any) -> None:
    write_private_bytes(path, encrypt_json(key, data))


def read_encrypted_json(path: Path, key: bytes) -> Any:
    return decrypt_json(key, path.read_bytes())

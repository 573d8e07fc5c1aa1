"""Signing and the response cipher of BPJS Antrean RS.

signature = base64(HMAC-SHA256(secret, "{consid}&{timestamp}"))
response  = base64(AES-256-CBC(key=SHA256(consid+secret+timestamp), iv=key[:16],
                               PKCS#7(LZString.compressToEncodedURIComponent(json))))
The timestamp is the X-timestamp sent with the same request, never a new one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import struct
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lzstring import LZString

_BLOCK = 16


class DecryptError(ValueError):
    """The ``response`` field could not be turned back into JSON (never carries a key)."""


def hmac_sha256_b64(message: str, key: str) -> str:
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign(cons_id: str, secret_key: str, timestamp: str) -> str:
    """The X-signature header value."""
    return hmac_sha256_b64(f"{cons_id}&{timestamp}", secret_key)


def derive_key(cons_id: str, secret_key: str, timestamp: str) -> bytes:
    """32-byte AES key; the IV is its first 16 bytes."""
    return hashlib.sha256(f"{cons_id}{secret_key}{timestamp}".encode()).digest()


def _cipher(key: bytes) -> Cipher:
    return Cipher(algorithms.AES(key), modes.CBC(key[:_BLOCK]))


def aes_encrypt(plain: bytes, key: bytes) -> str:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = _cipher(key).encryptor()
    return base64.b64encode(enc.update(padded) + enc.finalize()).decode("ascii")


def aes_decrypt(text: str, key: bytes) -> bytes:
    """Base64 -> AES-256-CBC -> PKCS#7 removed."""
    compact = "".join(text.split())
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptError("response is not valid base64") from None
    if not raw or len(raw) % _BLOCK:
        raise DecryptError(f"ciphertext length {len(raw)} is not a multiple of {_BLOCK}")
    dec = _cipher(key).decryptor()
    padded = dec.update(raw) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise DecryptError("bad PKCS#7 padding (wrong key or timestamp?)") from None


def _to_utf16_units(text: str) -> str:
    """Split characters outside the BMP into surrogate pairs, as JavaScript strings hold them."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(map(chr, struct.unpack(f"<{len(data) // 2}H", data)))


def _join_surrogates(text: str) -> str:
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def lz_compress(text: str) -> str:
    """LZString.compressToEncodedURIComponent, byte-identical to lz-string 1.5.0 (JS)."""
    return LZString.compressToEncodedURIComponent(_to_utf16_units(text))


def lz_decompress(text: str) -> str:
    """LZString.decompressFromEncodedURIComponent with surrogate pairs re-joined."""
    try:
        result = LZString.decompressFromEncodedURIComponent(text)
    except Exception as exc:  # the package raises KeyError/IndexError/... on garbage
        raise DecryptError(f"LZString data is corrupt ({type(exc).__name__})") from None
    if result is None:
        raise DecryptError("LZString data is empty or corrupt")
    return _join_surrogates(result)


def encrypt_response(value: Any, cons_id: str, secret_key: str, timestamp: str) -> str:
    """Encrypt a JSON value the way BPJS does (used by the simulator and tests)."""
    plain = lz_compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return aes_encrypt(plain.encode("ascii"), derive_key(cons_id, secret_key, timestamp))


def decrypt_response(text: str, cons_id: str, secret_key: str, timestamp: str) -> Any:
    """Decrypt a ``response`` string into its JSON value; DecryptError says why not."""
    plain = aes_decrypt(text, derive_key(cons_id, secret_key, timestamp))
    try:
        compressed = plain.decode("ascii")
    except UnicodeDecodeError:
        raise DecryptError("decrypted bytes are not LZString text (wrong key?)") from None
    decoded = lz_decompress(compressed)
    if not decoded.strip():
        raise DecryptError("decrypted response is empty")
    try:
        return json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise DecryptError(f"decrypted response is not JSON ({exc.msg} at {exc.pos})") from None

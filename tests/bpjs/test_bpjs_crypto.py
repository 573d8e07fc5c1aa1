"""The reference vectors (JS lz-string 1.5.0 + Node crypto) and the decryption failure modes."""

from __future__ import annotations

import base64
import json

import pytest

from antrean_desktop.bpjs import crypto
from antrean_desktop.bpjs.envelope import parse_body


def test_bpjs_trustmark_signature_example(vectors) -> None:
    example = vectors["signature"][0]
    assert crypto.hmac_sha256_b64(example["message"], example["key"]) == example["signature"]


def test_signature_vectors(vectors) -> None:
    rows = [v for v in vectors["signature"] if "consid" in v]
    assert len(rows) >= 2
    for row in rows:
        assert crypto.sign(row["consid"], row["secret"], row["timestamp"]) == row["signature"]


def test_lzstring_decompress_vectors(vectors) -> None:
    assert len(vectors["lzstring"]) >= 6
    for row in vectors["lzstring"]:
        assert crypto.lz_decompress(row["encoded_uri_component"]) == row["plain"]


def test_lzstring_compress_vectors(vectors) -> None:
    for row in vectors["lzstring"]:
        assert crypto.lz_compress(row["plain"]) == row["encoded_uri_component"]


def test_emoji_vector_is_rejoined_not_left_as_surrogates(vectors) -> None:
    row = next(r for r in vectors["lzstring"] if "emoji" in r["plain"])
    text = crypto.lz_decompress(row["encoded_uri_component"])
    assert "\U0001f600" in text
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    assert json.loads(text)["emoji"] == "pasien \U0001f600 senang"


def test_accented_vector(vectors) -> None:
    row = next(r for r in vectors["lzstring"] if "Ñ" in r["plain"])
    assert json.loads(crypto.lz_decompress(row["encoded_uri_component"]))["catatan"].startswith(
        "Ñ é"
    )


def test_response_vectors_decrypt(vectors) -> None:
    assert vectors["response"]
    for row in vectors["response"]:
        value = crypto.decrypt_response(
            row["response"], row["consid"], row["secret"], row["timestamp"]
        )
        assert value == row["decrypted_json"]


def test_response_vectors_encrypt_byte_identical(vectors) -> None:
    for row in vectors["response"]:
        text = crypto.encrypt_response(
            row["decrypted_json"], row["consid"], row["secret"], row["timestamp"]
        )
        assert text == row["response"]


def test_response_vector_needs_its_own_timestamp(vectors) -> None:
    row = vectors["response"][1]
    later = str(int(row["timestamp"]) + 1)
    with pytest.raises(crypto.DecryptError):
        crypto.decrypt_response(row["response"], row["consid"], row["secret"], later)


def test_round_trip_with_non_bmp_and_accents() -> None:
    value = [{"nama": "Ñoman 😀 é", "list": list(range(50))}]
    text = crypto.encrypt_response(value, "1", "s", "1700000000")
    assert crypto.decrypt_response(text, "1", "s", "1700000000") == value


def test_key_is_sha256_of_concatenation_and_iv_its_prefix() -> None:
    import hashlib

    key = crypto.derive_key("1234", "pwd", "433223232")
    assert key == hashlib.sha256(b"1234pwd433223232").digest()
    assert len(key) == 32


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("%%not-base64%%", "base64"),
        (base64.b64encode(b"short").decode(), "multiple of 16"),
        (base64.b64encode(bytes(range(32))).decode(), "padding"),
    ],
)
def test_decrypt_errors_say_why(text: str, why: str) -> None:
    with pytest.raises(crypto.DecryptError, match=why):
        crypto.decrypt_response(text, "1234", "pwd", "433223232")


def test_pkcs7_is_removed_and_lz_garbage_is_an_error() -> None:
    key = crypto.derive_key("1", "s", "2")
    assert crypto.aes_decrypt(crypto.aes_encrypt(b"abc", key), key) == b"abc"
    garbage = crypto.aes_encrypt(b"!!!!", key)
    with pytest.raises(crypto.DecryptError, match="LZString"):
        crypto.decrypt_response(garbage, "1", "s", "2")


def test_empty_plain_text_is_an_error_not_a_crash() -> None:
    key = crypto.derive_key("1", "s", "2")
    with pytest.raises(crypto.DecryptError, match="empty"):
        crypto.decrypt_response(crypto.aes_encrypt(b"Q", key), "1", "s", "2")


@pytest.mark.parametrize(
    ("body", "status", "code", "fragment"),
    [
        (b'{"metadata":{"code":200,"message":"Ok"}}', 200, 200, "Ok"),
        (b'{"metaData":{"code":"201","message":"Gagal"}}', 200, 201, "Gagal"),
        (b"", 200, None, "empty body"),
        (b"   \n", 200, None, "empty body"),
        (b"<html><title>502 Bad Gateway</title></html>", 502, None, "502 Bad Gateway"),
        (b'{"metadata":{"code":200,"mess', 200, None, "cut-off"),
        (b"Authentication failed", 200, None, "Authentication failed"),
        (b'{"foo": 1}', 200, None, "without metadata"),
        (b'{"metadata":{"code":"x","message":"m"}}', 200, None, "numeric code"),
        (b"\xff\xfe\x00garbage", 200, None, "garbage"),
    ],
)
def test_parse_body(body: bytes, status: int, code, fragment: str) -> None:
    envelope = parse_body(body, status)
    assert envelope.code == code
    assert fragment in envelope.message

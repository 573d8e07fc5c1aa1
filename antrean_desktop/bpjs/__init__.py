"""The BPJS Antrean RS client: signing, envelope, decryption, endpoints."""

from antrean_desktop.bpjs.client import BpjsClient, BpjsResult
from antrean_desktop.domain.bpjs_answers import Outcome

__all__ = ["BpjsClient", "BpjsResult", "Outcome"]

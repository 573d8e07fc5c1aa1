"""Antrean Desktop: reports SIMRS Khanza outpatient queue times to BPJS Antrean RS."""

__version__ = "0.1.0"

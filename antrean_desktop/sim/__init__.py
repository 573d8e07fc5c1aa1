"""Simulators of the outside systems, for tests and demos."""

from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.sim.faults import FaultKind

__all__ = ["BpjsSimulator", "FaultKind"]

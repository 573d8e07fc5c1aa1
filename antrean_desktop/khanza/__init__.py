"""Reading Khanza: the reader (connections) and one module of SQL per task-time profile."""

from antrean_desktop.khanza.reader import KhanzaError, KhanzaReader, KhanzaVisit, TaskTime

__all__ = ["KhanzaError", "KhanzaReader", "KhanzaVisit", "TaskTime"]

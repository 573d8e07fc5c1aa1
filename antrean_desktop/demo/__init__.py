"""The embedded demo hospital (``antrean-desktop --demo``)."""

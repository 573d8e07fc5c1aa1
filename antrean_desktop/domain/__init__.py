"""Pure domain logic: no I/O, no Qt, no imports from the rest of the project."""

"""A sentence the program says to a person, in Bahasa Indonesia and English.

The stored reasons have :mod:`reasons` (a code kept in the store, rendered when shown); the words
of a command's output or of an error that is printed at once are a :class:`Text` constant kept
next to the code that says it (``cli/words.py`` for the command line), so each sentence is
written in one place and both languages stay side by side. English is what the log gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class Text:
    """One sentence: ``indonesian`` and ``english`` are ``str.format`` templates."""

    indonesian: str
    english: str

    def __call__(self, language: str, /, **values: Any) -> str:
        """The sentence in ``language`` ("id" or "en"); a value that is a :class:`Text`, a
        :class:`Bound` one or a :class:`Said` error is said in the same language."""
        template = self.english if language == "en" else self.indonesian
        return template.format(**{k: _said(v, language) for k, v in values.items()})

    def bind(self, **values: Any) -> Bound:
        """This sentence with its values, to be said later in a language not known yet."""
        return Bound(self, values)


@dataclass(frozen=True)
class Bound:
    words: Text
    values: dict[str, Any]

    def __call__(self, language: str, /) -> str:
        return self.words(language, **self.values)


class Said(Exception):
    """An error whose message is a :class:`Text`: ``str()`` (and so the log) is English,
    :meth:`text` the words in the user's language."""

    def __init__(self, words: Text, /, **values: Any) -> None:
        super().__init__(words("en", **values))
        self.words = words
        self.values = values

    def text(self, language: str) -> str:
        return self.words(language, **self.values)


def _said(value: Any, language: str) -> Any:
    if isinstance(value, Text | Bound):
        return value(language)
    if isinstance(value, Said):
        return value.text(language)
    return value

"""Text Polku once stored already translated, found again in whichever language it was."""

from django.conf import settings
from django.utils import translation


def in_every_language(message: str) -> set[str]:
    """The message (an English msgid) and its translation into each of Polku's languages:
    what a text stored by an earlier version may read, whoever's language it was stored in."""
    texts = {message}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(translation.gettext(message))
    return texts

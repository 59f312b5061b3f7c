"""Choosing bank text (skill names, bank titles) for a reader's language (schema 1.1)."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["translated"]


def translated(default: str, translations: Mapping[str, str] | None, locale: str | None) -> str:
    """The text for ``locale`` from per-language ``translations``, else ``default``.

    Language tags match case-insensitively, first exactly, then on the primary language
    (``"ko-KR"`` finds ``"ko"`` and ``"ko"`` finds ``"ko-KR"``).

    Parameters
    ----------
    default : str
        The text in the bank's own language.
    translations : mapping of str to str, optional
        Text by BCP 47 language tag (schema 1.1 ``names`` / ``titles``).
    locale : str, optional
        The reader's language tag; None gives ``default``.

    Returns
    -------
    str

    Examples
    --------
    >>> translated("Addition", {"ko": "덧셈"}, "ko-KR"), translated("Addition", None, "ko")
    ('덧셈', 'Addition')
    """
    if not translations or not locale:
        return default
    wanted = locale.replace("_", "-").lower()
    by_tag = {tag.lower(): text for tag, text in translations.items()}
    if wanted in by_tag:
        return by_tag[wanted]
    primary = wanted.split("-")[0]
    for tag, text in by_tag.items():
        if tag.split("-")[0] == primary:
            return text
    return default

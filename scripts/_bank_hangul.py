"""Hangul checks for the Korean reading bank: keys re-derived from ``ko.*`` tags.

A Hangul syllable is ``0xAC00 + (initial * 21 + vowel) * 28 + final``, so the builder takes
syllables apart (and puts letters together) by arithmetic and checks the keys that follow
from a word's letters:

=============================  ============================================================
``ko.initial:나무``             the key is the first syllable's initial consonant
``ko.final:닭``                 the key is the (last) syllable's final consonant (``ㄺ``)
``ko.compose:ㄷ+ㅏ+ㄹ``          the key is the syllable built from the letters (``/``
                               separates syllables: ``ㄴ+ㅏ/ㅂ+ㅣ`` gives ``나비``)
``ko.decompose:곰``             the key lists the syllable's letters: ``ㄱ, ㅗ, ㅁ``
``ko.syllables:할머니``          the numeric key is the number of syllables
``ko.jamo_count:토끼``           the numeric key is the number of letters (ㄲ counts once)
``ko.only_<property>``         the key, and no other option, has the property: ``vowel``
                               (a vowel letter), ``tense`` (ㄲ ㄸ ㅃ ㅆ ㅉ), ``final`` /
                               ``no_final`` (some / no syllable has a final), ``cluster``
                               (a double final such as ㄺ), ``twin`` (final ㄲ or ㅆ)
``ko.final_is:ㄹ``              only the key ends in that final consonant
``ko.has_vowel:ㅑ``             only the key contains a syllable with that vowel
``ko.same_initial:기린``         only the key starts with the same initial consonant
``ko.vowel_below``, ``_right``  only the key's vowel is written below / right of the initial
=============================  ============================================================

Pronunciation keys (``ko.pron:``) are re-derived independently by the tests
(``tests/korean_reference.py``), not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
CLUSTERS = set("ㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄ")
TWINS = set("ㄲㅆ")
TENSE = set("ㄲㄸㅃㅆㅉ")
BELOW = set("ㅗㅛㅜㅠㅡ")
RIGHT = set("ㅏㅐㅑㅒㅓㅔㅕㅖㅣ")


def letters(syllable: str) -> tuple[str, str, str]:
    """(initial, vowel, final) of a Hangul syllable; raises ValueError for anything else."""
    code = ord(syllable) - 0xAC00
    if len(syllable) != 1 or not 0 <= code < 11172:
        raise ValueError(f"{syllable!r} is not a Hangul syllable")
    return INITIALS[code // 588], VOWELS[code // 28 % 21], FINALS[code % 28]


def build(initial: str, vowel: str, final: str = "") -> str:
    index = (INITIALS.index(initial) * 21 + VOWELS.index(vowel)) * 28 + FINALS.index(final)
    return chr(0xAC00 + index)


def _syllables(word: str) -> list[tuple[str, str, str]]:
    """The letters of each syllable of a word (spaces skipped; anything else is refused)."""
    return [letters(ch) for ch in word if ch != " "]


def _predicate(name: str, arg: str) -> Callable[[str], bool] | None:
    """The property a ``ko.only_*`` / ``ko.final_is`` ... tag asks of an option text."""
    props: dict[str, Callable[[str], bool]] = {
        "ko.only_vowel": lambda t: t in VOWELS,
        "ko.only_tense": lambda t: t in TENSE,
        "ko.only_final": lambda t: any(s[2] for s in _syllables(t)),
        "ko.only_no_final": lambda t: not any(s[2] for s in _syllables(t)),
        "ko.only_cluster": lambda t: any(s[2] in CLUSTERS for s in _syllables(t)),
        "ko.only_twin": lambda t: any(s[2] in TWINS for s in _syllables(t)),
        "ko.final_is": lambda t: _syllables(t)[-1][2] == arg,
        "ko.has_vowel": lambda t: any(s[1] == arg for s in _syllables(t)),
        "ko.same_initial": lambda t: _syllables(t)[0][0] == _syllables(arg)[0][0],
        "ko.vowel_below": lambda t: _syllables(t)[0][1] in BELOW,
        "ko.vowel_right": lambda t: _syllables(t)[0][1] in RIGHT,
    }
    return props.get(name)


def _expected(name: str, arg: str) -> str | int | None:
    """The key a derivation tag gives (text, or a count for numeric items)."""
    if name == "ko.initial":
        return _syllables(arg)[0][0]
    if name == "ko.final":
        return _syllables(arg)[-1][2]
    if name == "ko.compose":
        return "".join(build(*part.split("+")) for part in arg.split("/"))
    if name == "ko.decompose":
        return ", ".join(x for x in _syllables(arg)[0] if x)
    if name == "ko.syllables":
        return len(_syllables(arg))
    if name == "ko.jamo_count":
        return sum(1 for s in _syllables(arg) for x in s if x)
    return None


def hangul_tag_problems(item: dict[str, Any]) -> list[str]:
    """Problems with the keys of an item's ``ko.*`` tags (empty when every key follows)."""
    problems = []
    choices = item.get("choices", [])
    key_id = item.get("answer", {}).get("choice")
    key = next((c["text"] for c in choices if c["id"] == key_id), None)
    others = [c["text"] for c in choices if c["id"] != key_id]
    answer = item.get("answer", {})
    given = key if key is not None else (answer.get("accepted") or [answer.get("value")])[0]
    for tag in item.get("tags", []):
        name, _, arg = tag.partition(":")
        if not name.startswith("ko."):
            continue
        try:
            expected = _expected(name, arg)
            if expected is not None:
                if given != expected:
                    problems.append(f"{tag}: key {given!r}, expected {expected!r}")
                elif key is not None and expected in others:
                    problems.append(f"{tag}: a distractor is also {expected!r}")
                continue
            predicate = _predicate(name, arg)
            if predicate is not None and key is not None:
                holds = [predicate(text) for text in [key, *others]]
                if holds != [True] + [False] * len(others):
                    problems.append(f"{tag}: the key must be the only option that fits")
        except (ValueError, IndexError) as error:
            problems.append(f"{tag}: {error}")
    return problems

"""Independent re-derivation of the Korean reading keys from their ``ko.*`` tags (tests only).

Each check takes the item apart with :mod:`korean_reference` (Unicode arithmetic on Hangul
syllables, the standard-pronunciation rules, letter names and orders) and never with the
bank builder's code. :func:`reading_tag_checks` returns how many tags it checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from korean_reference import (
    BASIC_CONSONANTS,
    CLUSTER_SOUND,
    CLUSTERS,
    CONSONANT_NAMES,
    NEUTRAL,
    STROKE_ADDED,
    VOWEL_SUMS,
    VOWELS,
    join,
    pronounce,
    split,
    syllables,
)

TENSE_LETTERS = "ㄲㄸㅃㅆㅉ"
BELOW = "ㅗㅛㅜㅠㅡ"


class Item:
    """One item's key, other options and prompt, as the checks need them."""

    def __init__(self, item: dict[str, Any]) -> None:
        self.id = str(item["id"])
        self.prompt = str(item["prompt"]).split("\n\n")[-1]
        answer = item.get("answer", {})
        choices = item.get("choices", [])
        self.is_mc = item["type"] == "multiple_choice"
        if self.is_mc:
            self.key = next(str(c["text"]) for c in choices if c["id"] == answer["choice"])
        elif "accepted" in answer:
            self.key = str(answer["accepted"][0])
        else:
            self.key = str(answer.get("value", ""))
        self.others = [str(c["text"]) for c in choices if c["id"] != answer.get("choice")]

    def only_key(self, test: Callable[[str], bool]) -> None:
        """The key passes ``test`` and no other option does."""
        results = [test(text) for text in [self.key, *self.others]]
        assert results == [True] + [False] * len(self.others), (self.id, results)

    def listed(self) -> list[str]:
        """The words listed after the question mark: '... 몇 개인가요? 닭, 밖, 삶'."""
        return [w.strip() for w in self.prompt.rsplit("?", 1)[1].split(",")]


def _bare(text: str) -> str:
    return text.strip("[]")


def _finals(word: str) -> list[str]:
    return [split(ch)[2] for ch in syllables(word)]


def _count(item: Item, value: int) -> None:
    assert item.key == str(value), (item.id, item.key, value)


CHECKS: dict[str, Callable[[Item, str], None]] = {
    "ko.initial": lambda it, arg: it.only_key(lambda t: t == split(arg[0])[0]),
    "ko.compose": lambda it, arg: it.only_key(
        lambda t: t == "".join(join(*p.split("+")) for p in arg.split("/"))
    ),
    "ko.decompose": lambda it, arg: it.only_key(
        lambda t: t.split(", ") == [x for x in split(arg) if x]
    ),
    "ko.syllables": lambda it, arg: _count(it, len(syllables(arg))),
    "ko.jamo_count": lambda it, arg: _count(it, sum(1 for ch in arg for x in split(ch) if x)),
    "ko.vowels": lambda it, arg: it.only_key(
        lambda t: t.split(", ") == [split(ch)[1] for ch in arg]
    ),
    "ko.only_vowel": lambda it, arg: it.only_key(lambda t: t in VOWELS),
    "ko.only_tense": lambda it, arg: it.only_key(lambda t: t in TENSE_LETTERS),
    "ko.only_final": lambda it, arg: it.only_key(lambda t: any(_finals(t))),
    "ko.only_no_final": lambda it, arg: it.only_key(lambda t: not any(_finals(t))),
    "ko.only_cluster": lambda it, arg: it.only_key(
        lambda t: any(f in CLUSTERS for f in _finals(t))
    ),
    "ko.only_twin": lambda it, arg: it.only_key(lambda t: any(f in "ㄲㅆ" for f in _finals(t))),
    "ko.final_is": lambda it, arg: it.only_key(lambda t: _finals(t)[-1] == arg),
    "ko.has_vowel": lambda it, arg: it.only_key(lambda t: any(split(c)[1] == arg for c in t)),
    "ko.same_initial": lambda it, arg: it.only_key(lambda t: split(t[0])[0] == split(arg[0])[0]),
    "ko.vowel_below": lambda it, arg: it.only_key(lambda t: split(t)[1] in BELOW),
    "ko.vowel_right": lambda it, arg: it.only_key(lambda t: split(t)[1] not in BELOW),
    "ko.jamo_name": lambda it, arg: it.only_key(lambda t: t == CONSONANT_NAMES[arg]),
    "ko.order": lambda it, arg: _count(it, BASIC_CONSONANTS.index(arg) + 1),
    "ko.stroke": lambda it, arg: it.only_key(lambda t: t == STROKE_ADDED[arg]),
    "ko.vowel_sum": lambda it, arg: it.only_key(lambda t: t == VOWEL_SUMS[tuple(arg.split("+"))]),
    "ko.pron": lambda it, arg: it.only_key(lambda t: _bare(t) == pronounce(arg)),
    "ko.final_sound": lambda it, arg: it.only_key(
        lambda t: _bare(t) == NEUTRAL[CLUSTER_SOUND.get(split(arg[-1])[2], split(arg[-1])[2])]
    ),
    "ko.add_final": lambda it, arg: it.only_key(
        lambda t: (
            t == arg.split(":")[0][:-1] + join(*split(arg.split(":")[0][-1])[:2], arg.split(":")[1])
        )
    ),
    "ko.count_finals": lambda it, arg: _count(
        it, sum(bool(f) for w in it.listed() for f in _finals(w))
    ),
    "ko.count_clusters": lambda it, arg: _count(
        it, sum(any(f in CLUSTERS for f in _finals(w)) for w in it.listed())
    ),
    "ko.count_same_sound": lambda it, arg: _count(it, sum(pronounce(w) == w for w in it.listed())),
    "ko.spacing": lambda it, arg: _same_words(it),
    "ko.spaces": lambda it, arg: _count(it, _quoted(it).count(" ")),
    "ko.base_form": lambda it, arg: it.only_key(
        lambda t: t.endswith("다") and arg.startswith(t[:-1]) and t != arg
    ),
    "ko.dictionary_first": lambda it, arg: it.only_key(lambda t: t == min([it.key, *it.others])),
}


def _quoted(item: Item) -> str:
    m = re.search(r"‘([^’]+)’", item.prompt)
    assert m is not None, item.id
    return m[1]


def _same_words(item: Item) -> None:
    """Spacing items: every option has the same letters; only the spaces differ."""
    letters = {t.replace(" ", "") for t in [item.key, *item.others]}
    assert len(letters) == 1, item.id
    assert len({item.key, *item.others}) == len(item.others) + 1, item.id


def _final_check(item: Item, arg: str) -> None:
    expected = split(arg[-1])[2]
    if item.is_mc:
        item.only_key(lambda t: t == expected)
    else:
        assert item.key == expected, item.id


def _same_sound(item: Item, arg: str) -> None:
    """Spelling items whose options all sound alike: only the spelling is tested."""
    sounds = {pronounce(t) for t in [item.key, *item.others]}
    assert len(sounds) == 1, (item.id, sounds)


def _spells(item: Item, arg: str) -> None:
    assert pronounce(item.key) == arg, item.id
    assert f"[{arg}]" in item.prompt, item.id


CHECKS |= {"ko.final": _final_check, "ko.same_sound": _same_sound, "ko.spells": _spells}


def reading_tag_checks(item: dict[str, Any]) -> int:
    """Check every ``ko.*`` tag of ``item``; return how many were checked."""
    checked = 0
    for tag in item.get("tags", []):
        name, _, arg = tag.partition(":")
        if name in CHECKS:
            view = Item(item)
            if name == "ko.pron" and not view.is_mc:
                assert view.key == pronounce(arg), (view.id, pronounce(arg))
            else:
                CHECKS[name](view, arg)
            checked += 1
        elif name.startswith("ko."):
            raise AssertionError(f"{item['id']}: no check for tag {tag}")
    return checked

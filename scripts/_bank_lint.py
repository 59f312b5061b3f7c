"""Content lint for compiled banks: what an editor would not let through.

Run by ``scripts/build_item_banks.py`` (and so by ``--check`` and ``make test``) on every
bank before it is written. Each rule returns problems naming the item (and its source row):

* **enemies**: items with the same computation (the same key expression, operands of ``+``
  and ``*`` in any order) or the same prompt and pictures must be enemies, or one gives the
  other away;
* **grades**: an item's grade is not below the grade of any of its skills;
* **longest key**: in at most a third of a skill's multiple-choice items is the key the
  strictly longest option (a test-wise child would otherwise score by length);
* **echo**: a word quoted in the question appears in some options but not all (the option
  that repeats the stem's word gives the answer away, or is an obvious throw-away);
* **spelling**: one spelling convention per bank, the bank's declared ``spelling``
  (``en-US`` or ``en-GB``), including money.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

LONGEST_KEY_SHARE = 1 / 3

# British spelling -> American spelling (only forms that are not also correct words in the
# other convention).
UK_TO_US = {
    "colour": "color",
    "colours": "colors",
    "coloured": "colored",
    "colourful": "colorful",
    "favourite": "favorite",
    "favourites": "favorites",
    "favour": "favor",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "neighbourhood": "neighborhood",
    "behaviour": "behavior",
    "honour": "honor",
    "humour": "humor",
    "flavour": "flavor",
    "flavours": "flavors",
    "harbour": "harbor",
    "labour": "labor",
    "rumour": "rumor",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "centimetre": "centimeter",
    "centimetres": "centimeters",
    "millimetre": "millimeter",
    "millimetres": "millimeters",
    "kilometre": "kilometer",
    "kilometres": "kilometers",
    "litre": "liter",
    "litres": "liters",
    "millilitre": "milliliter",
    "millilitres": "milliliters",
    "theatre": "theater",
    "fibre": "fiber",
    "organise": "organize",
    "organised": "organized",
    "organising": "organizing",
    "realise": "realize",
    "realised": "realized",
    "recognise": "recognize",
    "recognised": "recognized",
    "recognising": "recognizing",
    "summarise": "summarize",
    "summarised": "summarized",
    "apologise": "apologize",
    "analyse": "analyze",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "grey": "gray",
    "mum": "mom",
    "mummy": "mommy",
    "tonne": "metric ton",
    "tonnes": "metric tons",
    "travelled": "traveled",
    "travelling": "traveling",
    "traveller": "traveler",
    "cancelled": "canceled",
    "jewellery": "jewelry",
    "pyjamas": "pajamas",
    "aeroplane": "airplane",
    "maths": "math",
    "defence": "defense",
    "catalogue": "catalog",
    "programme": "program",
    "cosy": "cozy",
    "moustache": "mustache",
    "aluminium": "aluminum",
    "plough": "plow",
    "lorry": "truck",
    "rubbish": "trash",
}
AMBIGUOUS_US = {"meter", "meters", "program", "practice"}  # also British words
MONEY = {
    "en-US": (r"£|\bpence\b|\b\d+p\b|\bpounds? sterling\b", "dollars and cents ($)"),
    "en-GB": (r"\$|\bcents?\b|\bdollars?\b", "pounds and pence (£)"),
}


def _where(where: Mapping[str, str], item_id: str) -> str:
    return f"{where[item_id]}: {item_id}" if item_id in where else item_id


# -- same computation / same prompt ----------------------------------------------------------


def _canonical(node: ast.AST) -> str:
    """Expression text with the operands of + and * sorted (a + b == b + a)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult):
        op = type(node.op)
        terms: list[ast.AST] = []

        def flatten(n: ast.AST) -> None:
            if isinstance(n, ast.BinOp) and isinstance(n.op, op):
                flatten(n.left)
                flatten(n.right)
            else:
                terms.append(n)

        flatten(node)
        sign = "+" if op is ast.Add else "*"
        return "(" + sign.join(sorted(_canonical(t) for t in terms)) + ")"
    if isinstance(node, ast.BinOp):
        return f"({_canonical(node.left)}{type(node.op).__name__}{_canonical(node.right)})"
    if isinstance(node, ast.UnaryOp):
        return f"-{_canonical(node.operand)}"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"{node.func.id}({','.join(_canonical(a) for a in node.args)})"
    if isinstance(node, ast.Constant):
        return str(Fraction(str(node.value)))
    return ast.dump(node)


def computation(expr: str, prompt: str) -> str | None:
    """Canonical text of a key expression, or None when it is no computation.

    A bare number is no computation; a bare fraction ``a/b`` is one only when the prompt
    shows it (e.g. "Write 7/100 as a decimal.", not a picture whose answer is 1/3).
    """
    tree = ast.parse(expr, mode="eval").body
    if isinstance(tree, ast.Constant) or (
        isinstance(tree, ast.UnaryOp) and isinstance(tree.operand, ast.Constant)
    ):
        return None
    if (
        isinstance(tree, ast.BinOp)
        and isinstance(tree.op, ast.Div)
        and isinstance(tree.left, ast.Constant)
        and isinstance(tree.right, ast.Constant)
        and not re.search(rf"(?<![\d/]){tree.left.value}/{tree.right.value}(?![\d/])", prompt)
    ):
        return None
    return _canonical(tree)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _choice_text(item: dict[str, Any], choice_id: str) -> str:
    return str(next(c["text"] for c in item["choices"] if c["id"] == choice_id))


def _enemy_problems(items: list[dict[str, Any]], where: Mapping[str, str]) -> Iterator[str]:
    by_id = {item["id"]: item for item in items}
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        for tag in item.get("tags", []):
            if tag.startswith("expr:") and (key := computation(tag[5:], item["prompt"])):
                groups[("the same computation", key)].append(item["id"])
        stimulus = [_fold(item["prompt"]), *(m["uri"] for m in item.get("media", []))]
        groups[("the same prompt", "|".join(stimulus))].append(item["id"])
    enemies = {item["id"]: set(item.get("enemies", [])) for item in items}
    for (reason, _), ids in groups.items():
        for first, second in itertools.combinations(sorted(set(ids)), 2):
            if second in enemies[first] or _different_questions(by_id[first], by_id[second]):
                continue
            yield (
                f"{_where(where, first)}: has {reason} as {second} but they are not "
                "enemies; list each in the other's enemies"
            )


def _different_questions(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two multiple-choice items with one generic prompt but different keys."""
    if first["type"] != "multiple_choice" or second["type"] != "multiple_choice":
        return False
    keys = (_choice_text(item, item["answer"]["choice"]) for item in (first, second))
    return len({_fold(key) for key in keys}) == 2


# -- grades, longest key, echoes ----------------------------------------------------------------


def _grade_problems(bank: dict[str, Any], where: Mapping[str, str]) -> Iterator[str]:
    skill_grade = {s["id"]: s["grade"] for s in bank["skills"]}
    for item in bank["items"]:
        for skill in item["skills"]:
            if item["grade"] < skill_grade[skill]:
                yield (
                    f"{_where(where, item['id'])}: grade {item['grade']} is below the grade "
                    f"of its skill {skill} ({skill_grade[skill]})"
                )


def key_is_longest(item: dict[str, Any]) -> bool:
    """Whether the key is strictly the longest option of a multiple-choice item."""
    key = item["answer"]["choice"]
    lengths = {c["id"]: len(c["text"].strip()) for c in item["choices"]}
    return all(lengths[key] > n for cid, n in lengths.items() if cid != key)


def longest_key_shares(bank: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per skill: (items whose key is the longest option, multiple-choice items)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in bank["items"]:
        if item["type"] == "multiple_choice":
            counts[item["skills"][0]][0] += key_is_longest(item)
            counts[item["skills"][0]][1] += 1
    return {skill: (longest, total) for skill, (longest, total) in counts.items()}


def _longest_key_problems(bank: dict[str, Any]) -> Iterator[str]:
    for skill, (longest, total) in sorted(longest_key_shares(bank).items()):
        if longest > total * LONGEST_KEY_SHARE:
            ids = [
                i["id"]
                for i in bank["items"]
                if i["type"] == "multiple_choice" and i["skills"][0] == skill and key_is_longest(i)
            ]
            yield (
                f"skill {skill}: the key is the longest option in {longest} of {total} "
                f"multiple-choice items (at most a third allowed): {', '.join(ids)}"
            )


def _question(prompt: str) -> str:
    """The question itself: the last paragraph of the prompt (after any passage)."""
    return prompt.strip().split("\n\n")[-1]


STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """
        about after again also because been before being could does each from have into
        just like make mean means meaning more most much only other over said same
        sentence some than that their them then there these they this those under very
        were what when where which should while will with word words would your
        """,
    )
)


def _stems(text: str) -> set[str]:
    """Content words of ``text`` (four letters or more), with plural and tense endings cut."""
    stems = set()
    for word in re.findall(r"[a-z]{4,}", text.lower()):
        if word not in STOPWORDS:
            stems.add(re.sub(r"(ing|ed|es|s|ly)$", "", word)[:6])
    return stems


def _echo_problems(items: list[dict[str, Any]], where: Mapping[str, str]) -> Iterator[str]:
    for item in items:
        if item["type"] != "multiple_choice":
            continue
        question = _question(item["prompt"])
        texts = [c["text"].lower() for c in item["choices"]]
        for word in re.findall(r"[\"']([A-Za-z]{3,})[\"']", question):
            pattern = re.compile(rf"\b{re.escape(word.lower())}")
            with_word = [t for t in texts if pattern.search(t)]
            if 0 < len(with_word) < len(texts):
                yield (
                    f"{_where(where, item['id'])}: the option(s) {with_word} repeat the "
                    f'question\'s word "{word}"; reword them or use it in every option'
                )
        stem_words = _stems(question)
        key = _choice_text(item, item["answer"]["choice"])
        echoed = _stems(key) & stem_words
        others = [c["text"] for c in item["choices"] if c["id"] != item["answer"]["choice"]]
        if echoed and not any(_stems(text) & stem_words for text in others):
            yield (
                f"{_where(where, item['id'])}: only the key repeats the question's "
                f"{sorted(echoed)}, which gives it away; reword the key or a distractor"
            )


# -- spelling ---------------------------------------------------------------------------------


def _texts(bank: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(item id or 'bank'/'skill ...', text) for every text a reader sees."""
    meta = bank["bank"]
    for key in ("title", "description"):
        if key in meta:
            yield "bank", meta[key]
    for skill in bank["skills"]:
        yield f"skill {skill['id']}", f"{skill['name']} {skill.get('description', '')}"
    for item in bank["items"]:
        parts = [item["prompt"], item.get("explanation", ""), item["irt"].get("calibration", "")]
        parts += [f"{c['text']} {c['feedback']}" for c in item.get("choices", [])]
        parts += [r["description"] for r in item.get("rubric", [])]
        parts += [m.get("alt", "") for m in item.get("media", [])]
        parts += item.get("answer", {}).get("accepted", [])
        yield item["id"], "\n".join(parts)


def _spelling_problems(bank: dict[str, Any], where: Mapping[str, str]) -> Iterator[str]:
    convention = bank["bank"].get("spelling")
    language = bank["bank"]["language"]
    if convention is None:
        if language.split("-")[0] == "en":
            yield "bank: English banks declare their spelling convention (en-US or en-GB)"
        return
    if convention not in MONEY:
        return
    if convention == "en-US":
        wrong = {uk: f"American spelling {us!r}" for uk, us in UK_TO_US.items()}
    else:
        wrong = {
            us: f"British spelling {uk!r}"
            for uk, us in UK_TO_US.items()
            if us not in AMBIGUOUS_US and " " not in us
        }
    pattern = re.compile(r"\b(" + "|".join(sorted(wrong, key=len, reverse=True)) + r")\b", re.I)
    money, money_name = MONEY[convention]
    for owner, text in _texts(bank):
        found = sorted({m.group(0).lower() for m in pattern.finditer(text)})
        for word in found:
            yield f"{_where(where, owner)}: {word!r}: the bank uses {convention}, {wrong[word]}"
        if re.search(money, text):
            yield f"{_where(where, owner)}: money in another convention; {convention} uses " + (
                money_name
            )


def lint_bank(bank: dict[str, Any], where: Mapping[str, str] | None = None) -> list[str]:
    """Every content problem in ``bank``; ``where`` maps item ids to ``file:line``."""
    where = where or {}
    items = bank["items"]
    return [
        *_enemy_problems(items, where),
        *_grade_problems(bank, where),
        *_longest_key_problems(bank),
        *_echo_problems(items, where),
        *_spelling_problems(bank, where),
    ]

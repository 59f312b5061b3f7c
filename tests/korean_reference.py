"""Independent Korean references for the tests of the Korean banks (no builder or library code).

* Hangul syllables taken apart and put together by Unicode arithmetic: a syllable is
  ``0xAC00 + (initial * 21 + vowel) * 28 + final``.
* The standard pronunciation (표준 발음법) of short words for the rules the reading bank
  teaches: linking (연음), final-consonant neutralisation (대표음), double finals (겹받침),
  tensing (된소리되기), nasalisation (비음화), liquidisation (유음화), palatalisation
  (구개음화), aspiration (거센소리되기) and a silent ㅎ (ㅎ 탈락).
* Sino-Korean numbers read and written (``51700000`` <-> ``오천백칠십만``).
* Whether a number or word ends in a consonant, for particles (``8이에요``, ``5예요``).
"""

from __future__ import annotations

import re

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
FIRST, LAST = 0xAC00, 0xD7A3

CLUSTERS = {  # double final -> (first, second) consonant
    "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ",
    "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ",
}  # fmt: skip
CLUSTER_SOUND = {  # 표준 발음법 10, 11항: the consonant kept before a consonant or at the end
    "ㄳ": "ㄱ", "ㄵ": "ㄴ", "ㄶ": "ㄴ", "ㄺ": "ㄱ", "ㄻ": "ㅁ", "ㄼ": "ㄹ",
    "ㄽ": "ㄹ", "ㄾ": "ㄹ", "ㄿ": "ㅂ", "ㅀ": "ㄹ", "ㅄ": "ㅂ",
}  # fmt: skip
NEUTRAL = {  # 표준 발음법 9항: the seven final sounds
    "ㄱ": "ㄱ", "ㄲ": "ㄱ", "ㅋ": "ㄱ", "ㄴ": "ㄴ", "ㄷ": "ㄷ", "ㅅ": "ㄷ", "ㅆ": "ㄷ",
    "ㅈ": "ㄷ", "ㅊ": "ㄷ", "ㅌ": "ㄷ", "ㅎ": "ㄷ", "ㄹ": "ㄹ", "ㅁ": "ㅁ", "ㅂ": "ㅂ",
    "ㅍ": "ㅂ", "ㅇ": "ㅇ",
}  # fmt: skip
TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅂ": "ㅃ", "ㅅ": "ㅆ", "ㅈ": "ㅉ"}
ASPIRATE = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅂ": "ㅍ", "ㅈ": "ㅊ"}
NASAL = {"ㄱ": "ㅇ", "ㄷ": "ㄴ", "ㅂ": "ㅁ"}
CONSONANT_NAMES = {
    "ㄱ": "기역", "ㄴ": "니은", "ㄷ": "디귿", "ㄹ": "리을", "ㅁ": "미음", "ㅂ": "비읍",
    "ㅅ": "시옷", "ㅇ": "이응", "ㅈ": "지읒", "ㅊ": "치읓", "ㅋ": "키읔", "ㅌ": "티읕",
    "ㅍ": "피읖", "ㅎ": "히읗", "ㄲ": "쌍기역", "ㄸ": "쌍디귿", "ㅃ": "쌍비읍",
    "ㅆ": "쌍시옷", "ㅉ": "쌍지읒",
}  # fmt: skip
BASIC_CONSONANTS = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"  # 자음자의 차례
BASIC_VOWELS = "ㅏㅑㅓㅕㅗㅛㅜㅠㅡㅣ"  # 모음자의 차례
STROKE_ADDED = {
    "ㄱ": "ㅋ",
    "ㄴ": "ㄷ",
    "ㄷ": "ㅌ",
    "ㅁ": "ㅂ",
    "ㅂ": "ㅍ",
    "ㅅ": "ㅈ",
    "ㅈ": "ㅊ",
    "ㅇ": "ㅎ",
}
VOWEL_SUMS = {
    ("ㅏ", "ㅣ"): "ㅐ", ("ㅓ", "ㅣ"): "ㅔ", ("ㅑ", "ㅣ"): "ㅒ", ("ㅕ", "ㅣ"): "ㅖ",
    ("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ", ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ", ("ㅡ", "ㅣ"): "ㅢ",
}  # fmt: skip


def is_syllable(char: str) -> bool:
    return len(char) == 1 and FIRST <= ord(char) <= LAST


def split(char: str) -> tuple[str, str, str]:
    """(initial, vowel, final) of one Hangul syllable; final is '' when there is none."""
    if not is_syllable(char):
        raise ValueError(f"{char!r} is not a Hangul syllable")
    index = ord(char) - FIRST
    return INITIALS[index // 588], VOWELS[index % 588 // 28], FINALS[index % 28]


def join(initial: str, vowel: str, final: str = "") -> str:
    return chr(
        FIRST + (INITIALS.index(initial) * 21 + VOWELS.index(vowel)) * 28 + FINALS.index(final)
    )


def syllables(word: str) -> list[str]:
    return [char for char in word if is_syllable(char)]


# ----------------------------------------------------------------------- pronunciation


def pronounce(word: str) -> str:
    """The standard pronunciation of a short word, written in Hangul (no brackets)."""
    parts = [list(split(char)) for char in word]
    # a predicate stem ending in ㄵ, ㄻ, ㄼ, ㄾ tenses the ending's ㄱ ㄷ ㅅ ㅈ (24, 25항);
    # stems in a single ㄴ or ㅁ are left out (신다 is tensed, 간다 is not: it needs grammar)
    stem_tensing = word.endswith("다") and len(parts) >= 2
    for i in range(len(parts) - 1):
        coda, onset, vowel = parts[i][2], parts[i + 1][0], parts[i + 1][1]
        if not coda:
            continue
        if onset == "ㅇ":  # a vowel follows
            if coda == "ㅎ":
                parts[i][2] = ""  # 좋아 -> 조아
            elif coda in ("ㄶ", "ㅀ"):
                parts[i][2], parts[i + 1][0] = "", CLUSTERS[coda][0]  # 많아 -> 마나
            elif coda in ("ㄷ", "ㅌ") and vowel == "ㅣ":
                parts[i][2], parts[i + 1][0] = "", {"ㄷ": "ㅈ", "ㅌ": "ㅊ"}[coda]  # 같이 -> 가치
            elif coda in CLUSTERS:
                first, second = CLUSTERS[coda]
                parts[i][2], parts[i + 1][0] = first, second  # 닭이 -> 달기
                if second == "ㅅ" and NEUTRAL.get(first) in NASAL:
                    parts[i + 1][0] = "ㅆ"  # 값이 -> 갑씨
            elif coda != "ㅇ":
                parts[i][2], parts[i + 1][0] = "", coda  # 음악 -> 으막
            continue
        if coda in ("ㅎ", "ㄶ", "ㅀ") and onset in ASPIRATE:
            parts[i][2] = "" if coda == "ㅎ" else CLUSTERS[coda][0]
            parts[i + 1][0] = ASPIRATE[onset]  # 좋다 -> 조타, 많다 -> 만타
            continue
        sound = NEUTRAL[CLUSTER_SOUND.get(coda, coda)]
        if onset == "ㅎ" and sound in ASPIRATE:
            parts[i][2], parts[i + 1][0] = "", ASPIRATE[sound]  # 축하 -> 추카
            continue
        if onset in ("ㄴ", "ㅁ") and sound in NASAL:
            sound = NASAL[sound]  # 국물 -> 궁물
        elif sound == "ㄴ" and onset == "ㄹ":
            sound = "ㄹ"  # 신라 -> 실라
        elif sound == "ㄹ" and onset == "ㄴ":
            parts[i + 1][0] = "ㄹ"  # 설날 -> 설랄
        elif onset in TENSE and (
            sound in NASAL
            or (stem_tensing and i == len(parts) - 2 and coda in ("ㄵ", "ㄻ", "ㄼ", "ㄾ"))
        ):
            parts[i + 1][0] = TENSE[onset]  # 학교 -> 학꾜, 앉다 -> 안따
        parts[i][2] = sound
    last = parts[-1]
    last[2] = NEUTRAL[CLUSTER_SOUND.get(last[2], last[2])] if last[2] else ""
    return "".join(join(*p) for p in parts)


# ------------------------------------------------------------------ Sino-Korean numbers

DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
SMALL = {"십": 10, "백": 100, "천": 1000}
LARGE = {"만": 10**4, "억": 10**8, "조": 10**12}


def read_sino(text: str) -> int:
    """'오천백칠십만' -> 51700000; '3억 4000만' -> 340000000 (digits allowed as coefficients)."""
    total = section = 0
    number = None
    for token in re.findall(r"\d+|\S", text.replace(" ", "")):
        if token.isdigit():
            number = int(token)
        elif token in DIGITS:
            number = DIGITS[token]
        elif token in SMALL:
            section += (1 if number is None else number) * SMALL[token]
            number = None
        elif token in LARGE:
            section += number or 0
            total += (section or 1) * LARGE[token]
            section, number = 0, None
        else:
            raise ValueError(f"cannot read {text!r}")
    return total + section + (number or 0)


def number_has_final(text: str) -> bool:
    """Whether a number written in digits ends in a consonant when read in Sino-Korean."""
    text = text.replace(",", "")
    if "." in text:
        return text[-1] in "013678"
    if text == "0" or text.endswith("0"):
        return True  # 영, 십, 백, 천, 만
    return text[-1] in "13678"  # 일, 삼, 육, 칠, 팔

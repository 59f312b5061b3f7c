"""Languages, time zones and number/date formatting of report pages (Babel + gettext).

Every sentence a report shows goes through :meth:`Localizer.gettext` (or ``_()`` in a
template) and the gettext catalogs in ``reports/locale`` (``make translations`` extracts,
updates and compiles them with Babel); numbers, percentages and dates go through Babel's
formatters for the locale, and timestamps are shown in the reader's time zone. English
is the source language, so ``"en"`` needs no catalog.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gettext_module
import math
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from adaptive_tutor._validation import parameter_error, plain

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "SUPPORTED_LOCALES",
    "Localizer",
    "check_audience",
    "check_locale",
    "check_timezone",
    "translations",
]

SUPPORTED_LOCALES = ("en", "ko")
DOMAIN = "adaptive_tutor"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:
    """Mark a constant for extraction into the catalogs; translated where it is shown.

    Examples
    --------
    >>> N_("secure")
    'secure'
    """
    return message


def check_locale(locale: object, bank_language: str, owner: str) -> str:
    """The report locale: ``locale`` if given, else the bank's language, else English.

    Parameters
    ----------
    locale : str or None
        ``"en"`` or ``"ko"`` (a regional tag such as ``"ko-KR"`` is accepted).
    bank_language : str
        The bank's ``language`` tag, used when ``locale`` is None.
    owner : str
        Name of the public class, used in messages.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``locale`` is given and is not a supported language.

    Examples
    --------
    >>> check_locale(None, "ko-KR", "LearnerReport"), check_locale("en", "ko", "LearnerReport")
    ('ko', 'en')
    >>> check_locale(None, "fr", "LearnerReport")
    'en'
    """
    if locale is None:
        primary = bank_language.replace("_", "-").split("-")[0].lower()
        return primary if primary in SUPPORTED_LOCALES else "en"
    if isinstance(locale, str):
        primary = locale.replace("_", "-").split("-")[0].lower()
        if primary in SUPPORTED_LOCALES:
            return primary
    options = " or ".join(repr(code) for code in SUPPORTED_LOCALES)
    raise parameter_error("locale", owner, f"{options} (or None for the bank's language)", locale)


def check_audience(audience: object, allowed: tuple[str, ...], owner: str) -> str:
    """Return ``audience`` if ``owner`` has a page for it.

    Examples
    --------
    >>> check_audience("teacher", ("teacher", "analyst"), "ClassReport")
    'teacher'
    """
    if isinstance(audience, str) and audience in allowed:
        return audience
    options = ", ".join(repr(choice) for choice in allowed)
    raise parameter_error("audience", owner, f"one of {options}", audience)


def check_timezone(timezone: object, owner: str) -> dt.tzinfo | None:
    """A time zone from an IANA name (``"Asia/Seoul"``) or a ``tzinfo``; None keeps the log's.

    Examples
    --------
    >>> str(check_timezone("Asia/Seoul", "ClassReport"))
    'Asia/Seoul'
    >>> check_timezone(None, "ClassReport") is None
    True
    """
    if timezone is None or isinstance(timezone, dt.tzinfo):
        return timezone
    if isinstance(timezone, str):
        try:
            return zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise parameter_error(
        "timezone", owner, "an IANA time zone name such as 'Asia/Seoul', or a tzinfo", timezone
    )


@functools.cache
def translations(locale: str) -> gettext_module.NullTranslations:
    """The compiled message catalog of ``locale`` (English: the source text itself).

    Examples
    --------
    >>> translations("ko").gettext("secure") != "secure"
    True
    """
    if locale == "en":
        return gettext_module.NullTranslations()
    catalog = Translations.load(str(LOCALE_DIR), [locale], DOMAIN)
    if not isinstance(catalog, Translations):  # Babel returns NullTranslations when missing
        raise FileNotFoundError(
            f"The compiled message catalog for locale {locale!r} is missing from "
            f"{LOCALE_DIR.name}/{locale}/LC_MESSAGES/{DOMAIN}.mo; run 'make translations'."
        )
    return catalog


def _half_up(value: float, digits: int) -> Decimal:
    """Round like people do (0.625 -> 0.63), not like banks (Babel's half-even)."""
    exponent = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP)


class Localizer:
    """Text, numbers and dates for one reader: a locale and an optional time zone.

    Parameters
    ----------
    locale : {"en", "ko"}, default "en"
    timezone : tzinfo, optional
        Timestamps with a time zone are shown in this one; None keeps their own offset.
        Naive timestamps are shown as written.

    Examples
    --------
    >>> loc = Localizer("ko")
    >>> loc.percent(0.625), loc.number(2.63), loc.minutes(20.417)
    ('63%', '2.6', '20분')
    >>> Localizer("en").gettext("%(count)s answers", count=3)
    '3 answers'
    """

    def __init__(self, locale: str = "en", timezone: dt.tzinfo | None = None) -> None:
        self.locale = locale
        self.timezone = timezone
        self._catalog = translations(locale)

    # ------------------------------------------------------------------ text
    def gettext(self, message: str, **values: object) -> str:
        """``message`` translated, with ``%(name)s`` placeholders filled from ``values``.

        Examples
        --------
        >>> Localizer("en").gettext("secure")
        'secure'
        """
        text = self._catalog.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The singular or plural form for ``n`` (``%(n)s`` is the formatted count).

        Examples
        --------
        >>> Localizer("en").ngettext("%(n)s answer", "%(n)s answers", 1)
        '1 answer'
        """
        text = self._catalog.ngettext(singular, plural, int(n))
        return text % {"n": self.integer(n), **values}

    # ------------------------------------------------------------------ numbers
    def integer(self, value: float) -> str:
        """A count with the locale's grouping.

        Examples
        --------
        >>> Localizer("en").integer(12345)
        '12,345'
        """
        return format_decimal(int(value), locale=self.locale)

    def number(self, value: float, digits: int = 1) -> str:
        """A number with exactly ``digits`` decimals ('-' when missing).

        Examples
        --------
        >>> Localizer("en").number(-0.04), Localizer("en").number(float("nan"))
        ('0.0', '-')
        """
        if not math.isfinite(value):
            return "-"
        rounded = _half_up(value, digits)
        if rounded == 0:
            rounded = abs(rounded)
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return format_decimal(rounded, format=pattern, locale=self.locale)

    def signed(self, value: float, digits: int = 1) -> str:
        """A number with its sign (``+0.4``, ``-0.2``, ``0.0``).

        Examples
        --------
        >>> Localizer("en").signed(0.44)
        '+0.4'
        """
        text = self.number(value, digits)
        return "+" + text if text != "-" and _half_up(value, digits) > 0 else text

    def percent(self, share: float) -> str:
        """A share in [0, 1] as a whole percentage, rounded half up ('-' when missing).

        Examples
        --------
        >>> Localizer("en").percent(0.625)
        '63%'
        """
        if not math.isfinite(share):
            return "-"
        return format_percent(_half_up(share * 100, 0) / 100, locale=self.locale)

    def minutes(self, minutes: float) -> str:
        """A duration in whole minutes ("less than a minute" below half a minute).

        Examples
        --------
        >>> Localizer("en").minutes(20.417), Localizer("en").minutes(0.2)
        ('20 minutes', 'less than a minute')
        """
        if not math.isfinite(minutes):
            return "-"
        whole = int(_half_up(minutes, 0))
        if whole == 0:
            return self.gettext("less than a minute") if minutes > 0 else self.minutes_of(0)
        return self.minutes_of(whole)

    def minutes_of(self, whole: int) -> str:
        """``whole`` minutes in words.

        Examples
        --------
        >>> Localizer("en").minutes_of(1)
        '1 minute'
        """
        return self.ngettext("%(n)s minute", "%(n)s minutes", whole)

    # ------------------------------------------------------------------ dates
    def moment(self, value: object) -> dt.datetime | None:
        """A timestamp as a datetime in the reader's time zone (None when missing).

        Examples
        --------
        >>> import pandas as pd, zoneinfo
        >>> loc = Localizer("en", zoneinfo.ZoneInfo("Asia/Seoul"))
        >>> loc.moment(pd.Timestamp("2026-09-07T06:09:00+00:00")).hour
        15
        """
        if value is None or value is pd.NaT:
            return None
        stamp: Any = pd.Timestamp(value)  # type: ignore[arg-type]
        if stamp is pd.NaT:
            return None
        if stamp.tzinfo is not None and self.timezone is not None:
            stamp = stamp.tz_convert(self.timezone)
        moment: dt.datetime = stamp.to_pydatetime()
        return moment

    def date(self, value: object) -> str:
        """A day in the locale's long form ('September 7, 2026', '2026년 9월 7일').

        Examples
        --------
        >>> Localizer("ko").date("2026-09-07T15:09:00+09:00")
        '2026년 9월 7일'
        """
        moment = self.moment(value)
        return "-" if moment is None else format_date(moment, format="long", locale=self.locale)

    def day_month(self, value: object) -> str:
        """A short day and month ('Sep 7', '9월 7일') for chart ticks.

        Examples
        --------
        >>> Localizer("en").day_month("2026-09-07")
        'Sep 7'
        """
        moment = self.moment(value)
        return "-" if moment is None else format_skeleton("MMMd", moment, locale=self.locale)

    def date_time(self, value: object) -> str:
        """Day and time of day in the locale's medium form.

        Examples
        --------
        >>> Localizer("en").date_time("2026-09-07T15:09:00")
        'Sep 7, 2026, 3:09:00\u202fPM'
        """
        moment = self.moment(value)
        if moment is None:
            return "-"
        return format_datetime(moment, format="medium", tzinfo=moment.tzinfo, locale=self.locale)

    # ------------------------------------------------------------------ table cells
    def cell(self, value: Any) -> str:
        """One cell of a statistics table: 3 decimals, dates with time, missing as '-'.

        Examples
        --------
        >>> [Localizer("en").cell(v) for v in (0.12345, float("nan"), 3, True, "x")]
        ['0.123', '-', '3', 'yes', 'x']
        """
        if value is None or value is pd.NaT:
            return "-"
        if isinstance(value, bool | np.bool_):
            return self.gettext("yes") if value else self.gettext("no")
        if isinstance(value, int | np.integer):
            return self.integer(int(value))
        if isinstance(value, float | np.floating):
            number = float(value)
            if math.isinf(number):
                return "∞" if number > 0 else "-∞"
            return self.number(number, 1 if abs(number) >= 1000 else 3)
        if isinstance(value, pd.Timestamp | dt.datetime):
            return self.date_time(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.cell(v) for v in value)
        try:
            if pd.isna(value):
                return "-"
        except (TypeError, ValueError):
            pass
        return str(plain(value))

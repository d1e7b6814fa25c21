"""Find the dated mentions in an English or Arabic text, with their character offsets.

Arabic texts name months in several ways: the Levantine names (كانون الثاني, آذار …), the
Egyptian and Gulf names (يناير, مارس …) and the Maghreb names (جانفي, ماي, جوان …), often two
at once ("آذار/مارس"). Arabic writes a day range right-to-left, so "15-12 آذار/مارس" is 12–15
March. Short vowels and shadda (تمّوز, الأوّل) are ignored when matching; offsets point into the
original text. A mention without a year keeps ``year=None``: this module does not guess.

>>> [(m.text, m.start, m.end, m.precision) for m in extract_dates("- 15-12 آذار/مارس، 2018")]
[('15-12 آذار/مارس، 2018', datetime.date(2018, 3, 12), datetime.date(2018, 3, 15), 'day')]
>>> extract_dates("between 4 and 6 December 2017")[0].end
datetime.date(2017, 12, 6)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..model.i18n import ARABIC_MARKS

__all__ = ["Mention", "extract_dates", "MONTH_NAMES"]

#: Month names and their number: English, Levantine, Egyptian/Gulf and Maghreb Arabic.
MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate([
    "January Jan كانون الثاني يناير جانفي",
    "February Feb شباط فبراير فيفري",
    "March Mar آذار اذار مارس",
    "April Apr نيسان أبريل ابريل إبريل أفريل افريل",
    "May أيار ايار مايو ماي",
    "June Jun حزيران يونيو يونيه جوان",
    "July Jul تموز يوليو يوليه جويلية",
    "August Aug آب اب أغسطس اغسطس أوت",
    "September Sep Sept أيلول ايلول سبتمبر",
    "October Oct تشرين الأول تشرين الاول أكتوبر اكتوبر",
    "November Nov تشرين الثاني نوفمبر",
    "December Dec كانون الأول كانون الاول ديسمبر",
], start=1):
    # two-word Arabic names first, then the single words that are not part of one
    _words = _names.split()
    _two = {"كانون", "تشرين"}
    i = 0
    while i < len(_words):
        if _words[i] in _two:
            MONTH_NAMES[f"{_words[i]} {_words[i + 1]}"] = _number
            i += 2
        else:
            MONTH_NAMES[_words[i]] = _number
            i += 1

_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

_MONTH = "|".join(sorted((re.escape(n) for n in MONTH_NAMES), key=len, reverse=True))
_M = rf"(?:{_MONTH})\.?(?:\s*/\s*(?:{_MONTH}))?"       # "آذار/مارس", "Sept."
_D = r"(?<!\d)[0-3]?\d(?!\d)"
_Y = r"(?<!\d)(?:19|20)\d\d(?!\d)"
_SEP = r"\s*[-–—]\s*"
_SEP_Y = r"[,،]?\s*"                                    # "مارس، 2018", "March, 2018"

#: One pattern per form, most specific first; named groups d1, d2, m1, m2, y1, y2.
_PATTERNS = [
    # 12-15 March 2018 / 15-12 آذار/مارس، 2018 (the order of the days does not matter)
    rf"(?P<d1>{_D}){_SEP}(?P<d2>{_D})\s+(?P<m1>{_M})(?:{_SEP_Y}(?P<y1>{_Y}))?",
    # بين 4 و6 ديسمبر، 2017 / من 28 إلى 30 نوفمبر / between 4 and 6 December 2017 / 17 to 20 May
    rf"(?:بين|من|[Bb]etween|[Ff]rom)?\s*(?P<d1>{_D})\s*(?:و|إلى|الى|and|to|until)\s*(?P<d2>{_D})\s+(?P<m1>{_M})"
    rf"(?:{_SEP_Y}(?P<y1>{_Y}))?",
    # 11 كانون الثاني/يناير، 2018 / 5 February 2018
    rf"(?P<d1>{_D})\s+(?P<m1>{_M})(?:{_SEP_Y}(?P<y1>{_Y}))?",
    # March 12, 2018 / March 12-15, 2018
    rf"(?P<m1>{_M})\s+(?P<d1>{_D})(?:{_SEP}(?P<d2>{_D}))?(?:,?\s*(?P<y1>{_Y}))?",
    # من فبراير إلى يوليو 2018 / بين أبريل ونوفمبر 2017 / between November 2017 and February 2018
    rf"(?:بين|من|[Bb]etween|[Ff]rom)\s*(?P<m1>{_M})(?:{_SEP_Y}(?P<y1>{_Y}))?\s*(?:و|إلى|الى|and|to|until)\s*"
    rf"(?P<m2>{_M})(?:{_SEP_Y}(?P<y2>{_Y}))?",
    # فبراير 2020 / October 2017 / ماي (a month alone)
    rf"(?P<m1>{_M})(?:{_SEP_Y}(?P<y1>{_Y}))?",
]
_REGEX = re.compile("|".join(f"(?:{p})" for p in
                             (re.sub(r"\?P<(\w+)>", lambda m, i=i: f"?P<{m.group(1)}_{i}>", p)
                              for i, p in enumerate(_PATTERNS))))
_WORD = r"[^\W_]"  # a letter or digit, Arabic included (not "،")


@dataclass(frozen=True)
class Mention:
    """A dated mention: ``text[offset:offset_end]`` of the original text, and what it means.

    ``start``/``end`` are dates when the year is known (``end`` is the last day: a month
    mention ends on the month's last day); ``year`` is None when the text gives none, and then
    ``start``/``end`` are None and ``months``/``days`` say what was written.
    """

    offset: int
    offset_end: int
    text: str
    precision: str                      # 'day' or 'month'
    year: int | None
    months: tuple[int, int]            # first and last month
    days: tuple[int, int] | None        # first and last day, for day precision
    start: date | None
    end: date | None


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text without Arabic diacritics and with Western digits, and each kept char's offset."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if ARABIC_MARKS.match(ch):
            continue
        kept.append(ch.translate(_AR_DIGITS))
        where.append(i)
    where.append(len(text))
    return "".join(kept), where


def _month(name: str | None) -> int | None:
    if name is None:
        return None
    first = re.split(r"\s*/\s*", name.rstrip("."))[0]
    for key, number in MONTH_NAMES.items():
        if key.lower() == first.lower():
            return number
    return None


def _bounded(norm: str, a: int, b: int) -> bool:
    """Whether ``norm[a:b]`` stands alone: no letter or digit glued to it, except an Arabic
    one-letter prefix (و، ب، ل، ف) before it ("و22-23 شباط", "بنوفمبر")."""
    before = norm[a - 1] if a > 0 else " "
    if re.match(_WORD, before):
        glued = before in "وبلف" and (a < 2 or not re.match(_WORD, norm[a - 2]))
        if not glued:
            return False
    return b >= len(norm) or not re.match(_WORD, norm[b])


def extract_dates(text: str) -> list[Mention]:
    """Return the dated mentions of ``text`` in reading order."""
    norm, where = _normalise(text)
    out = []
    for m in _REGEX.finditer(norm):
        groups = {k.rsplit("_", 1)[0]: v for k, v in m.groupdict().items() if v is not None}
        a, b = m.span()
        while a < b and norm[a].isspace():
            a += 1
        if not _bounded(norm, a, b):
            continue
        m1, m2 = _month(groups.get("m1")), _month(groups.get("m2"))
        y1 = int(groups["y1"]) if "y1" in groups else None
        y2 = int(groups["y2"]) if "y2" in groups else None
        if "d1" in groups:
            d = sorted(int(groups[k]) for k in ("d1", "d2") if k in groups)
            days, months, precision = (d[0], d[-1]), (m1, m1), "day"
            if days[0] < 1:
                continue
        else:
            if y1 is None and y2 is None and groups["m1"][:1].isascii():
                continue                                # "may" or "March" alone: too ambiguous in English
            days, months, precision = None, (m1, m2 or m1), "month"
        start = end = None
        if y1 or y2:
            first_year, last_year = (y1 or y2), (y2 or y1)
            try:
                if days:
                    start, end = date(first_year, months[0], days[0]), date(last_year, months[1], days[1])
                else:
                    start = date(first_year, months[0], 1)
                    end = date(last_year, months[1], calendar.monthrange(last_year, months[1])[1])
            except ValueError:                          # 31 February is not a date
                continue
        out.append(Mention(where[a], where[b], text[where[a]:where[b]], precision, y2 or y1, months, days,
                           start, end))
    return out

"""Units of measurement after a number, and the standard conversions between them.

A translator may convert "3,000 feet" into „rund 900 Meter“ or "68 °F" into „20 °C“:
the number changed, the quantity did not. Each unit is one of a closed class (units
of length, mass, temperature, speed, area and volume in everyday use, metric and
US/imperial; percent; years and decades: "20 Jahre" / "two decades"); the factors are
the international definitions (1 ft = 0.3048 m, 1 mi = 1.609344 km, 1 lb = 0.45359237
kg, °F = °C × 9/5 + 32).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

RELATIVE_TOLERANCE = Decimal("0.06")  # a rounded conversion stays within 6 % ...
ABSOLUTE_TOLERANCE = Decimal("0.5")  # ... or within 0.5 of the converted unit (small values)
TEMPERATURE_TOLERANCE = Decimal("2")  # degrees of the converted scale


@dataclass(frozen=True)
class Unit:
    dimension: str  # length | mass | temperature | speed | area | volume | ratio | duration
    # | degrees (no scale named)
    factor: Decimal  # size in the dimension's base unit (m, kg, °C steps, km/h, m², l, s)
    offset: Decimal = Decimal(0)  # temperature only: base = value × factor + offset


def _u(dimension: str, factor: str, offset: str = "0") -> Unit:
    return Unit(dimension, Decimal(factor), Decimal(offset))


_METRE, _KM, _CM, _MM = _u("length", "1"), _u("length", "1000"), _u("length", "0.01"), \
    _u("length", "0.001")
_FOOT, _INCH, _YARD, _MILE = _u("length", "0.3048"), _u("length", "0.0254"), \
    _u("length", "0.9144"), _u("length", "1609.344")
_KG, _G, _TONNE = _u("mass", "1"), _u("mass", "0.001"), _u("mass", "1000")
_POUND, _OUNCE = _u("mass", "0.45359237"), _u("mass", "0.028349523125")
_CELSIUS = _u("temperature", "1")
_FAHRENHEIT = _u("temperature", "0.5555555555555555555555555556", "-17.77777777777777777777777778")
_KMH, _MPH, _KNOT = _u("speed", "1"), _u("speed", "1.609344"), _u("speed", "1.852")
_M2, _KM2, _HECTARE = _u("area", "1"), _u("area", "1000000"), _u("area", "10000")
_ACRE, _SQ_MILE, _SQ_FOOT = _u("area", "4046.8564224"), _u("area", "2589988.110336"), \
    _u("area", "0.09290304")
_LITRE, _GALLON = _u("volume", "1"), _u("volume", "3.785411784")
PERCENT = _u("ratio", "0.01")
# durations in seconds (a year of 365.25 days, a month of a twelfth of it)
_SECOND, _MINUTE, _HOUR = _u("duration", "1"), _u("duration", "60"), _u("duration", "3600")
_DAY, _WEEK, _MONTH = _u("duration", "86400"), _u("duration", "604800"), \
    _u("duration", "2629800")
_YEAR, _DECADE, _CENTURY = _u("duration", "31557600"), _u("duration", "315576000"), \
    _u("duration", "3155760000")
# "degrees" with no scale: Celsius in one text, Fahrenheit in another, or an angle
DEGREES = _u("degrees", "1")

# unit words and symbols (lower case; German and English), the closed class above
UNITS: dict[str, Unit] = {
    **dict.fromkeys(("m", "meter", "metern", "meters", "metre", "metres"), _METRE),
    **dict.fromkeys(("km", "kilometer", "kilometern", "kilometers", "kilometre", "kilometres"),
                    _KM),
    **dict.fromkeys(("cm", "zentimeter", "zentimetern", "centimeter", "centimeters",
                     "centimetre", "centimetres"), _CM),
    **dict.fromkeys(("mm", "millimeter", "millimetern", "millimeters", "millimetre",
                     "millimetres"), _MM),
    **dict.fromkeys(("ft", "feet", "foot", "fuß"), _FOOT),
    **dict.fromkeys(("inch", "inches", "zoll"), _INCH),
    **dict.fromkeys(("yard", "yards", "yd"), _YARD),
    **dict.fromkeys(("mile", "miles", "meile", "meilen", "mi"), _MILE),
    **dict.fromkeys(("kg", "kilogramm", "kilogram", "kilograms", "kilo", "kilos"), _KG),
    **dict.fromkeys(("g", "gramm", "gram", "grams", "gramme", "grammes"), _G),
    **dict.fromkeys(("t", "tonne", "tonnen", "tonnes"), _TONNE),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), _POUND),
    **dict.fromkeys(("oz", "ounce", "ounces", "unze", "unzen"), _OUNCE),
    **dict.fromkeys(("°c", "grad", "grad celsius", "celsius", "degrees celsius",
                     "degree celsius"), _CELSIUS),
    **dict.fromkeys(("°f", "fahrenheit", "grad fahrenheit", "degrees fahrenheit",
                     "degree fahrenheit"), _FAHRENHEIT),
    **dict.fromkeys(("km/h", "kmh", "stundenkilometer", "stundenkilometern",
                     "kilometers per hour", "kilometres per hour"), _KMH),
    **dict.fromkeys(("mph", "miles per hour"), _MPH),
    **dict.fromkeys(("knoten", "knots", "knot"), _KNOT),
    **dict.fromkeys(("m²", "m2", "quadratmeter", "quadratmetern", "square meters",
                     "square metres"), _M2),
    **dict.fromkeys(("km²", "km2", "quadratkilometer", "quadratkilometern",
                     "square kilometers", "square kilometres"), _KM2),
    **dict.fromkeys(("hektar", "hectare", "hectares", "ha"), _HECTARE),
    **dict.fromkeys(("acre", "acres"), _ACRE),
    **dict.fromkeys(("square mile", "square miles", "quadratmeile", "quadratmeilen"), _SQ_MILE),
    **dict.fromkeys(("square foot", "square feet", "sq ft"), _SQ_FOOT),
    **dict.fromkeys(("l", "liter", "litern", "liters", "litre", "litres"), _LITRE),
    **dict.fromkeys(("gallon", "gallons", "gallone", "gallonen"), _GALLON),
    **dict.fromkeys(("%", "prozent", "percent", "per cent"), PERCENT),
    **dict.fromkeys(("‰", "promille", "per mille", "per mil"), _u("ratio", "0.001")),
    **dict.fromkeys(("sekunde", "sekunden", "sek", "second", "seconds", "sec", "secs"),
                    _SECOND),
    **dict.fromkeys(("minute", "minuten", "min", "minutes", "mins"), _MINUTE),
    **dict.fromkeys(("viertelstunde", "viertelstunden"), _u("duration", "900")),
    **dict.fromkeys(("stunde", "stunden", "std", "hour", "hours", "hr", "hrs"), _HOUR),
    **dict.fromkeys(("tag", "tage", "tagen", "day", "days"), _DAY),
    **dict.fromkeys(("woche", "wochen", "week", "weeks"), _WEEK),
    **dict.fromkeys(("monat", "monate", "monaten", "month", "months"), _MONTH),
    **dict.fromkeys(("jahr", "jahre", "jahren", "year", "years"), _YEAR),
    **dict.fromkeys(("jahrzehnt", "jahrzehnte", "jahrzehnten", "decade", "decades"), _DECADE),
    **dict.fromkeys(("jahrhundert", "jahrhunderte", "jahrhunderten", "century", "centuries"),
                    _CENTURY),
    **dict.fromkeys(("degree", "degrees"), DEGREES),
}
# currency names written out (lower case, English and German), the closed class of
# the currencies news text names most; symbols and codes (€, $, EUR) are not words
CURRENCY_WORDS = frozenset("""euro euros cent cents dollar dollars pound pounds penny pence
pennies sterling franc francs franken rappen yen yuan renminbi rouble roubles ruble rubles
rubel krone kronen kroner kronor rupee rupees""".split())
_AFTER = re.compile(r"\s?(-?\s?°\s?[CcFf]\b|%|‰|[^\W\d_][\w/²]*(?:\s+[^\W\d_]+){0,4})")


_OF_A = frozenset({"of", "a", "an"})


def unit_after(text: str, end: int) -> Unit | None:
    """The unit written right after a number ending at `end` ("3,000 feet", "20 °C")."""
    m = _AFTER.match(text, end)
    if m is None:
        return None
    phrase = re.sub(r"[\s-]+", " ", m.group(1)).strip().lower().replace("° ", "°")
    phrase = phrase.lstrip("- ")
    parts = phrase.split(" ")
    while parts[:1] and parts[0] in _OF_A and len(parts) > 1:
        parts = parts[1:]  # "a quarter of an hour", "half a kilo"
    for n in (3, 2, 1):
        key = " ".join(parts[:n])
        if len(parts) >= n and key in UNITS:
            return UNITS[key]
    return None


_ONE_UNIT = re.compile(r"\b(?:a|an|one|ein|eine|einen|einem|einer|eines)\s+([^\W\d_]+)",
                       re.IGNORECASE)


def single_units(text: str) -> list[Unit]:
    """Units counted once by an article rather than a digit: "a decade", „eine Woche“."""
    return [UNITS[m.group(1).lower()] for m in _ONE_UNIT.finditer(text)
            if m.group(1).lower() in UNITS and m.group(1).isalpha()]


def _to_base(value: Decimal, unit: Unit) -> Decimal:
    return value * unit.factor + unit.offset


def converted_equal(a: Decimal, a_unit: Unit, b: Decimal, b_unit: Unit) -> bool:
    """`a a_unit` and `b b_unit` are the same quantity after conversion and rounding.

    Only for two different units of one dimension: the same unit compares exactly.
    """
    dimensions = {a_unit.dimension, b_unit.dimension}
    if dimensions == {"degrees", "temperature"}:
        return _degrees_equal(a, a_unit, b, b_unit)
    if a_unit.dimension != b_unit.dimension or a_unit == b_unit:
        return False
    if a_unit.dimension == "temperature":  # the sign is not read ("minus 10", "-10")
        return any(abs((_to_base(x, a_unit) - b_unit.offset) / b_unit.factor - y)
                   <= TEMPERATURE_TOLERANCE for x in (a, -a) for y in (b, -b))
    in_b = (_to_base(a, a_unit) - b_unit.offset) / b_unit.factor
    return abs(in_b - b) <= max(RELATIVE_TOLERANCE * abs(b), ABSOLUTE_TOLERANCE)


def _degrees_equal(a: Decimal, a_unit: Unit, b: Decimal, b_unit: Unit) -> bool:
    """Plain "degrees" beside a scale ("30 °C" / "86 degrees"): the same value, or the
    value converted to the other scale."""
    value, unit, plain = (a, a_unit, b) if a_unit.dimension == "temperature" else (b, b_unit, a)
    if abs(value - plain) <= TEMPERATURE_TOLERANCE:
        return True
    other = _FAHRENHEIT if unit == _CELSIUS else _CELSIUS
    return converted_equal(value, unit, plain, other)


def is_unit_word(word: str) -> bool:
    """A unit of measurement or a currency written as a word ("kilos", "euros"): what a
    number counts, which the `number` check owns."""
    w = word.lower()
    return w in CURRENCY_WORDS or (w in UNITS and w.isalpha()
                                    and UNITS[w].dimension != "duration")

"""The child's tools and their areas; Safety House (issue #3) adds another Tool here."""

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Scale:
    """A 0-10 scaling question with both ends in words and pictures."""

    question: str
    low: str
    high: str
    low_icon: str = "😟"
    high_icon: str = "😊"


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    # Translators: read by or to a young child; keep it short and gentle.
    prompt: str
    icon: str
    scale: Scale | None = None


@dataclass(frozen=True)
class Tool:
    slug: str
    name: str
    areas: tuple[Area, ...]

    def area(self, slug: str) -> Area:
        for area in self.areas:
            if area.slug == slug:
                return area
        abort(404)

    def next_area(self, slug: str) -> Area | None:
        slugs = [a.slug for a in self.areas]
        i = slugs.index(slug)
        return self.areas[i + 1] if i + 1 < len(self.areas) else None

    def previous_area(self, slug: str) -> Area | None:
        slugs = [a.slug for a in self.areas]
        i = slugs.index(slug)
        return self.areas[i - 1] if i > 0 else None


THREE_HOUSES = Tool(
    slug="three_houses",
    name=_l("Three Houses"),
    areas=(
        Area(
            "worries",
            _l("House of worries"),
            _l("What worries you? What makes you feel sad, cross or scared?"),
            "🌧️",
        ),
        Area(
            "good_things",
            _l("House of good things"),
            _l("What is good in your life? What makes you happy?"),
            "☀️",
        ),
        Area(
            "dreams",
            _l("House of dreams"),
            _l("If everything was just how you want it, what would be different?"),
            "⭐",
        ),
    ),
)

SAFETY_HOUSE = Tool(
    slug="safety_house",
    # Translators: the name of a drawing activity (a house the child draws, with the people and
    # rules that keep them safe). Translate the meaning ("house of safety"); it is not a shelter.
    name=_l("Safety House"),
    areas=(
        Area(
            "inside",
            _l("Inside my safety house"),
            _l("Who lives in your safety house with you? What do they do to keep you safe?"),
            "🏠",
        ),
        Area(
            "roof",
            _l("The roof: safety rules"),
            _l("What rules does everyone in your house follow, so that you are safe?"),
            "🛡️",
        ),
        Area(
            "green_circle",
            _l("The green circle"),
            _l("Who comes to visit and helps to keep you safe?"),
            "🟢",
        ),
        Area(
            "red_circle",
            _l("The red circle"),
            _l(
                "Who must not come into your house? "
                "Who can only come in when someone safe is there?"
            ),
            "🔴",
        ),
        Area(
            "path",
            _l("The safety path"),
            _l("How close are you to living in your safety house?"),
            "🛤️",
            scale=Scale(
                question=_l("How close are you to living in your safety house?"),
                low=_l("A long way away. I don't feel safe."),
                high=_l("I live in my safety house. I feel safe."),
                low_icon="🚶",
                high_icon="🏡",
            ),
        ),
    ),
)

TOOLS: dict[str, Tool] = {tool.slug: tool for tool in (THREE_HOUSES, SAFETY_HOUSE)}


def tool_name(slug: str) -> str:
    tool = TOOLS.get(slug)
    return str(tool.name) if tool else slug


def tool_for(slug: str) -> Tool:
    tool = TOOLS.get(slug)
    if tool is None:
        abort(404)
    return tool

"""The child's tools and their areas; Safety House (issue #3) adds another Tool here."""

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    # Translators: read by or to a young child; keep it short and gentle.
    prompt: str
    icon: str


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

TOOLS: dict[str, Tool] = {THREE_HOUSES.slug: THREE_HOUSES}


def tool_for(slug: str) -> Tool:
    tool = TOOLS.get(slug)
    if tool is None:
        abort(404)
    return tool

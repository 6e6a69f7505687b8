"""The child's tools and their areas; Safety House (issue #3) adds another Tool here."""

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Face:
    """One of the five faces a young child taps instead of choosing a number."""

    value: int
    icon: str
    # Read out by screen readers and shown under the face: the face's feeling in words.
    label: str


# Saddest to happiest; the number is the face's place (1-5), kept beside the face on the record.
FACES: tuple[Face, ...] = (
    Face(1, "😢", _l("Very sad")),
    Face(2, "🙁", _l("Sad")),
    Face(3, "😐", _l("In the middle")),
    Face(4, "🙂", _l("Happy")),
    Face(5, "😄", _l("Very happy")),
)


@dataclass(frozen=True)
class Scale:
    """A scaling question with both ends in words and pictures: 0-10, or five faces."""

    question: str
    low: str
    high: str
    low_icon: str = "😟"
    high_icon: str = "😊"
    # Faces for the youngest: the child taps one of FACES (1-5) instead of a number.
    faces: bool = False

    @property
    def lowest(self) -> int:
        return 1 if self.faces else 0

    @property
    def highest(self) -> int:
        return len(FACES) if self.faces else 10


def face_scale(question: str) -> Scale:
    """A five-faces scale any area of any tool can carry (data, not a new code path)."""
    return Scale(question=question, low=_l("Very sad"), high=_l("Very happy"), faces=True)


def face_for(value: int | None) -> Face | None:
    return next((f for f in FACES if f.value == value), None)


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

# Wizards and Fairies (the magic wand): Three Houses for younger children, told as a story.
# The areas keep Three Houses' slugs so the record and reports read the two side by side.
WIZARDS_AND_FAIRIES = Tool(
    slug="wizards_and_fairies",
    # Translators: the name of a story activity for young children (a good fairy, a worry
    # wizard and a dream fairy with a magic wand).
    name=_l("Wizards and Fairies"),
    areas=(
        Area(
            "worries",
            # Translators: a dark wizard who carries the child's worries; not frightening.
            _l("The wizard of worries"),
            _l(
                "The wizard of worries keeps the things that make you sad, cross or scared. "
                "What does he keep?"
            ),
            "🧙",
            scale=face_scale(_l("How do these worries make you feel?")),
        ),
        Area(
            "good_things",
            _l("The fairy of good things"),
            _l("The fairy of good things keeps what makes you happy. What does she keep?"),
            "🧚",
            scale=face_scale(_l("How do these good things make you feel?")),
        ),
        Area(
            "dreams",
            _l("The fairy of dreams"),
            _l("If you had a magic wand, what would you change?"),
            "🪄",
            scale=face_scale(_l("How would you feel if your wish came true?")),
        ),
    ),
)

# My meeting: the child's views for a meeting that decides about them (participation/meetings),
# asked for before it and read by its chair.
MY_MEETING = Tool(
    slug="my_meeting",
    # Translators: the name of an activity where a child says what they want a meeting (a
    # review or conference about them) to hear.
    name=_l("My meeting"),
    areas=(
        Area("going_well", _l("What's going well"), _l("What is going well for you?"), "☀️"),
        Area("worries", _l("What worries me"), _l("What worries you?"), "🌧️"),
        Area(
            "want_to_happen",
            _l("What I want to happen"),
            _l("What do you want to happen?"),
            "⭐",
        ),
        Area(
            "who_there",
            _l("Who I want there"),
            _l("Who do you want to be at your meeting?"),
            "👥",
        ),
        Area(
            "come_or_chair",
            _l("Coming to my meeting"),
            _l("Do you want to come to your meeting? Would you like to help run it?"),
            "🪑",
        ),
        Area(
            "advocate",
            _l("An advocate"),
            _l(
                "Would you like an advocate, someone who isn't your worker, "
                "to help you say what you think?"
            ),
            "🙋",
        ),
    ),
)

TOOLS: dict[str, Tool] = {
    tool.slug: tool for tool in (THREE_HOUSES, SAFETY_HOUSE, WIZARDS_AND_FAIRIES, MY_MEETING)
}


def tool_name(slug: str) -> str:
    tool = TOOLS.get(slug)
    return str(tool.name) if tool else slug


def tool_for(slug: str) -> Tool:
    tool = TOOLS.get(slug)
    if tool is None:
        abort(404)
    return tool

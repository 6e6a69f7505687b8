"""Who and what the demo holds: invented people and words, never anyone real."""

from datetime import date
from typing import Any

from participation.auth.models import Role

PASSWORD = "demo-password-1"  # noqa: S105  (development demo data only)

NORTHSIDE = "Northside Family Safeguarding"
SOUTHSIDE = "Southside Family Safeguarding"
LEAVING_CARE = "Leaving Care"

# (email, name, role, team); Ofcom's drama numbers (07700 900xxx) are never a real phone.
STAFF = (
    ("sam.worker@example.org", "Sam Okafor", Role.SOCIAL_WORKER, NORTHSIDE, "07700900101"),
    ("priya.worker@example.org", "Priya Shah", Role.SOCIAL_WORKER, NORTHSIDE, "07700900102"),
    ("lena.worker@example.org", "Lena Haddad", Role.SOCIAL_WORKER, SOUTHSIDE, "07700900105"),
    ("jo.manager@example.org", "Jo Fletcher", Role.TEAM_MANAGER, NORTHSIDE, "07700900103"),
    ("alex.pa@example.org", "Alex Byrne", Role.PERSONAL_ADVISER, LEAVING_CARE, "07700900104"),
    ("marta.interpreter@example.org", "Marta Wiśniewska", Role.INTERPRETER, None, None),
    ("admin@example.org", "Robin Admin", Role.ADMIN, None, None),
)
ADMIN_EMAIL = "admin@example.org"
INTERPRETER: dict[str, Any] = {
    "languages": "pl,ar",
    "serves": (NORTHSIDE, SOUTHSIDE),
    "gender": "woman",
    "described": "Polish and Arabic, for Northside and Southside",
}

# A child: details, their worker, and the words of each finished activity by area.
CHILDREN: tuple[dict[str, Any], ...] = (
    {
        "name": "Amy Clarke",
        "date_of_birth": date(2018, 6, 14),
        "case_reference": "NS-104233",
        "preferred_language": "en",
        "communication_needs": "Likes to draw first, then talk.",
        "worker": "sam.worker@example.org",
        "interpreter": "",
        "three_houses": {
            "worries": "When Dad shouts at Mum. When I can't find my reading book.",
            "good_things": "Nan's dog Biscuit. Swimming on Saturdays. My friend Lily.",
            "dreams": "Everyone stays calm and Dad comes to my party.",
        },
        "safety_house": {
            "inside": "Me, Mum and Jayden. Mum reads to us at night.",
            "roof": "Nobody shouts. If Dad has been drinking he does not come in.",
            "green_circle": "Nan, and Mrs Patel next door.",
            "red_circle": "Dad only when Nan is there.",
            "path": "I am nearly there.",
        },
        "path": {
            "scale_value": "7",
            "scale_why": "Nan comes every day now.",
            "scale_higher": "If Dad stopped drinking.",
        },  # fmt: skip
    },
    {
        "name": "Zofia Nowak",
        "date_of_birth": date(2016, 11, 21),
        "case_reference": "NS-104811",
        "preferred_language": "pl",
        "communication_needs": "Polish at home; interpreter for parents.",
        "worker": "priya.worker@example.org",
        "interpreter": "Marta Wiśniewska (Polish)",
        "three_houses": {
            "worries": "Boję się, kiedy mama płacze. Nie lubię, kiedy jest głośno w nocy.",
            "good_things": "Mój kot Puszek. Babcia robi pierogi. Lubię rysować w szkole.",
            "dreams": "Chcę, żeby mama była szczęśliwa i żebyśmy pojechali nad morze.",
        },
        "safety_house": {
            "inside": "Mama, ja i Puszek. Mama sprawdza, czy drzwi są zamknięte.",
            "roof": "Nikt nie krzyczy. Dorośli nie piją alkoholu w domu.",
            "green_circle": "Babcia Ela i pani ze szkoły.",
            "red_circle": "Pan Marek nie może przychodzić.",
            "path": "Jestem w połowie drogi.",
        },
        "path": {
            "scale_value": "5",
            "scale_why": "Czasem jeszcze się boję w nocy.",
            "scale_higher": "Gdyby babcia mieszkała bliżej.",
        },  # fmt: skip
    },
    {
        "name": "Yusuf Haddad",
        "date_of_birth": date(2015, 8, 3),
        "case_reference": "SS-220417",
        "preferred_language": "ar",
        "communication_needs": "Arabic first; some English at school.",
        "worker": "lena.worker@example.org",
        "interpreter": "Marta Wiśniewska (Arabic)",
        "three_houses": {
            "worries": "أخاف عندما يتشاجر الكبار. لا أحب أن أكون وحدي في البيت.",
            "good_things": "ألعب كرة القدم مع أخي. معلمتي لطيفة. أحب طبخ أمي.",
            "dreams": "أريد أن نعيش معًا في بيت هادئ وأن أزور جدتي.",
        },
        "safety_house": {
            "inside": "أمي وأخي الصغير وأنا. أمي تطبخ لنا وتحمينا.",
            "roof": "لا أحد يضرب أحدًا. نتكلم بهدوء.",
            "green_circle": "خالتي سلمى والمعلمة.",
            "red_circle": "عمي لا يأتي إلا إذا كانت خالتي موجودة.",
            "path": "أنا قريب من بيتي الآمن.",
        },
        "path": {
            "scale_value": "8",
            "scale_why": "البيت هادئ الآن.",
            "scale_higher": "لو رأيت جدتي أكثر.",
        },  # fmt: skip
    },
)
# Amy's brother, in the same family: his Three Houses waits behind a ready sign-in code.
CODE_CHILD: dict[str, Any] = {
    "name": "Jayden Clarke",
    "date_of_birth": date(2015, 2, 3),
    "case_reference": "NS-104234",
    "preferred_language": "en",
    "communication_needs": "",
    "worker": "sam.worker@example.org",
}

# The Clarke family's safety plan, written by Sam with the network.
PAIRS = (
    (
        "When Dad drinks he shouts at Mum, and Amy and Jayden hide upstairs scared.",
        "Amy and Jayden feel safe and calm at home, and know the grown-ups will keep them safe.",
    ),
)
RULES = (
    ("If Dad has been drinking, he does not come into the house.", "Dad"),
    ("Nan collects Amy and Jayden from school on Wednesdays and Fridays.", "Nan"),
    ("If anyone shouts, Mum takes the children to Mrs Patel next door.", "Mum"),
)
ITEMS = (
    ("bottom_line", "The children are never left alone with Dad when he has been drinking.", ""),
    ("council_contingency", "If the plan breaks down, Sam visits within one working day.", ""),
    ("network_contingency", "If Nan is ill, Mrs Patel collects the children.", "Mrs Patel"),
    ("red_flag", "Dad's car parked outside the pub after 6 pm.", ""),
    ("trigger", "Friday evenings, after Dad is paid.", ""),
)
SAFETY_OBJECT = {
    "safety_object": "Amy's blue teddy, Bluey",
    "usual_place": "on the kitchen windowsill",
    "moved_means": "Amy does not feel safe and needs Nan",
    "who_acts": "Nan",
}
BOSS = {"name": "Nan Clarke", "relationship": "Grandmother", "contact": "07700900301"}
MEMBER = {"name": "Asha Patel", "relationship": "Neighbour", "contact": "07700900302"}
# (who writes, plan worked, what happened, red flags, which rule by its position, days ago)
JOURNAL = (
    ("boss", "yes", "Collected Amy and Jayden from school. Tea at mine, both happy.", "", 1, 3),
    (
        "member",
        "no",
        "Heard shouting next door at 9 pm. Mum did not bring the children round; I knocked "
        "and nobody answered.",
        "Dad's car was outside from 7 pm.",
        2,
        1,
    ),
)

YOUNG_PERSON: dict[str, Any] = {
    "name": "Jordan Reid",
    "date_of_birth": date(2008, 4, 2),
    "preferred_language": "en",
    "adviser": "alex.pa@example.org",
}
# Part-written: some sections in Jordan's words, the rest still empty.
PATHWAY_SECTIONS = {
    "health": (
        "I'm mostly fine. I want to sort out my asthma inhaler before winter.",
        "Register with a GP near my flat.",
    ),  # fmt: skip
    "education": (
        "Doing level 2 plumbing at college, three days a week.",
        "Finish the course and get an apprenticeship.",
    ),  # fmt: skip
    "accommodation": ("Semi-independent flat in Northside. It's ok but noisy.", ""),
}
SUGGESTION = (
    "money",
    "want_to_achieve",
    "Open a bank account and set up a budget for rent and food.",
)

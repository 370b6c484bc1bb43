"""A realistic demo workspace, for trying the app and for tests.

Every person and organization here is fictional. ``populate_demo`` fills a
fresh workspace through ``Workspace.bulk_load`` (every row validated, one
transaction), deterministically for a given seed and day: cohort 1 is the
program's first cohort of seven state teams, about four months into its six
months; more cohorts (``cohorts > 1``) rotate through all 50 states and DC,
further and further back in time, so a big file looks like years of use.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from equitycohort.data.frameworks import DEFAULT_FRAMEWORK, framework_rows
from equitycohort.data.schema import FOCUS_AREAS
from equitycohort.data.states import DISTRICT, PLACE_TIMEZONES, STATES
from equitycohort.data.workspace import new_id

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: the states of the program's first cohort, as the seed names them
SEED_STATES = ("AZ", "CO", "IA", "NC", "PA", "WA", "WI")
PROGRAM_NAME = "Operationalizing Equity"
FUNDER = "Alliance for Early Opportunity"
SESSION_TIMEZONE = "America/Chicago"
#: how many months earlier each further cohort starts
COHORT_SPACING_MONTHS = 3
#: how long after its end a cohort stays a community of practice
COMMUNITY_YEARS = 2

# Tables in the order bulk_load gets them: parents before children.
TABLE_ORDER = (
    "programs", "partners", "people", "frameworks", "levels", "dimensions", "descriptors",
    "cohorts", "teams", "team_members", "sessions", "session_facilitators", "attendance",
    "assessments", "ratings", "goals", "actions", "milestones", "checkins", "next_steps",
)

# --- fixed cast ------------------------------------------------------------

PARTNERS = (
    # name, focus area index, website, contact (name, title, pronouns, languages)
    ("Northstar Data Collaborative", 0, "https://northstar-data.example.org",
     ("Priya Raman", "Senior Research Scientist", "she/her", "English, Tamil")),
    ("Harbor & Bridge Institute", 1, "https://harborbridge.example.org",
     ("Hamid Karimi", "Policy Analyst, Immigrant Families", "he/him", "English, Dari, Farsi")),
    ("Center for Just Policy Design", 2, "https://justpolicydesign.example.org",
     ("Keisha Duval-Moore", "Director of State Policy", "she/her", "English")),
    ("Common Frame Communications", 3, "https://commonframe.example.org",
     ("Sam Whitcomb", "Senior Strategist", "they/them", "English")),
)
FACILITATORS = (
    # name, title, pronouns, languages, notes
    ("Renée Okafor", "Community Lead, Operationalizing Equity", "she/her", "English, French",
     "Community lead: organizes the sessions, supports the planning team and follows up "
     "with each state team."),
    ("Tomás Aguilar-Reyes", "Program Facilitator", "he/him", "English, Spanish",
     "Co-facilitates cohort sessions; first contact for the western states."),
)

#: cohort 1: a fictional organization per seed state and its three leaders,
#: the executive director first: (name, pronouns, preferred language)
COHORT_ONE = {
    "AZ": ("Sonoran Families Forward", (
        ("Marisol Ybarra-Quintero", "she/her", "English, Spanish"),
        ("Daniel Tsinajinnie", "he/him", "English"),
        ("Amira Haddad (أميرة حداد)", "she/her", "English, Arabic"),
    )),
    "CO": ("Front Range Children's Roundtable", (
        ("Ruth Abernathy-Cole", "she/her", "English"),
        ("José Ñúñez", "he/him", "Spanish, English"),
        ("Kai Oyelaran", "they/them", "English"),
    )),
    "IA": ("Prairie Early Years Alliance", (
        ("Gregory Lindqvist", "he/him", "English"),
        ("Zofia Wąsowska", "she/her", "English, Polish"),
        ("Fatuma Abdi Warsame", "she/her", "English, Somali"),
    )),
    "NC": ("Piedmont Kids & Families Collaborative", (
        ("Angela Whitfield-Boone", "she/her", "English"),
        ("Nguyễn Thị Lan", "she/her", "Vietnamese, English"),
        ("Carlos Mendoza Ríos", "he/him", "Spanish, English"),
    )),
    "PA": ("Keystone Early Learning Table", (
        ("Margaret O'Donnell", "she/her", "English"),
        ("Ming Li (李明)", "he/him", "English, Mandarin"),
        ("Darnell Washington", "he/him", "English"),
    )),
    "WA": ("Cascadia Children's Equity Project", (
        ("Leilani Kahale", "she/her", "English"),
        ("Olena Kovalenko (Олена Коваленко)", "she/her", "Ukrainian, English"),
        ("Priyanka Raghunathan", "she/they", "English, Tamil"),
    )),
    "WI": ("Driftless Family Futures Network", (
        ("Bao Xiong", "she/her", "English, Hmong"),
        ("Erik Søndergaard", "he/him", "English"),
        ("Jasmine Whitehorse", "she/they", "English"),
    )),
}

ORG_TEMPLATES = (
    "{state} Early Years Alliance", "{state} Families Forward", "{state} Child Equity Network",
    "{state} Kids & Families Collaborative", "{state} Early Learning Roundtable",
    "{state} Family Futures Project", "{state} Children's Policy Table",
    "{state} Whole Child Partnership", "Growing Up {state}", "{state} Cradle Coalition",
    "{state} Young Families Institute", "Thriving Children {state}",
)

FIRST_NAMES = (
    ("José", "he/him"), ("Sofía", "she/her"), ("Zoë", "she/her"), ("Zofia", "she/her"),
    ("Björn", "he/him"), ("Ngozi", "she/her"), ("Thảo", "she/her"), ("Siobhán", "she/her"),
    ("Chloé", "she/her"), ("André", "he/him"), ("Mónica", "she/her"), ("Inés", "she/her"),
    ("Kalani", "they/them"), ("Aiyana", "she/her"), ("Oluwaseun", "he/him"), ("Łukasz", "he/him"),
    ("Maria", "she/her"), ("James", "he/him"), ("Aaliyah", "she/her"), ("DeShawn", "he/him"),
    ("Rosa", "she/her"), ("Miguel", "he/him"), ("Hannah", "she/her"), ("Samuel", "he/him"),
    ("Priya", "she/her"), ("Arjun", "he/him"), ("Mei", "she/her"), ("Wei", "he/him"),
    ("Hye-jin", "she/her"), ("Min-jun", "he/him"), ("Fatima", "she/her"), ("Omar", "he/him"),
    ("Yusuf", "he/him"), ("Amina", "she/her"), ("Tanisha", "she/her"), ("Marcus", "he/him"),
    ("Elena", "she/her"), ("Dmitri", "he/him"), ("Ingrid", "she/her"), ("Rowan", "they/them"),
    ("Jordan", "they/them"), ("Avery", "she/they"), ("Keanu", "he/him"), ("Noelani", "she/her"),
    ("Paj", "she/her"), ("Tou", "he/him"), ("Chayton", "he/him"), ("Winona", "she/her"),
    ("Graciela", "she/her"), ("Héctor", "he/him"), ("Beatriz", "she/her"), ("Joaquín", "he/him"),
    ("Anh", "she/her"), ("Duc", "he/him"), ("Layla", "she/her"), ("Tariq", "he/him"),
    ("Catherine", "she/her"), ("Robert", "he/him"), ("Linnea", "she/her"), ("Mateo", "he/him"),
    ("Imani", "she/her"), ("Kwame", "he/him"), ("Rachel", "she/her"), ("Eli", "he/him"),
)
#: last names, with a language a person might prefer alongside English
LAST_NAMES = (
    ("Ñúñez", "Spanish"), ("Wąsowska", "Polish"), ("Gutiérrez", "Spanish"), ("Nguyễn", "Vietnamese"),
    ("Đặng", "Vietnamese"), ("Okonkwo", "Igbo"), ("Bălan", "Romanian"), ("Müller", "German"),
    ("Søndergaard", None), ("Ó Briain", "Irish"), ("Kahananui", "Hawaiian"), ("Yazzie", "Navajo"),
    ("Begay", "Navajo"), ("Haddad", "Arabic"), ("Abernathy", None), ("Washington", None),
    ("Jefferson", None), ("Kowalczyk", "Polish"), ("Hernández", "Spanish"), ("Rodríguez", "Spanish"),
    ("Chávez", "Spanish"), ("Martínez", "Spanish"), ("Kim", "Korean"), ("Park", "Korean"),
    ("Patel", "Gujarati"), ("Shah", "Gujarati"), ("Desai", "Gujarati"), ("Hussein", "Somali"),
    ("Ali", "Arabic"), ("Tran", "Vietnamese"), ("Pham", "Vietnamese"), ("Vang", "Hmong"),
    ("Xiong", "Hmong"), ("Yang", "Hmong"), ("Lor", "Hmong"), ("Tsosie", "Navajo"),
    ("Johnson", None), ("Williams", None), ("Brown", None), ("Davis", None),
    ("Robinson", None), ("Coleman", None), ("Okafor", "Igbo"), ("Mensah", "Twi"),
    ("Lindqvist", "Swedish"), ("Fischer", None), ("O'Connell", None), ("Sullivan", None),
    ("Zhang", "Mandarin"), ("Chen", "Mandarin"), ("Wong", "Cantonese"), ("Singh", "Punjabi"),
    ("Petrov", "Russian"), ("Kovalenko", "Ukrainian"), ("Abdi", "Somali"), ("Warsame", "Somali"),
    ("Moreno", "Spanish"), ("Castillo", "Spanish"), ("Delgado", "Spanish"), ("Ramírez", "Spanish"),
    ("Whitehorse", None), ("Running Water", None), ("Baptiste", "Haitian Creole"), ("Pierre", "Haitian Creole"),
)
#: a few names as people write them in two scripts
TWO_SCRIPT_NAMES = (
    ("Ji-woo Park (박지우)", "she/her", "English, Korean"),
    ("Anjali Mehta (अंजलि मेहता)", "she/her", "English, Hindi"),
    ("Yousef Mansour (يوسف منصور)", "he/him", "Arabic, English"),
    ("Wang Fang (王芳)", "she/her", "Mandarin, English"),
    ("Dmytro Shevchuk (Дмитро Шевчук)", "he/him", "Ukrainian, English"),
    ("Abebe Tesfaye (አበበ ተስፋዬ)", "he/him", "Amharic, English"),
)
#: (job title, role in the team) for the two leaders besides the director
LEADER_ROLES = (
    ("Policy Director", "Policy lead"),
    ("Communications Director", "Communications lead"),
    ("Data and Research Manager", "Data lead"),
    ("Community Engagement Manager", "Community engagement lead"),
    ("Deputy Director", "Equity work lead"),
    ("Director of Operations", "Operations and people lead"),
    ("Senior Policy Analyst", "Policy lead"),
    ("Organizing Director", "Community partnerships lead"),
)
PERSON_NOTES = (
    "Prefers a text message for quick questions.",
    "Out on family leave until the end of next month; copy the deputy on everything.",
    "Joined the organization this year; new to the coalition.",
    "Serves on the state early childhood advisory council.",
    "Best reached mornings, Mountain time.",
    "Asked for materials in large print.",
)

# --- sessions --------------------------------------------------------------

#: (title, partner focus index or None, agenda lines)
SESSIONS = (
    ("Opening: where we stand and why it matters", None, (
        "Welcome and land acknowledgment",
        "Introductions: each team shares why it joined the cohort",
        "Community agreements: bringing vulnerability and courage",
        "The self-assessment: how baseline ratings work",
        "Team time: plan your baseline conversation",
        "Closing reflection",
    )),
    ("Building a shared language", None, (
        "Check-in round",
        "Why shared definitions matter for advocacy",
        "Small groups: the words our organizations avoid, and why",
        "Drafting a working glossary with your team",
        "Report back and next steps",
    )),
    ("Data that shows who is left out", 0, (
        "Check-in round",
        "Partner presentation: disaggregating state data by race, ethnicity and language",
        "Case study: one brief, two stories",
        "Team time: find one data gap in your workplan",
        "Questions for the data partner",
    )),
    ("In-person convening: equity at the center of the policy agenda", 2, (
        "Breakfast and arrivals",
        "Opening circle",
        "Partner workshop: an equity screen for policy positions",
        "Lunch with the other teams",
        "Team time: test the screen on one of your live priorities",
        "Gallery walk of workplans",
        "Closing and travel home",
    )),
    ("Supporting immigrant and refugee families", 1, (
        "Check-in round",
        "Partner presentation: eligibility barriers and the chilling effect",
        "Panel: organizers from immigrant-led groups (invited speakers)",
        "Team time: language access in your materials",
        "Report back",
    )),
    ("Engaging broad audiences, and closing the cohort", 3, (
        "Check-in round",
        "Partner presentation: framing that names causes without blaming families",
        "Practice: a message for a skeptical legislator",
        "Looking back: what changed since the baseline",
        "The community of practice after the cohort",
        "Closing celebration",
    )),
)
CONVENING_INDEX = 3
VENUES = (
    ("Harvest Room, Commons Conference Center, 1400 Larimer Row, Denver, CO", "CO"),
    ("Room 2B, Riverside Event Hall, 310 Water Street, Des Moines, IA", "IA"),
    ("Union Room, Lakeview Meeting Center, 55 Wacker Court, Chicago, IL", "IL"),
    ("Cedar Hall, Blue Ridge Retreat Center, Asheville, NC", "NC"),
    ("Suite 300, Harborview Convening Space, Baltimore, MD", "MD"),
)
TEAM_SESSIONS = (
    ("Data walk-through with the {state} team", 0),
    ("Equity screen coaching for the {state} team", 2),
    ("Message testing with the {state} team", 3),
    ("Language access planning with the {state} team", 1),
)
ABSENCE_NOTES = ("Legislative hearing the same afternoon", "Family leave", "Travel delay",
                 "Board meeting conflict", "Ill", "")

# --- self-assessment evidence -----------------------------------------------

EVIDENCE = {
    1: ("Talked about at the staff retreat; nothing written down yet.",
        "Named as a priority, but no one owns it yet.",
        "We realised we have never looked at this directly.",
        "Individual staff care about it; the organization has no practice."),
    2: ("A first draft exists and the team has reviewed it.",
        "Tried once this quarter; we wrote down what we learned.",
        "Some staff do this; it depends on who is on the project.",
        "Started with one campaign; not yet the norm."),
    3: ("Part of how we work now; used in the last two campaigns.",
        "Written into our planning template and checked at every review.",
        "The board reviewed it in the spring and asked for more.",
        "Staff can point to three examples from this year."),
    4: ("Partners ask us to share how we do this.",
        "Reviewed every year with community partners; budget set aside.",
        "Other coalition members have adopted our approach.",
        "Community members lead this, with staff in support."),
}

# --- workplans --------------------------------------------------------------

#: title, description, indicator, unit, baseline, target, partner focus index,
#: actions, milestone
GOALS = (
    ("Publish policy briefs with disaggregated data",
     "Every brief shows who is affected, by race, ethnicity and language where data allows.",
     "Policy briefs with data disaggregated by race, ethnicity and language", "briefs", 0, 6, 0,
     ("Inventory state data sources that can be broken down by race and ethnicity",
      "Draft the first brief on child care subsidy access",
      "Review methods with the data partner",
      "Brief legislative staff on the findings"),
     "First disaggregated brief published"),
    ("Build authentic partnerships with community-led organizations",
     "Move from sign-on requests to written, paid partnerships.",
     "Community-led organizations in written partnership agreements", "partners", 1, 5, 2,
     ("Map community-led groups already working on early childhood",
      "Hold listening meetings with three community-led groups",
      "Draft a partnership agreement template with stipend terms",
      "Co-design one legislative priority with partners"),
     "First partnership agreement signed"),
    ("Center lived experience in the policy agenda",
     "Parents and caregivers shape priorities, paid for their expertise.",
     "Parents with lived experience on the policy advisory table", "parents", 0, 8, 2,
     ("Set a stipend policy for parent advisors",
      "Recruit parent advisors through partner organizations",
      "Hold the first advisory table meeting",
      "Report back to advisors on how their input was used"),
     "Parent advisory table meets for the first time"),
    ("Adopt an equity screen for every policy position",
     "No position is adopted without asking who benefits and who is left out.",
     "Share of new policy positions reviewed with the equity screen", "%", 0, 100, 2,
     ("Adapt the sample equity screen to our state",
      "Pilot the screen on two live priorities",
      "Train policy staff to use the screen",
      "Ask the board to adopt the screen as policy"),
     "Board adopts the equity screen"),
    ("Reach new audiences with equity-centered messages",
     "Test framing that names structural causes, and use it in public.",
     "Earned media pieces using the tested equity framing", "pieces", 2, 12, 3,
     ("Audit last year's op-eds and press releases for framing",
      "Test two message frames with a parent focus group",
      "Train spokespeople, including parent leaders",
      "Place op-eds co-written with community partners"),
     "Message guide shared with the coalition"),
    ("Make materials accessible in the languages families speak",
     "Core materials reach families in their own languages.",
     "Core materials available in Spanish and one more language", "documents", 1, 10, 1,
     ("Identify the languages most spoken by families we serve",
      "Set up a translation budget line",
      "Translate the fact sheet series",
      "Test translated materials with immigrant-led partners"),
     "Fact sheet series available in three languages"),
    ("Embed equity in governance",
     "The board owns the equity commitments, not only the staff.",
     "Board members who completed the equity learning series", "members", 0, 12, None,
     ("Schedule the board equity learning series",
      "Review board recruitment criteria",
      "Add equity goals to the executive director's review",
      "Publish the organization's equity commitments"),
     "Board adopts written equity commitments"),
    ("Build a shared language across the staff",
     "Everyone can explain what we mean by racial equity, and uses it.",
     "Staff who completed the shared-language sessions", "staff", 0, 18, None,
     ("Draft a working glossary with the cohort team",
      "Run shared-language sessions for all staff",
      "Add the glossary to onboarding",
      "Review planning templates for the new language"),
     "Glossary adopted by staff and board"),
    ("Engage immigrant- and refugee-led groups",
     "Hear directly from immigrant and refugee families before setting priorities.",
     "Listening sessions co-hosted with immigrant- and refugee-led groups", "sessions", 0, 4, 1,
     ("Reach out to immigrant- and refugee-led groups through the partner",
      "Co-host the first listening session, with interpretation",
      "Share back what we heard",
      "Fold what we heard into next session's agenda"),
     "First co-hosted listening session held"),
    ("Hire and promote equitably",
     "Our own practice matches what we ask of the state.",
     "Open roles filled using the revised equitable hiring practice", "roles", 0, 3, None,
     ("Review job descriptions for unnecessary degree requirements",
      "Publish salary ranges on every posting",
      "Set up diverse interview panels",
      "Review pay equity across the staff"),
     "Pay equity review completed"),
)
SUPPORT_NEEDED = (
    "A sample equity screen from another state would help us start.",
    "Help from the data partner to check our methods before we publish.",
    "Need a translator for the Hmong and Somali versions.",
    "Coaching on how to raise this with the board chair.",
    "Introductions to immigrant-led groups in the eastern part of the state.",
    "Feedback on the draft message frames from the communications partner.",
    "Budget: stipends for parent advisors are not yet funded.",
)
ACTION_NOTES = (
    "Waiting on the state agency's data request.",
    "Moved after the legislative session ran long.",
    "Board retreat pushed to next quarter.",
    "Partner reviewed the draft; edits in progress.",
)

# --- check-ins ---------------------------------------------------------------

SUMMARIES = (
    "Reviewed workplan progress; the team is on track with {goal}.",
    "Talked through the baseline ratings and where the team wants to grow first.",
    "Caught up after the last cohort session; the team is applying the equity screen to a live bill.",
    "Planned the next steps on {goal} and who needs to be in the room.",
    "Focused on how to bring the full staff along with what the cohort team is learning.",
    "Checked in on the legislative calendar and how it affects the workplan timeline.",
    "Prepared for the partner's coaching session and agreed what to bring.",
)
COMMUNITY_SUMMARIES = (
    "Community of practice check-in: the team shared how the equity screen is holding up a year on.",
    "Periodic check-in; the team is bringing a new staff member up to speed on the shared language.",
    "Community of practice check-in about the upcoming session and the data partner's new tools.",
    "Caught up on {goal}; the work continues after the cohort, at a slower pace.",
)
WINS = (
    "{name} presented the disaggregated data to the legislative caucus; two members asked for follow-up.",
    "The board approved stipends for parent advisors.",
    "First brief with data by race and language went out; partners shared it widely.",
    "Two community-led groups agreed to co-design the next policy priority.",
    "Staff adopted the working glossary in their planning documents.",
    "Op-ed co-written with a parent leader ran in the state's largest paper.",
    "The equity screen changed the team's position on a work requirement bill.",
    "",
)
CHALLENGES = (
    "Capacity: the legislative session is taking everyone's time.",
    "The state agency has not answered the data request after six weeks.",
    "Response rate to the parent survey is < 20% in rural counties.",
    "Some board members question whether the equity work is \"mission creep\".",
    "Translation costs are higher than budgeted.",
    "Staff turnover on the communications side.",
    "",
)
SUPPORT_REQUESTED = (
    "Introduction to the data partner's analyst.",
    "Examples of partnership agreements from other teams in the cohort.",
    "Coaching for {name} before the board presentation.",
    "Review of the translated fact sheet.",
    "Message testing support from the communications partner.",
    None, None,
)
PRIVATE_NOTES = (
    "{ed} seemed stretched thin; {name} carried most of the call. Ask gently about capacity next time.",
    "Some tension between {ed} and {name} about pace. Worth a one-to-one with {ed} before the next session.",
    "{name} mentioned they may be leaving the organization this summer; keep it confidential.",
    "The team is candid in one-to-ones but quiet in cohort sessions; consider pairing them with another team.",
    "{ed} asked not to share the board conflict with the rest of the cohort.",
    "Strong energy today. {name} is ready to take on more leadership in the cohort.",
    "Funding uncertainty is weighing on the team; they did not want it in the shared summary.",
)
NEGLECTED_NOTE = ("Hard to reach lately; {ed} has not answered the last two e-mails and "
                  "{name} says the team is overwhelmed. Try a phone call rather than e-mail.")
LEADER_STEPS = (
    "Send the draft brief to the data partner for review.",
    "Share the baseline ratings with the full staff.",
    "Book the board's equity learning session.",
    "Draft the partnership agreement with the community group.",
    "Update workplan indicators before the next session.",
    "Collect parent advisor availability for the first meeting.",
    "Bring one live policy position to test with the equity screen.",
)
FACILITATOR_STEPS = (
    "Send examples of partnership agreements from other teams.",
    "Introduce the team to the data partner's analyst.",
    "Share the slides and recording from the last session.",
    "Set up coaching with the communications partner.",
)


# --- helpers -------------------------------------------------------------------

def second_tuesday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)


def _weekday(date: dt.date) -> dt.date:
    """The date, or the Monday after it if it falls on a weekend."""
    return date + dt.timedelta(days=7 - date.weekday()) if date.weekday() >= 5 else date


_UNSPLIT = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                          "ß": "ss", "æ": "ae", "Æ": "AE", "'": "", "\u2019": ""})


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a name, for e-mail addresses and domains."""
    folded = unicodedata.normalize("NFKD", text.translate(_UNSPLIT)).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+(?:-[a-z]+)*", folded.lower())


def _domain(organization: str) -> str:
    words = [w for w in _ascii_words(organization) if w not in ("the", "of", "for", "and")]
    return "".join(words[:2]).replace("-", "") + ".example.org"


def _email(name: str, domain: str, fallback: str) -> str:
    words = _ascii_words(name.split("(")[0])
    local = f"{words[0]}.{words[-1]}" if len(words) >= 2 else (words[0] if words else fallback)
    return f"{local}@{domain}"


def _phone(rng: random.Random) -> str:
    return f"({rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(2, 9)}) 555-01{rng.randint(0, 99):02d}"


def _fill(text: str | None, values: dict) -> str | None:
    return text.format(**values) if text else None


def _phase(start: dt.date, end: dt.date, today: dt.date) -> str:
    if start > today:
        return "planning"
    if today <= end:
        return "active"
    if today <= end + relativedelta(years=COMMUNITY_YEARS):
        return "community"
    return "closed"


def cohort_start(today: dt.date, number: int) -> dt.date:
    """Cohort 1 starts on the second Tuesday about four months before today;
    each further cohort a few months earlier."""
    month = today.replace(day=1) - relativedelta(months=4 + COHORT_SPACING_MONTHS * (number - 1))
    return second_tuesday(month.year, month.month)


def _rotation(seed: int) -> list[str]:
    """All states and DC for cohorts 2 and on: the others first, then the seed states."""
    rng = random.Random(seed)
    others = [code for code in (*STATES, *DISTRICT) if code not in SEED_STATES]
    rng.shuffle(others)
    return others + list(SEED_STATES)


class _Builder:
    def __init__(self, ws: Workspace, today: dt.date, seed: int) -> None:
        self.ws = ws
        self.today = today
        self.seed = seed
        self.tables: dict[str, list[dict]] = {t: [] for t in TABLE_ORDER}
        self.used_names: set[str] = set()
        self.org_uses: dict[str, int] = {}

    def add(self, table: str, row: dict) -> str:
        row["id"] = row.get("id") or new_id()
        self.tables[table].append(row)
        return row["id"]

    # --- the shared cast ---------------------------------------------------

    def base(self) -> None:
        rng = random.Random(self.seed)
        self.program_id = self.add("programs", {
            "name": PROGRAM_NAME, "organization": FUNDER,
            "description": (
                "A six-month learning and leadership program for state advocacy organizations. "
                "Each cohort brings together six to eight state teams of three leaders, including "
                "the executive director, to center racial justice, equity, diversity and inclusion "
                "in their work, with customised support from the planning partners and a community "
                "of practice after the six months."),
        })
        self.partner_ids: list[str] = []
        for name, focus, website, (contact, title, pronouns, language) in PARTNERS:
            partner_id = self.add("partners", {
                "name": name, "focus_areas": [FOCUS_AREAS[focus]], "website": website,
                "notes": f"Planning partner for {FOCUS_AREAS[focus].lower()}.",
            })
            self.partner_ids.append(partner_id)
            self.add("people", {
                "name": contact, "kind": "partner", "title": title, "organization": name,
                "email": _email(contact, _domain(name), "contact"), "phone": _phone(rng),
                "preferred_language": language, "pronouns": pronouns, "partner_id": partner_id,
            })
            self.used_names.add(contact)
        self.facilitator_ids: list[str] = []
        for name, title, pronouns, language, notes in FACILITATORS:
            self.facilitator_ids.append(self.add("people", {
                "name": name, "kind": "facilitator", "title": title, "organization": FUNDER,
                "email": _email(name, _domain(FUNDER), "facilitator"), "phone": _phone(rng),
                "preferred_language": language, "pronouns": pronouns, "notes": notes,
            }))
            self.used_names.add(name)
        existing = self.ws.scalar("SELECT id FROM frameworks WHERE name = ? ORDER BY created LIMIT 1",
                                  (DEFAULT_FRAMEWORK["name"],))
        if existing:  # a new workspace already carries the default framework
            self.framework_id = existing
            self.dimension_ids = [r[0] for r in self.ws.query(
                "SELECT id FROM dimensions WHERE framework_id = ? ORDER BY position", (existing,))]
            self.max_rank = self.ws.scalar("SELECT max(rank) FROM levels WHERE framework_id = ?", (existing,))
        else:
            rows = framework_rows(DEFAULT_FRAMEWORK)
            for table in ("frameworks", "levels", "dimensions", "descriptors"):
                self.tables[table].extend(rows[table])
            self.framework_id = rows["frameworks"][0]["id"]
            self.dimension_ids = [d["id"] for d in rows["dimensions"]]
            self.max_rank = max(level["rank"] for level in rows["levels"])

    # --- one cohort ----------------------------------------------------------

    def cohort(self, number: int, states: list[str]) -> None:
        rng = random.Random(self.seed * 100_003 + number)
        today = self.today
        start = cohort_start(today, number)
        end = start + relativedelta(months=6)
        phase = "active" if number == 1 else _phase(start, end, today)
        cohort_id = self.add("cohorts", {
            "program_id": self.program_id, "name": f"Cohort {number}",
            "start_date": start, "end_date": end, "phase": phase,
            "notes": ("The program's first cohort, from the states named at launch."
                      if number == 1 else None),
        })
        teams = [self._team(rng, number, cohort_id, state) for state in states]
        # the team that went quiet: missed the last two sessions, not contacted for weeks
        quiet = rng.randrange(len(teams)) if number == 1 else None
        self._sessions(rng, number, cohort_id, start, teams, quiet)
        all_actions: list[dict] = []
        for index, team in enumerate(teams):
            self._assessments(rng, team, start, end)
            all_actions += self._workplan(rng, team, start, end)
            self._checkins(rng, team, start, end, quiet=index == quiet)
        if number == 1:
            _ensure_statuses(all_actions, today)

    def _team(self, rng: random.Random, number: int, cohort_id: str, state: str) -> dict:
        if number == 1:
            organization, cast = COHORT_ONE[state]
            leaders = list(cast)
        else:
            uses = self.org_uses.get(state, 0)
            self.org_uses[state] = uses + 1
            template = ORG_TEMPLATES[(uses + sum(map(ord, state))) % len(ORG_TEMPLATES)]
            organization = template.format(state=STATES.get(state) or DISTRICT[state])
            leaders = [self._new_leader(rng) for _ in range(3)]
        team_id = self.add("teams", {
            "cohort_id": cohort_id, "state": state, "organization": organization,
            "notes": rng.choice((
                None, "Statewide early childhood advocacy; strong coalition role.",
                "Small staff; the cohort team is half the organization.",
                "New executive director this year.",
                "Leads the state's early learning coalition.",
            )),
        })
        domain = _domain(organization)
        roles = rng.sample(LEADER_ROLES, 2)
        people = []
        for position, (name, pronouns, language) in enumerate(leaders):
            title, role = ("Executive Director", "Executive Director") if position == 0 else roles[position - 1]
            person_id = self.add("people", {
                "name": name, "kind": "leader", "title": title, "organization": organization,
                "email": _email(name, domain, f"leader{position + 1}"), "phone": _phone(rng),
                "preferred_language": language, "pronouns": pronouns,
                "notes": rng.choice(PERSON_NOTES) if rng.random() < 0.12 else None,
            })
            self.add("team_members", {
                "team_id": team_id, "person_id": person_id, "role": role,
                "is_executive_director": 1 if position == 0 else 0, "position": position,
            })
            people.append({"id": person_id, "name": name})
        return {"id": team_id, "state": state, "organization": organization, "leaders": people,
                "facilitator": self.facilitator_ids[rng.randrange(len(self.facilitator_ids))]}

    def _new_leader(self, rng: random.Random) -> tuple[str, str, str]:
        if rng.random() < 0.04:
            name, pronouns, language = rng.choice(TWO_SCRIPT_NAMES)
            if name not in self.used_names:
                self.used_names.add(name)
                return name, pronouns, language
        for _ in range(50):
            first, pronouns = rng.choice(FIRST_NAMES)
            last, hint = rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        language = "English"
        if hint and rng.random() < 0.35:
            language = rng.choice((f"English, {hint}", f"{hint}, English"))
        return name, pronouns, language

    # --- sessions and attendance ------------------------------------------------

    def _sessions(self, rng, number, cohort_id, start, teams, quiet) -> None:
        today = self.today
        dates = [second_tuesday((start + relativedelta(months=i)).year,
                                (start + relativedelta(months=i)).month) for i in range(len(SESSIONS))]
        held = [i for i, d in enumerate(dates) if d < today]
        quiet_misses = set(held[-2:]) if quiet is not None else set()
        for i, (title, focus, agenda) in enumerate(SESSIONS):
            date = dates[i]
            in_person = i == CONVENING_INDEX
            venue, venue_state = VENUES[(number + self.seed) % len(VENUES)]
            status = "held" if date < today else "scheduled"
            session_id = self.add("sessions", {
                "cohort_id": cohort_id, "title": f"Session {i + 1}: {title}", "kind": "cohort",
                "format": "in_person" if in_person else "virtual",
                "location": venue if in_person else None,
                "link": None if in_person else f"https://meet.example.org/oe/cohort-{number}/session-{i + 1}",
                "date": date, "start_time": "09:30" if in_person else "13:00",
                "duration_minutes": 390 if in_person else 90,
                "timezone": PLACE_TIMEZONES[venue_state] if in_person else SESSION_TIMEZONE,
                "agenda": "\n".join(f"{n}. {line}" for n, line in enumerate(agenda, 1)),
                "status": status,
                "partner_id": self.partner_ids[focus] if focus is not None else None,
                "notes": "Slides and recording shared with the cohort." if status == "held" else None,
            })
            self.add("session_facilitators", {
                "session_id": session_id, "person_id": self.facilitator_ids[i % len(self.facilitator_ids)]})
            if status != "held":
                continue
            for t, team in enumerate(teams):
                for leader in team["leaders"]:
                    note: str | None
                    if t == quiet and i in quiet_misses:
                        mark, note = "absent", "No one from the team joined."
                    else:
                        r = rng.random()
                        mark = "present" if r < 0.86 else ("excused" if r < 0.94 else "absent")
                        note = rng.choice(ABSENCE_NOTES) if mark == "excused" else None
                    self.add("attendance", {"session_id": session_id, "person_id": leader["id"],
                                            "status": mark, "note": note})
        # support sessions for single teams: one held early on, one coming up or later
        picks = rng.sample(range(len(teams)), 2)
        for n, t in enumerate(picks):
            team = teams[t]
            title, focus = TEAM_SESSIONS[rng.randrange(len(TEAM_SESSIONS))]
            if n == 0:
                date = start + dt.timedelta(days=rng.randint(30, 60))
            elif number == 1:
                date = today + dt.timedelta(days=rng.randint(6, 20))
            else:
                date = start + dt.timedelta(days=rng.randint(100, 150))
            date += dt.timedelta(days=(3 - date.weekday()) % 7)  # a Thursday
            status = "held" if date < today else "scheduled"
            session_id = self.add("sessions", {
                "cohort_id": cohort_id, "team_id": team["id"],
                "title": title.format(state=STATES.get(team["state"]) or DISTRICT[team["state"]]),
                "kind": "team", "format": "virtual",
                "link": f"https://meet.example.org/oe/cohort-{number}/team-{team['state'].lower()}",
                "date": date, "start_time": "10:00", "duration_minutes": 60,
                "timezone": PLACE_TIMEZONES[team["state"]],
                "agenda": "1. Where the team is stuck\n2. Partner input\n3. Agree next steps",
                "status": status, "partner_id": self.partner_ids[focus],
            })
            self.add("session_facilitators", {"session_id": session_id, "person_id": team["facilitator"]})
            if status == "held":
                for leader in team["leaders"]:
                    self.add("attendance", {"session_id": session_id, "person_id": leader["id"],
                                            "status": "present" if rng.random() < 0.9 else "excused"})

    # --- self-assessment ------------------------------------------------------

    def _assessments(self, rng, team, start, end) -> None:
        rounds = [("baseline", start + dt.timedelta(days=rng.randint(5, 12)))]
        midpoint = start + relativedelta(months=3) + dt.timedelta(days=rng.randint(0, 10))
        if midpoint < self.today:
            rounds.append(("midpoint", midpoint))
            final = end + dt.timedelta(days=rng.randint(0, 14))
            if final < self.today:
                rounds.append(("end", final))
        levels = [rng.choices((1, 2, 3), (45, 40, 15))[0] for _ in self.dimension_ids]
        for round_name, date in rounds:
            if round_name != "baseline":
                step = 0.4 if round_name == "midpoint" else 0.45
                levels = [min(self.max_rank, lv + (rng.random() < step)) for lv in levels]
            assessment_id = self.add("assessments", {
                "team_id": team["id"], "framework_id": self.framework_id, "round": round_name,
                "date": date, "notes": "Rated together by the three leaders." if round_name == "baseline" else None,
            })
            for dimension_id, level in zip(self.dimension_ids, levels, strict=True):
                self.add("ratings", {"assessment_id": assessment_id, "dimension_id": dimension_id,
                                     "level": level, "evidence": rng.choice(EVIDENCE[level])})

    # --- workplan -------------------------------------------------------------

    def _workplan(self, rng, team, start, end) -> list[dict]:
        today = self.today
        leaders = team["leaders"]
        actions: list[dict] = []
        goals = rng.sample(GOALS, rng.randint(2, 3))
        for position, (title, description, indicator, unit, baseline, target, focus,
                       action_titles, milestone) in enumerate(goals):
            goal = {"team_id": team["id"], "title": title, "description": description,
                    "indicator": indicator, "unit": unit, "baseline": baseline, "target": target,
                    "position": position}
            goal_id = self.add("goals", goal)
            chosen = action_titles[:rng.randint(2, 4)]
            done = 0
            for j, action_title in enumerate(chosen):
                begin = start + dt.timedelta(days=14 + 35 * j + rng.randint(0, 10))
                due = begin + dt.timedelta(days=rng.randint(28, 56))
                status = self._status(rng, begin, due, end)
                done += status == "done"
                action = {
                    "goal_id": goal_id, "title": action_title, "owner_id": rng.choice(leaders)["id"],
                    "start_date": begin, "due_date": due, "status": status,
                    "support_needed": (rng.choice(SUPPORT_NEEDED)
                                       if status == "blocked" or rng.random() < 0.25 else None),
                    "partner_id": (self.partner_ids[focus]
                                   if focus is not None and rng.random() < 0.5 else None),
                    "notes": rng.choice(ACTION_NOTES) if status == "blocked" else None,
                    "position": j,
                }
                self.add("actions", action)
                actions.append(action)
            progress = done / len(chosen)
            goal["current"] = round(baseline + (target - baseline) * progress * rng.uniform(0.6, 1.0))
            if position < 2 and (position == 0 or rng.random() < 0.5):
                due = start + relativedelta(months=rng.randint(2, 5))
                reached = None
                if due < today and rng.random() < 0.7:
                    reached = min(today, due - dt.timedelta(days=rng.randint(0, 10)))
                self.add("milestones", {"team_id": team["id"], "goal_id": goal_id, "title": milestone,
                                        "due_date": due, "reached_date": reached, "position": position})
        return actions

    def _status(self, rng, begin, due, end) -> str:
        today = self.today
        r = rng.random()
        if today > end + dt.timedelta(days=90):  # long after the cohort: mostly settled
            return "done" if r < 0.9 else ("in_progress" if r < 0.96 else "not_started")
        if due < today:
            return "done" if r < 0.8 else ("in_progress" if r < 0.92 else "blocked")
        if begin <= today:
            return ("in_progress" if r < 0.55 else "blocked" if r < 0.72
                    else "not_started" if r < 0.85 else "done")
        return "not_started"

    # --- check-ins ---------------------------------------------------------------

    def _checkins(self, rng, team, start, end, *, quiet: bool) -> None:
        today = self.today
        ed = team["leaders"][0]
        others = team["leaders"][1:]
        goal_titles = [g["title"].lower() for g in self.tables["goals"][-3:] if g["team_id"] == team["id"]]
        limit = min(today, end + relativedelta(years=COMMUNITY_YEARS))
        if quiet:
            limit = today - dt.timedelta(weeks=7)
        date = _weekday(start + dt.timedelta(days=rng.randint(10, 20)))
        while date < limit:
            community = date > end
            interval = rng.randint(60, 100) if community else rng.randint(21, 35)
            planned = date + dt.timedelta(days=interval)
            following = _weekday(planned + dt.timedelta(days=rng.randint(-3, 4)))
            leader = rng.choice(others)
            fill = {"ed": ed["name"], "name": leader["name"],
                    "goal": rng.choice(goal_titles) if goal_titles else "the workplan"}
            last_quiet = quiet and following >= limit
            mode = rng.choices(("call", "video", "visit", "email"), (40, 40, 8, 12))[0]
            checkin_id = self.add("checkins", {
                "team_id": team["id"], "date": date, "mode": mode,
                "facilitator_id": team["facilitator"] if rng.random() < 0.8 else rng.choice(self.facilitator_ids),
                "partner_id": rng.choice(self.partner_ids) if rng.random() < 0.15 else None,
                "summary": rng.choice(COMMUNITY_SUMMARIES if community else SUMMARIES).format(**fill),
                "wins": rng.choice(WINS).format(**fill),
                "challenges": rng.choice(CHALLENGES),
                "support_requested": _fill(rng.choice(SUPPORT_REQUESTED), fill),
                "private_notes": _fill(NEGLECTED_NOTE if last_quiet else
                                       rng.choice(PRIVATE_NOTES) if rng.random() < 0.6 else None, fill),
                "next_checkin_date": planned,
            })
            for position in range(rng.randint(1, 3)):
                due = date + dt.timedelta(days=rng.randint(7, 21))
                if rng.random() < 0.25:
                    owner, description = rng.choice(self.facilitator_ids), rng.choice(FACILITATOR_STEPS)
                else:
                    owner, description = rng.choice(team["leaders"])["id"], rng.choice(LEADER_STEPS)
                age = (today - due).days
                done = 1 if age > 120 or (age > 3 and rng.random() < 0.8) else 0
                self.add("next_steps", {"checkin_id": checkin_id, "description": description,
                                        "owner_id": owner, "due_date": due, "done": done,
                                        "position": position})
            date = following


def _ensure_statuses(actions: list[dict], today: dt.date) -> None:
    """Make sure cohort 1 shows every action status and a few overdue actions."""
    def count(status):
        return sum(a["status"] == status for a in actions)

    fits = {
        "done": lambda a: a["due_date"] < today,
        "not_started": lambda a: a["start_date"] > today,
        "in_progress": lambda a: a["start_date"] <= today,
        "blocked": lambda a: a["start_date"] <= today,
    }
    for status, fit in fits.items():
        if count(status):
            continue
        spare = [a for a in actions if count(a["status"]) > 1]
        pick = next((a for a in spare if fit(a)), spare[0] if spare else None)
        if pick is not None:
            pick["status"] = status
    overdue = [a for a in actions if a["due_date"] < today and a["status"] != "done"]
    for a in actions:
        if len(overdue) >= 3:
            break
        if a["status"] == "done" and a["due_date"] < today and count("done") > 1:
            a["status"] = "in_progress"
            a["support_needed"] = a["support_needed"] or SUPPORT_NEEDED[0]
            overdue.append(a)


def populate_demo(ws: Workspace, cohorts: int = 1, *, today: dt.date | None = None,
                  seed: int = 7) -> None:
    """Fill a new, empty workspace with a fictional but realistic program.

    Deterministic for a given ``seed`` and ``today`` (record ids aside).
    """
    if cohorts < 1:
        raise ValueError("cohorts must be at least 1")
    today = today or dt.date.today()
    builder = _Builder(ws, today, seed)
    builder.base()
    builder.cohort(1, list(SEED_STATES))
    rotation = _rotation(seed)
    for number in range(2, cohorts + 1):
        offset = (number - 2) * len(SEED_STATES)
        states = [rotation[(offset + i) % len(rotation)] for i in range(len(SEED_STATES))]
        builder.cohort(number, states)
    ws.bulk_load(builder.tables)

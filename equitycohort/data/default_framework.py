"""The self-assessment framework that ships with the app, in English and Spanish.

The wording was written for Equity Cohort from the aims of the program it
serves (racial justice, equity, diversity and inclusion in state advocacy);
it is not taken from any published instrument. The Spanish is its own
writing in neutral Latin American Spanish, as US advocacy organizations
write to their partners, with the terms of ``docs/glossary.md``: not a
word-for-word rendering of the English.

The shape is that of a framework file (``frameworks.py`` describes it):
each element's own text in English, and its text in other languages under
``"translations"``.
"""

from __future__ import annotations

import copy

DEFAULT_FRAMEWORK: dict = {
    "name": "Equity Journey Framework",
    "description": (
        "Where a state advocacy organization stands on its racial justice, equity, "
        "diversity and inclusion journey. Eight dimensions, each with four stages from "
        "Exploring to Leading. A team rates itself per dimension at baseline, midpoint "
        "and end of the cohort, with a note of the evidence, so that growth can be seen "
        "and discussed."
    ),
    "source": "Written for Equity Cohort",
    "licence": "CC BY 4.0",
    "translations": {"es": {
        "name": "Marco del camino hacia la equidad",
        "description": (
            "En qué punto de su camino hacia la justicia racial, la equidad, la diversidad y la "
            "inclusión se encuentra una organización estatal de incidencia. Ocho dimensiones, cada "
            "una con cuatro niveles, de Exploración a Liderazgo. El equipo se autoevalúa en cada "
            "dimensión en la línea de base, en el punto medio y al cierre de la cohorte, y anota la "
            "evidencia, para que el avance se pueda ver y conversar."
        ),
        "source": "Escrito para Equity Cohort",
    }},
    "levels": [
        {"rank": 1, "name": "Exploring", "translations": {"es": {"name": "Exploración"}}},
        {"rank": 2, "name": "Building", "translations": {"es": {"name": "Desarrollo"}}},
        {"rank": 3, "name": "Practicing", "translations": {"es": {"name": "Práctica"}}},
        {"rank": 4, "name": "Leading", "translations": {"es": {"name": "Liderazgo"}}},
    ],
    "dimensions": [
        {
            "name": "Equity in the policy agenda",
            "description": (
                "How racial justice and equity shape which policies the organization "
                "pursues, and how it judges them."
            ),
            "descriptors": {
                1: "Equity appears in the values statement, but policy priorities are chosen "
                   "without asking who benefits and who is left out.",
                2: "Staff ask who is affected by a proposal for some priorities, usually late "
                   "in the process and without a shared tool.",
                3: "Every policy position goes through a written equity screen before it is "
                   "adopted, and the results have changed what the organization pursues.",
                4: "The agenda is built from the start with the communities most affected, and "
                   "the organization reports publicly how each position advances racial equity.",
            },
            "translations": {"es": {
                "name": "Equidad en la agenda de políticas",
                "description": (
                    "Cómo la justicia racial y la equidad definen qué políticas impulsa la "
                    "organización y con qué criterios las evalúa."
                ),
                "descriptors": {
                    1: "La equidad figura en la declaración de valores, pero las prioridades de política "
                       "se eligen sin preguntar a quién benefician y a quién dejan fuera.",
                    2: "En algunas prioridades, el personal se pregunta a quién afecta una propuesta, casi "
                       "siempre cuando el proceso ya está avanzado y sin una herramienta común.",
                    3: "Toda postura de política pasa por un análisis de equidad por escrito antes de "
                       "adoptarse, y sus resultados ya han cambiado lo que la organización impulsa.",
                    4: "La agenda se construye desde el inicio con las comunidades más afectadas, y la "
                       "organización informa públicamente cómo cada postura hace avanzar la equidad racial.",
                },
            }},
        },
        {
            "name": "Shared language and understanding",
            "description": (
                "Whether staff and board share definitions and can talk about race, racism "
                "and equity with confidence."
            ),
            "descriptors": {
                1: "Words such as equity, racial justice and inclusion mean different things to "
                   "different people; conversations about race are rare or avoided.",
                2: "A small group has drafted shared definitions and some staff have joined "
                   "learning sessions, but the language is used unevenly.",
                3: "A glossary agreed by staff and board is used in planning documents, "
                   "onboarding and public materials; people name race explicitly when it matters.",
                4: "Staff at every level can explain the organization's equity framing and help "
                   "coalition partners use it in their own work.",
            },
            "translations": {"es": {
                "name": "Lenguaje y comprensión compartidos",
                "description": (
                    "Si el personal y la junta directiva comparten definiciones y pueden hablar con "
                    "confianza de raza, racismo y equidad."
                ),
                "descriptors": {
                    1: "Palabras como equidad, justicia racial e inclusión significan cosas distintas para "
                       "cada persona; se habla poco de raza, o se evita el tema.",
                    2: "Un grupo pequeño redactó definiciones comunes y parte del personal ha asistido a "
                       "sesiones de aprendizaje, pero ese lenguaje se usa de manera desigual.",
                    3: "Un glosario acordado por el personal y la junta directiva se usa en los documentos "
                       "de planificación, en la inducción del personal nuevo y en los materiales públicos; "
                       "cuando importa, se nombra la raza de forma explícita.",
                    4: "El personal de todos los niveles sabe explicar el enfoque de equidad de la "
                       "organización y ayuda a las organizaciones aliadas de la coalición a aplicarlo en "
                       "su propio trabajo.",
                },
            }},
        },
        {
            "name": "Allyship and authentic partnership",
            "description": (
                "The depth and fairness of relationships with organizations led by, and "
                "serving, communities of color."
            ),
            "descriptors": {
                1: "Partnerships with community-led groups are occasional and mostly "
                   "transactional, such as asking for sign-ons to positions already decided.",
                2: "Community-led partners are consulted before major decisions, but the "
                   "organization still sets the timelines, the credit and the resources.",
                3: "Partners co-design priorities, are paid for their time and credited in "
                   "public; the terms of each partnership are written down.",
                4: "The organization shares money and decision-making, follows partners' lead on "
                   "their issues and uses its own access to open doors for them.",
            },
            "translations": {"es": {
                "name": "Solidaridad y alianzas auténticas",
                "description": (
                    "Qué tan profundas y justas son las relaciones con las organizaciones lideradas por "
                    "comunidades de color o que trabajan con ellas."
                ),
                "descriptors": {
                    1: "Las alianzas con grupos liderados por la comunidad son ocasionales y sobre todo "
                       "transaccionales; por ejemplo, se les pide que firmen posturas ya decididas.",
                    2: "Se consulta a las organizaciones aliadas lideradas por la comunidad antes de las "
                       "decisiones importantes, pero la organización sigue fijando los plazos, el "
                       "reconocimiento y los recursos.",
                    3: "Las organizaciones aliadas definen las prioridades en conjunto, reciben pago por su "
                       "tiempo y reconocimiento público; los términos de cada alianza constan por escrito.",
                    4: "La organización comparte fondos y toma de decisiones, sigue el liderazgo de sus "
                       "aliadas en los temas que les son propios y usa su propio acceso para abrirles "
                       "puertas.",
                },
            }},
        },
        {
            "name": "Data disaggregation and use",
            "description": (
                "How the organization collects, breaks down and communicates data so that "
                "inequities become visible."
            ),
            "descriptors": {
                1: "Data is reported as statewide totals or averages; differences between groups "
                   "are not visible in what the organization publishes.",
                2: "Some products break data down by race and ethnicity where it is easy to find; "
                   "what the data cannot show is rarely explained.",
                3: "Core products break data down by race, ethnicity, language, place and income "
                   "where possible, state their limits and pair numbers with community context.",
                4: "The organization presses state agencies for better disaggregated data, and "
                   "communities help decide which questions the data should answer.",
            },
            "translations": {"es": {
                "name": "Desagregación y uso de datos",
                "description": (
                    "Cómo la organización recopila, desagrega y comunica los datos para que las "
                    "inequidades se hagan visibles."
                ),
                "descriptors": {
                    1: "Los datos se presentan como totales o promedios estatales; en lo que publica la "
                       "organización no se ven las diferencias entre grupos.",
                    2: "Algunas publicaciones desagregan los datos por raza y etnia cuando es fácil "
                       "conseguirlos; rara vez se explica lo que los datos no pueden mostrar.",
                    3: "Las publicaciones principales desagregan los datos por raza, etnia, idioma, lugar e "
                       "ingresos cuando es posible, señalan sus límites y acompañan las cifras con el "
                       "contexto de las comunidades.",
                    4: "La organización exige a las agencias estatales mejores datos desagregados, y las "
                       "comunidades ayudan a decidir qué preguntas deben responder los datos.",
                },
            }},
        },
        {
            "name": "Immigrant and refugee communities",
            "description": (
                "How well the organization understands and serves immigrant and refugee "
                "families, including mixed-status families."
            ),
            "descriptors": {
                1: "Immigrant and refugee families are seldom considered on their own in policy "
                   "analysis or outreach; materials exist in English only.",
                2: "Staff know the main eligibility barriers immigrant families face and translate "
                   "some materials; ties with immigrant-led groups are new.",
                3: "Analysis routinely checks the effect on immigrant and mixed-status families; key "
                   "materials and meetings are offered in the languages families speak.",
                4: "Immigrant- and refugee-led organizations help set the agenda, and the "
                   "organization speaks up against policies that create fear or exclusion.",
            },
            "translations": {"es": {
                "name": "Comunidades inmigrantes y refugiadas",
                "description": (
                    "Qué tan bien comprende y atiende la organización a las familias inmigrantes y "
                    "refugiadas, incluidas las familias de estatus migratorio mixto."
                ),
                "descriptors": {
                    1: "En el análisis de políticas y el alcance comunitario casi nunca se considera por "
                       "separado a las familias inmigrantes y refugiadas; los materiales existen solo en "
                       "inglés.",
                    2: "El personal conoce las principales barreras de elegibilidad que enfrentan las "
                       "familias inmigrantes y traduce algunos materiales; los vínculos con grupos "
                       "liderados por personas inmigrantes son recientes.",
                    3: "El análisis revisa de forma habitual el efecto en las familias inmigrantes y de "
                       "estatus mixto; los materiales y las reuniones clave se ofrecen en los idiomas que "
                       "hablan las familias.",
                    4: "Las organizaciones lideradas por personas inmigrantes y refugiadas ayudan a definir "
                       "la agenda, y la organización alza la voz contra las políticas que siembran miedo o "
                       "exclusión.",
                },
            }},
        },
        {
            "name": "Communications and broad audiences",
            "description": (
                "How the organization talks about racial justice and equity with the public, "
                "policymakers and unlikely allies."
            ),
            "descriptors": {
                1: "Public messages avoid race or speak of equity only in general terms; there is "
                   "no plan for audiences that may push back.",
                2: "Equity-centered messages have been tried in a few pieces, and the team is "
                   "learning what lands with which audience.",
                3: "Tested framing guides all communications; spokespeople include people with "
                   "lived experience, and messages name structural causes without blaming families.",
                4: "Coalition partners and reporters take up the organization's framing, and it "
                   "helps others hold steady when equity messages meet resistance.",
            },
            "translations": {"es": {
                "name": "Comunicación con públicos amplios",
                "description": (
                    "Cómo habla la organización de justicia racial y equidad con el público, con quienes "
                    "deciden las políticas y con aliados inesperados."
                ),
                "descriptors": {
                    1: "Los mensajes públicos evitan hablar de raza o mencionan la equidad solo en términos "
                       "generales; no hay un plan para los públicos que podrían oponerse.",
                    2: "Se han probado mensajes centrados en la equidad en algunas piezas, y el equipo está "
                       "aprendiendo qué funciona con cada público.",
                    3: "Un encuadre ya probado orienta todas las comunicaciones; entre quienes hablan en "
                       "nombre de la organización hay personas con experiencia vivida, y los mensajes "
                       "nombran las causas estructurales sin culpar a las familias.",
                    4: "Las organizaciones aliadas de la coalición y la prensa retoman el encuadre de la "
                       "organización, y esta ayuda a otras a mantenerse firmes cuando los mensajes de "
                       "equidad encuentran resistencia.",
                },
            }},
        },
        {
            "name": "Internal practice, leadership and governance",
            "description": (
                "Whether hiring, pay, budgets, leadership and the board reflect the equity the "
                "organization seeks outside."
            ),
            "descriptors": {
                1: "Equity is treated as program work; hiring, pay, board recruitment and "
                   "decision-making have not been looked at through an equity lens.",
                2: "Leadership has named internal equity goals and begun reviewing one practice, "
                   "such as hiring or pay transparency.",
                3: "Written goals cover hiring, pay, board composition and how decisions are "
                   "made; the board reviews progress at least once a year.",
                4: "Leadership and board reflect the communities served, staff of color hold real "
                   "decision-making power, and equity commitments are funded in the budget.",
            },
            "translations": {"es": {
                "name": "Prácticas internas, liderazgo y gobernanza",
                "description": (
                    "Si la contratación, los salarios, los presupuestos, el liderazgo y la junta directiva "
                    "reflejan la equidad que la organización busca hacia afuera."
                ),
                "descriptors": {
                    1: "La equidad se trata como un tema de los programas; la contratación, los salarios, "
                       "la incorporación a la junta directiva y la toma de decisiones no se han examinado "
                       "con un enfoque de equidad.",
                    2: "La dirección fijó metas internas de equidad y empezó a revisar alguna práctica, como "
                       "la contratación o la transparencia salarial.",
                    3: "Hay metas por escrito sobre contratación, salarios, composición de la junta directiva "
                       "y la manera de tomar decisiones; la junta revisa los avances al menos una vez al año.",
                    4: "La dirección y la junta directiva reflejan a las comunidades que atiende la "
                       "organización, el personal de color tiene poder real de decisión y los compromisos "
                       "de equidad tienen fondos asignados en el presupuesto.",
                },
            }},
        },
        {
            "name": "Community voice and lived experience",
            "description": (
                "How the people most affected by policy shape the organization's work and are "
                "valued for their expertise."
            ),
            "descriptors": {
                1: "Families are invited to share their stories, usually at the end of a "
                   "campaign, and are not paid for their time.",
                2: "A few parents and caregivers advise on particular projects and receive "
                   "stipends; their input is gathered but not always acted on.",
                3: "A standing group of people with lived experience reviews priorities and "
                   "materials, and staff report back on how its advice was used.",
                4: "People with lived experience hold seats where decisions are made, lead "
                   "advocacy alongside staff and are supported to grow as leaders.",
            },
            "translations": {"es": {
                "name": "Voz de la comunidad y experiencia vivida",
                "description": (
                    "Cómo las personas más afectadas por las políticas dan forma al trabajo de la "
                    "organización y son valoradas por lo que saben."
                ),
                "descriptors": {
                    1: "Se invita a las familias a contar sus historias, casi siempre al final de una "
                       "campaña, y no se les paga por su tiempo.",
                    2: "Algunas madres, padres y personas cuidadoras asesoran proyectos puntuales y reciben "
                       "un estipendio; se recogen sus aportes, pero no siempre se actúa en consecuencia.",
                    3: "Un grupo permanente de personas con experiencia vivida revisa las prioridades y los "
                       "materiales, y el personal le informa cómo se usaron sus recomendaciones.",
                    4: "Las personas con experiencia vivida ocupan lugares donde se toman las decisiones, "
                       "encabezan la incidencia junto al personal y reciben apoyo para crecer como líderes.",
                },
            }},
        },
    ],
}

#: Where the English of the first releases differs from today's: they wrote
#: British spellings, made American before schema 4. A workspace made then
#: holds that text; unchanged by its user, it is still the default framework.
#: (where: ("levels", index, field) or ("dimensions", index, field or rank)) -> text then
_FIRST_RELEASES: dict[tuple, str] = {
    ("levels", 2, "name"): "Practising",
    ("dimensions", 2, "description"):
        "The depth and fairness of relationships with organizations led by, and serving, communities of colour.",
    ("dimensions", 5, 2):
        "Equity-centred messages have been tried in a few pieces, and the team is learning what lands with "
        "which audience.",
    ("dimensions", 6, 4):
        "Leadership and board reflect the communities served, staff of colour hold real decision-making "
        "power, and equity commitments are funded in the budget.",
}


def english_editions() -> list[dict]:
    """Every English wording of the default framework the app has shipped, newest
    first, each with today's translations (the elements are the same, in the same
    order): what a workspace may hold of it unchanged. Migration 5 recognizes the
    default by these: when the English changes, keep the wording it replaces here."""
    first = copy.deepcopy(DEFAULT_FRAMEWORK)
    for (part, index, key), text in _FIRST_RELEASES.items():
        element = first[part][index]
        if isinstance(key, int):
            element["descriptors"][key] = text
        else:
            element[key] = text
    return [DEFAULT_FRAMEWORK, first]

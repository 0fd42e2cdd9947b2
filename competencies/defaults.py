"""The shipped defaults: 14 categories, their requirement sets and renewal policies, and an
editable default edition of the Competency Guidelines.

The numbers come from the public pages of the state associations (see the project's domain
notes); every one is a row an association edits in the admin. The guideline wording belongs to
the licensor: the areas below are short example names to be replaced by the licensed edition.

`defaults_install(apps)` is called by the data migration with the historical app registry and
may be called again (tests, a fresh demo) with the live one: it only adds what is missing.
`december_2026_apply(apps)` sets the rules added after the December 2026 review on the shipped
rows (called by its own data migration, and by `defaults_install` once those fields exist).
`SPANISH` holds the Spanish of every shipped name (categories, the edition, its domains and
areas); `translations_install(apps)` writes it where a row still has the shipped English and no
Spanish yet (the data migration of the translated columns, and `defaults_install` once they
exist).
"""

from datetime import date
from decimal import Decimal

DEFAULTS_FROM = date(2000, 1, 1)
# The Alliance moves to a 3-year renewal cycle from the 31 Dec 2027 deadline.
THREE_YEAR_FROM = date(2027, 12, 31)
EDITION_NAME = "Default (replace with licensed edition)"

# (suffix, infant name, early childhood name, scope, level, order, allows_emerging)
_CATEGORIES = [
    ("FA", "Infant Family Associate", "Early Childhood Family Associate", "promotion", 1, 1, False),
    (
        "FS",
        "Infant Family Specialist",
        "Early Childhood Family Specialist",
        "prevention",
        2,
        2,
        False,
    ),
    (
        "FRS",
        "Infant Family Reflective Supervisor",
        "Early Childhood Family Reflective Supervisor",
        "prevention_rsc",
        3,
        3,
        True,
    ),
    (
        "MHS",
        "Infant Mental Health Specialist",
        "Early Childhood Mental Health Specialist",
        "intervention",
        4,
        4,
        False,
    ),
    (
        "MHM-C",
        "Infant Mental Health Mentor – Clinical",
        "Early Childhood Mental Health Mentor – Clinical",
        "leadership",
        5,
        5,
        False,
    ),
    (
        "MHM-P",
        "Infant Mental Health Mentor – Policy",
        "Early Childhood Mental Health Mentor – Policy",
        "leadership",
        5,
        6,
        False,
    ),
    (
        "MHM-R",
        "Infant Mental Health Mentor – Research/Faculty",
        "Early Childhood Mental Health Mentor – Research/Faculty",
        "leadership",
        5,
        7,
        False,
    ),
]


def category_codes(suffix: str) -> tuple[str, str]:
    """The infant and early childhood codes for a suffix: "FS" -> ("IFS", "ECFS")."""
    return f"I{suffix}", f"EC{suffix}"


def _both(*suffixes: str) -> list[str]:
    return [code for suffix in suffixes for code in category_codes(suffix)]


D = Decimal
# The checklist items that may still be in progress when endorsed as emerging, per suffix.
EMERGING_ITEMS = {"FRS": "leadership_years,training_rsc_provision"}
_COMMON = {
    "references_required": 3,
    "references_endorsed_required": 1,
    "reference_not_enough_info_threshold": 6,
    "exam_pass_mark_percent": 80,
    "reviewers_required": 2,
    "membership_required": True,
    "ethics_required": True,
    "training_must_cover_domains": True,
    "count_unconfirmed_rsc": True,
}
_MENTOR_P_R = {
    "min_education_level": "master",
    "leadership_years": D("3"),
    "training_hours": D("33"),
    "training_dei_hours": D("3"),
    "exam_required": True,
}
# Who may review: holders of a category at the same level or higher, in either track
# (reviewers are endorsed at the category's level or higher; domain notes).
_LADDER = ("FA", "FS", "FRS", "MHS", "MHM-C", "MHM-P", "MHM-R")


def _level_or_higher(suffix: str) -> tuple[str, ...]:
    levels = {s: level for s, _i, _e, _scope, level, _o, _em in _CATEGORIES}
    return tuple(s for s in _LADDER if levels[s] >= levels[suffix])


# Per category suffix: (numbers, qualifying RSC provider suffixes, reviewer suffixes).
REQUIREMENTS = {
    "FA": (
        {
            "min_education_level": "cda",
            "education_alternative_work_years": D("2"),
            "work_years": D("2"),
            "work_must_be_paid": False,
            "training_hours": D("30"),
        },
        (),
        _level_or_higher("FA"),
    ),
    "FS": (
        {
            "min_education_level": "bachelor",
            "work_years": D("2"),
            "min_families_served": 10,
            "training_hours": D("30"),
            "rsc_hours": D("24"),
            "rsc_window_months": 24,
        },
        ("FRS", "MHS", "MHM-C"),
        _level_or_higher("FS"),
    ),
    "FRS": (
        {
            "min_education_level": "none",
            "work_years": D("2"),
            "leadership_years": D("1"),
            "training_hours": D("48"),
            "training_rsc_provision_hours": D("15"),
            "training_dei_hours": D("3"),
            "rsc_hours": D("24"),
            # Endorsed as emerging while finishing the leadership year and the training on
            # providing RSC (reflective-supervisor categories only; see the domain notes).
            "emerging_items": EMERGING_ITEMS["FRS"],
        },
        ("FRS", "MHS", "MHM-C"),
        _level_or_higher("FRS"),
    ),
    "MHS": (
        {
            "min_education_level": "master",
            "work_years": D("2"),
            "work_post_graduate": True,
            "training_hours": D("30"),
            "rsc_hours": D("50"),
            "rsc_window_months": 24,
            "exam_required": True,
        },
        ("MHS", "MHM-C"),
        _level_or_higher("MHS"),
    ),
    "MHM-C": (
        {
            "min_education_level": "master",
            "work_years": D("2"),
            "work_post_graduate": True,
            "rsc_provision_years": D("3"),
            "training_hours": D("48"),
            "training_rsc_provision_hours": D("15"),
            "training_dei_hours": D("3"),
            "rsc_hours": D("50"),
            "rsc_window_months": 24,
            "rsc_focus_provided_hours": D("25"),
            "exam_required": True,
        },
        ("MHM-C",),
        _level_or_higher("MHM-C"),
    ),
    "MHM-P": (_MENTOR_P_R, (), _level_or_higher("MHM-P")),
    "MHM-R": (_MENTOR_P_R, (), _level_or_higher("MHM-R")),
}

# Rules added after the December 2026 review (domain notes, "Facts added after ..."), per
# category suffix; the age bands follow the track.
_SUPERVISOR, _PROVIDER, _SUPERVISEE = "current_supervisor", "rsc_provider", "supervisee"
_RSC_SPAN = {"rsc_span_min_months": 12, "rsc_span_max_months": 24}  # [mi-aimh.org]
_CONCENTRATION = {  # [mi-aimh.org, ct-aimh.org]
    "rsc_main_provider_share_percent": D("50"),
    "rsc_other_providers_max": 1,
}
DECEMBER_2026 = {
    "FA": {},
    "FS": {**_RSC_SPAN, **_CONCENTRATION, "reference_relationships": [_SUPERVISOR, _PROVIDER]},
    "FRS": {**_CONCENTRATION, "reference_relationships": [_SUPERVISOR, _PROVIDER]},
    "MHS": {**_RSC_SPAN, **_CONCENTRATION, "reference_relationships": [_SUPERVISOR, _PROVIDER]},
    "MHM-C": {
        **_RSC_SPAN,
        **_CONCENTRATION,
        "reference_relationships": [_SUPERVISOR, _PROVIDER, _SUPERVISEE],
    },
    "MHM-P": {"leadership_kinds": ["policy"], "reference_relationships": [_SUPERVISOR]},
    "MHM-R": {
        "leadership_kinds": ["faculty", "research"],
        "reference_relationships": [_SUPERVISOR],
    },
}
AGE_BANDS = {"infant": ["infant", "both"], "early_childhood": ["early_childhood", "both"]}
# The 3-year calendar: deadlines on 31 December 2027 and every 3 years after; renewals for
# 2024-2026 deadlines move onto it [Florida, Pennsylvania and First3Years associations].
GRID_ANCHOR = THREE_YEAR_FROM
TRANSITION_FROM = date(2024, 1, 1)

# Renewal: which suffixes receive RSC, and whose holders all provide it. The hours on providing
# RSC apply to every holder who provides it, whatever the category [mi-aimh.org].
RSC_RECEIVERS = ("FS", "FRS", "MHS", "MHM-C")
RSC_PROVIDERS = ("FRS", "MHM-C")
_ANNUAL = {
    "effective_from": DEFAULTS_FROM,
    "effective_to": THREE_YEAR_FROM.replace(day=30),
    "cycle_years": 1,
    "training_hours": D("15"),
    "training_dei_hours": D("1"),
    "first_renewal_skip": True,
    "pro_rate": False,
    "grace_period_days": 30,
    "audit_sample_percent": D("0"),
    "reminder_offsets_days": "90,60,30,7",
    "training_rsc_provision_hours": D("3"),
}
_THREE_YEAR = {
    "effective_from": THREE_YEAR_FROM,
    "effective_to": None,
    "cycle_years": 3,
    "training_hours": D("45"),
    "training_dei_hours": D("3"),
    "first_renewal_skip": False,
    "pro_rate": True,
    "grace_period_days": 30,
    "audit_sample_percent": D("10"),
    "reminder_offsets_days": "90,60,30,7",
    "training_rsc_provision_hours": D("9"),
    # Renewal by self-attestation with random audits (the Alliance's three-year model).
    "renew_by_attestation": True,
}


def renewal_numbers(suffix: str) -> list[dict]:
    """The annual policy and the 3-year policy for a category suffix."""
    annual = {**_ANNUAL, "rsc_hours": D("12") if suffix in RSC_RECEIVERS else D("0")}
    three_year = {**_THREE_YEAR, "rsc_hours": D("36") if suffix in RSC_RECEIVERS else D("0")}
    return [annual, three_year]


def renewal_december_2026(suffix: str) -> list[dict]:
    """The calendar and RSC-provision figures of the annual and the 3-year policy."""
    implied = suffix in RSC_PROVIDERS
    annual = {"cycle_anchor": GRID_ANCHOR, "rsc_provision_implied": implied}
    three_year = {
        "cycle_anchor": GRID_ANCHOR,
        "transition_from": TRANSITION_FROM,
        "rsc_provision_implied": implied,
    }
    return [annual, three_year]


# (domain, mentor_only, [(area, applies from level)]). Short example names only.
GUIDELINES = [
    (
        "Theoretical Foundations",
        False,
        [
            ("Pregnancy & early parenthood", 1),
            ("Infant/very young child development & behavior", 1),
            ("Infant/very young child & family-centered practice", 1),
            ("Relationship-focused practice", 1),
            ("Family relationships & dynamics", 1),
            ("Attachment, separation, trauma, grief & loss", 1),
            ("Cultural competence", 1),
            ("Disorders of infancy/early childhood", 2),
            ("Psychotherapeutic and behavioral theories of change", 4),
            ("Research & evaluation", 5),
        ],
    ),
    (
        "Law, Regulation & Agency Policy",
        False,
        [("Ethical practice", 1), ("Government, law & regulation", 1), ("Agency policy", 1)],
    ),
    ("Systems Expertise", False, [("Service delivery systems", 1), ("Community resources", 1)]),
    (
        "Direct Service Skills",
        False,
        [
            ("Observation & listening", 1),
            ("Screening & assessment", 2),
            ("Responding with empathy", 1),
            ("Intervention/treatment planning", 2),
            ("Parent-infant/very young child relationship-based therapies & practices", 4),
        ],
    ),
    (
        "Working with Others",
        False,
        [
            ("Building & maintaining relationships", 1),
            ("Supporting others", 1),
            ("Collaborating", 1),
            ("Resolving conflict", 1),
            ("Consulting", 3),
        ],
    ),
    ("Communicating", False, [("Listening", 1), ("Speaking", 1), ("Writing", 1)]),
    (
        "Thinking",
        False,
        [
            ("Analyzing information", 1),
            ("Solving problems", 1),
            ("Exercising sound judgment", 1),
            ("Maintaining perspective", 1),
        ],
    ),
    (
        "Reflection",
        False,
        [
            ("Contemplation", 1),
            ("Self-awareness", 1),
            ("Curiosity", 1),
            ("Professional/personal development", 1),
            ("Emotional response", 1),
            ("Parallel process", 2),
        ],
    ),
    (
        "Administration",
        True,
        [("Program development", 5), ("Program management & supervision", 5)],
    ),
]


# The Spanish of each shipped English name (plain language; codes such as IFS stay as they are).
SPANISH = {
    # Categories
    "Infant Family Associate": "Asociado(a) familiar de bebés",
    "Early Childhood Family Associate": "Asociado(a) familiar de la primera infancia",
    "Infant Family Specialist": "Especialista familiar de bebés",
    "Early Childhood Family Specialist": "Especialista familiar de la primera infancia",
    "Infant Family Reflective Supervisor": "Supervisor(a) reflexivo(a) familiar de bebés",
    "Early Childhood Family Reflective Supervisor": (
        "Supervisor(a) reflexivo(a) familiar de la primera infancia"
    ),
    "Infant Mental Health Specialist": "Especialista en salud mental infantil",
    "Early Childhood Mental Health Specialist": (
        "Especialista en salud mental de la primera infancia"
    ),
    "Infant Mental Health Mentor – Clinical": "Mentor(a) en salud mental infantil – Clínica",
    "Early Childhood Mental Health Mentor – Clinical": (
        "Mentor(a) en salud mental de la primera infancia – Clínica"
    ),
    "Infant Mental Health Mentor – Policy": "Mentor(a) en salud mental infantil – Políticas",
    "Early Childhood Mental Health Mentor – Policy": (
        "Mentor(a) en salud mental de la primera infancia – Políticas"
    ),
    "Infant Mental Health Mentor – Research/Faculty": (
        "Mentor(a) en salud mental infantil – Investigación/Docencia"
    ),
    "Early Childhood Mental Health Mentor – Research/Faculty": (
        "Mentor(a) en salud mental de la primera infancia – Investigación/Docencia"
    ),
    # The edition
    EDITION_NAME: "Predeterminada (reemplácela con la edición con licencia)",
    # Domains
    "Theoretical Foundations": "Fundamentos teóricos",
    "Law, Regulation & Agency Policy": "Leyes, normas y políticas de la agencia",
    "Systems Expertise": "Conocimiento de los sistemas",
    "Direct Service Skills": "Habilidades de servicio directo",
    "Working with Others": "Trabajo con otras personas",
    "Communicating": "Comunicación",
    "Thinking": "Pensamiento",
    "Reflection": "Reflexión",
    "Administration": "Administración",
    # Areas of expertise
    "Pregnancy & early parenthood": "Embarazo y primeros tiempos de la crianza",
    "Infant/very young child development & behavior": (
        "Desarrollo y comportamiento del bebé o del niño(a) muy pequeño(a)"
    ),
    "Infant/very young child & family-centered practice": (
        "Práctica centrada en el bebé o el niño(a) muy pequeño(a) y su familia"
    ),
    "Relationship-focused practice": "Práctica centrada en las relaciones",
    "Family relationships & dynamics": "Relaciones y dinámica familiar",
    "Attachment, separation, trauma, grief & loss": ("Apego, separación, trauma, duelo y pérdida"),
    "Cultural competence": "Competencia cultural",
    "Disorders of infancy/early childhood": "Trastornos de los bebés y de la primera infancia",
    "Psychotherapeutic and behavioral theories of change": (
        "Teorías psicoterapéuticas y conductuales del cambio"
    ),
    "Research & evaluation": "Investigación y evaluación",
    "Ethical practice": "Práctica ética",
    "Government, law & regulation": "Gobierno, leyes y normas",
    "Agency policy": "Políticas de la agencia",
    "Service delivery systems": "Sistemas de prestación de servicios",
    "Community resources": "Recursos de la comunidad",
    "Observation & listening": "Observación y escucha",
    "Screening & assessment": "Detección y evaluación",
    "Responding with empathy": "Responder con empatía",
    "Intervention/treatment planning": "Planificación de la intervención o del tratamiento",
    "Parent-infant/very young child relationship-based therapies & practices": (
        "Terapias y prácticas basadas en la relación entre los padres y el bebé o el niño(a) "
        "muy pequeño(a)"
    ),
    "Building & maintaining relationships": "Crear y mantener relaciones",
    "Supporting others": "Apoyar a otras personas",
    "Collaborating": "Colaborar",
    "Resolving conflict": "Resolver conflictos",
    "Consulting": "Dar consultoría",
    "Listening": "Escuchar",
    "Speaking": "Hablar",
    "Writing": "Escribir",
    "Analyzing information": "Analizar información",
    "Solving problems": "Resolver problemas",
    "Exercising sound judgment": "Usar el buen juicio",
    "Maintaining perspective": "Mantener la perspectiva",
    "Contemplation": "Contemplación",
    "Self-awareness": "Conciencia de sí mismo(a)",
    "Curiosity": "Curiosidad",
    "Professional/personal development": "Desarrollo profesional y personal",
    "Emotional response": "Respuesta emocional",
    "Parallel process": "Proceso paralelo",
    "Program development": "Desarrollo de programas",
    "Program management & supervision": "Gestión y supervisión de programas",
}
# The models whose shipped `name` has a Spanish column (once its migration has run).
TRANSLATED_NAMES = ("EndorsementCategory", "GuidelinesEdition", "CompetencyDomain", "Competency")


def translations_install(apps=None) -> None:
    """Give the shipped names their Spanish where it is missing.

    Side effects: on each category, edition, domain and area whose English name (`name_en`) is
    still the shipped one and whose Spanish name is empty, sets `name_es` from `SPANISH`. An
    association's own wording (English changed, or Spanish written) is never overwritten.
    """
    if apps is None:
        from django.apps import apps
    from django.db.models import Q

    missing = Q(name_es__isnull=True) | Q(name_es="")
    for model_name in TRANSLATED_NAMES:
        model = apps.get_model("competencies", model_name)
        for english, spanish in SPANISH.items():
            model.objects.filter(missing, name_en=english).update(name_es=spanish)


def defaults_install(apps=None) -> None:
    """Add the default categories, rules and guidelines edition where they are missing.

    Side effects: creates EndorsementCategory rows (by code), one RequirementSet and two
    RenewalPolicy rows for a category that has none, and the default guidelines edition with its
    domains and areas unless an edition of that name exists. Existing rows are never changed.
    """
    if apps is None:
        from django.apps import apps
    Category = apps.get_model("competencies", "EndorsementCategory")
    RequirementSet = apps.get_model("competencies", "RequirementSet")
    RenewalPolicy = apps.get_model("competencies", "RenewalPolicy")

    by_code = {}
    category_fields = _field_names(Category)
    for suffix, infant, early, scope, level, order, emerging in _CATEGORIES:
        # The infant track lists first: early childhood categories sort 10 places later.
        for code, name, track, position in zip(
            category_codes(suffix),
            (infant, early),
            ("infant", "early_childhood"),
            (order, order + 10),
            strict=True,
        ):
            by_code[code], _ = Category.objects.get_or_create(
                code=code,
                defaults={
                    **_names(name, category_fields),
                    "track": track,
                    "scope_of_practice": scope,
                    "level": level,
                    "order": position,
                    "allows_emerging": emerging,
                },
            )
    for suffix, *_rest in _CATEGORIES:
        infant_code, early_code = category_codes(suffix)
        for code, twin in ((infant_code, early_code), (early_code, infant_code)):
            if by_code[code].twin_id is None:
                by_code[code].twin = by_code[twin]
                by_code[code].save(update_fields=["twin"])

    reqset_fields = _field_names(RequirementSet)
    policy_fields = _field_names(RenewalPolicy)
    created: list[int] = []
    for suffix, (numbers, providers, reviewers) in REQUIREMENTS.items():
        for code in category_codes(suffix):
            category = by_code[code]
            if not RequirementSet.objects.filter(category=category).exists():
                requirement_set = RequirementSet.objects.create(
                    category=category,
                    effective_from=DEFAULTS_FROM,
                    **_known({**_COMMON, **numbers}, reqset_fields),
                )
                requirement_set.rsc_provider_categories.set([by_code[c] for c in _both(*providers)])
                requirement_set.reviewer_categories.set([by_code[c] for c in _both(*reviewers)])
                created.append(category.pk)
            if not RenewalPolicy.objects.filter(category=category).exists():
                for policy in renewal_numbers(suffix):
                    RenewalPolicy.objects.create(category=category, **_known(policy, policy_fields))

    _guidelines_install(apps)
    if created and "age_bands" in reqset_fields:
        december_2026_apply(apps, category_ids=created)
    if "name_en" in category_fields:
        translations_install(apps)


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _names(english: str, fields: set[str]) -> dict:
    """The name in every language the table has: the migration of 0003 runs before the
    translated columns exist; afterwards both are written, whatever language is active (the
    live model would otherwise put `name` in the active language's column only)."""
    if "name_en" not in fields:
        return {"name": english}
    return {"name": english, "name_en": english, "name_es": SPANISH.get(english)}


def _known(values: dict, fields: set[str]) -> dict:
    # The data migration of 0003 runs with the tables as they were then: figures of fields
    # added later are set by the later migration that adds them.
    return {k: v for k, v in values.items() if k in fields}


def december_2026_apply(apps=None, *, category_ids=None) -> None:
    """Set the rules added after the December 2026 review on the shipped rows.

    Side effects: on each category's shipped requirement set (starting 1 Jan 2000) the age
    bands of its track, the RSC span and concentration, the leadership kinds and the rater
    relationships (fields new with this change, so nothing an association chose is
    overwritten); on its shipped annual and 3-year renewal policies the calendar anchor, the
    move onto the 3-year calendar and whether its holders provide RSC. `category_ids`: only
    these categories (those `defaults_install` has just created).
    """
    if apps is None:
        from django.apps import apps
    Category = apps.get_model("competencies", "EndorsementCategory")
    RequirementSet = apps.get_model("competencies", "RequirementSet")
    RenewalPolicy = apps.get_model("competencies", "RenewalPolicy")
    found = Category.objects.all()
    if category_ids is not None:
        found = found.filter(pk__in=category_ids)
    categories = {c.code: c for c in found}
    for suffix, rules in DECEMBER_2026.items():
        for code in category_codes(suffix):
            category = categories.get(code)
            if category is None:
                continue
            values = {**rules, "age_bands": AGE_BANDS[category.track]}
            RequirementSet.objects.filter(category=category, effective_from=DEFAULTS_FROM).update(
                **values
            )
            annual, three_year = renewal_december_2026(suffix)
            RenewalPolicy.objects.filter(category=category, effective_from=DEFAULTS_FROM).update(
                **annual
            )
            RenewalPolicy.objects.filter(category=category, effective_from=THREE_YEAR_FROM).update(
                **three_year
            )


def _guidelines_install(apps) -> None:
    Edition = apps.get_model("competencies", "GuidelinesEdition")
    Domain = apps.get_model("competencies", "CompetencyDomain")
    Competency = apps.get_model("competencies", "Competency")
    fields = _field_names(Edition)
    # The English name, whatever language is active (the live model reads `name` in it).
    english = {"name_en": EDITION_NAME} if "name_en" in fields else {"name": EDITION_NAME}
    if Edition.objects.filter(**english).exists():
        return
    edition = Edition.objects.create(
        **_names(EDITION_NAME, fields), effective_from=DEFAULTS_FROM, active=True
    )
    for domain_order, (domain_name, mentor_only, areas) in enumerate(GUIDELINES, start=1):
        domain = Domain.objects.create(
            edition=edition,
            **_names(domain_name, fields),
            order=domain_order,
            mentor_only=mentor_only,
        )
        Competency.objects.bulk_create(
            Competency(domain=domain, **_names(name, fields), applies_from_level=level, order=order)
            for order, (name, level) in enumerate(areas, start=1)
        )

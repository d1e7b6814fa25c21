"""Controlled vocabularies, each term with its English and Arabic label.

This module is the one place in the code where the vocabularies live; the enums in
``data/datapackage.json`` must list exactly these keys (a test checks it).

>>> from gcm_explore.model.vocab import label, ACTOR_TYPES
>>> label(ACTOR_TYPES, "state", "ar")
'دولة عضو'
"""

from __future__ import annotations

__all__ = [
    "ACTOR_TYPES",
    "PROCESS_KINDS",
    "EVENT_KINDS",
    "EVENT_FAMILIES",
    "KIND_FAMILY",
    "event_family",
    "ROLES",
    "VOTE_ROLES",
    "RELATION_KINDS",
    "DERIVED_KINDS",
    "PRECISIONS",
    "LANGS",
    "VOCABULARIES",
    "REGIONS",
    "label",
    "check_lang",
]

LANGS = ("en", "ar")

#: The UN M49 regions of the Member States (their labels: i18n keys ``region_<name>``).
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")

ACTOR_TYPES = {
    "state": ("Member State", "دولة عضو"),
    "un_body": ("UN body", "هيئة تابعة للأمم المتحدة"),
    "regional_commission": ("UN regional commission", "لجنة إقليمية تابعة للأمم المتحدة"),
    "igo": ("Intergovernmental organisation", "منظمة حكومية دولية"),
    "governing_body": ("Governing body", "هيئة إدارية"),
    "regional_org": ("Regional organisation", "منظمة إقليمية"),
    "rcp": ("Regional consultative process", "عملية تشاورية إقليمية"),
    "forum": ("Global forum", "منتدى عالمي"),
    "network": ("Network", "شبكة"),
    "civil_society": ("Civil society and other stakeholders", "المجتمع المدني وأصحاب المصلحة"),
    "person": ("Person", "شخص"),
    "other": ("Other", "أخرى"),
}

PROCESS_KINDS = {
    "process": ("Process", "عملية"),
    "phase": ("Phase", "مرحلة"),
    "initiative": ("Initiative", "مبادرة"),
    "mechanism": ("Mechanism", "آلية"),
    "review": ("Review", "استعراض"),
    "dialogue": ("Dialogue", "حوار"),
}

EVENT_KINDS = {
    "summit": ("Summit", "قمة"),
    "conference": ("Conference", "مؤتمر"),
    "resolution": ("Resolution", "قرار"),
    "declaration": ("Declaration", "إعلان"),
    "report": ("Report", "تقرير"),
    "draft": ("Draft text", "مسودة"),
    "thematic_session": ("Thematic session", "جلسة مواضيعية"),
    "hearing": ("Multi-stakeholder hearing", "جلسة استماع متعددة الأطراف"),
    "consultation": ("Consultation", "مشاورة"),
    "stocktaking": ("Stocktaking meeting", "اجتماع تقييم"),
    "negotiation_round": ("Negotiation round", "جولة مفاوضات"),
    "agreement": ("Agreement of the text", "الاتفاق على النص"),
    "dialogue": ("Dialogue", "حوار"),
    "meeting": ("Meeting", "اجتماع"),
    "briefing": ("Briefing", "إحاطة"),
    "forum": ("Forum", "منتدى"),
    "review": ("Review", "استعراض"),
    "launch": ("Launch", "إطلاق"),
    "appointment": ("Appointment", "تعيين"),
    "election": ("Election", "انتخاب"),
    "withdrawal": ("Withdrawal", "انسحاب"),
    "other": ("Other", "أخرى"),
}

#: The families the timeline colours events by (a legend of 8 entries, not 22), in their order.
EVENT_FAMILIES = {
    "texts": ("Resolutions and texts", "القرارات والنصوص"),
    "gatherings": ("Summits and conferences", "القمم والمؤتمرات"),
    "consultations": ("Consultations and negotiations", "المشاورات والمفاوضات"),
    "meetings": ("Meetings and briefings", "الاجتماعات والإحاطات"),
    "reviews": ("Reviews and reports", "الاستعراضات والتقارير"),
    "people": ("Appointments, elections", "التعيينات والانتخابات"),
    "withdrawals": ("Withdrawals", "الانسحابات"),
    "other": ("Other", "أخرى"),
}
#: The family of each event kind.
KIND_FAMILY = {
    "resolution": "texts", "declaration": "texts", "draft": "texts", "agreement": "texts",
    "summit": "gatherings", "conference": "gatherings", "forum": "gatherings",
    "thematic_session": "consultations", "hearing": "consultations", "consultation": "consultations",
    "stocktaking": "consultations", "negotiation_round": "consultations", "dialogue": "consultations",
    "meeting": "meetings", "briefing": "meetings", "launch": "meetings",
    "review": "reviews", "report": "reviews",
    "appointment": "people", "election": "people",
    "withdrawal": "withdrawals", "other": "other",
}


def event_family(kind: str) -> str:
    """The family of an event kind (:data:`KIND_FAMILY`); 'other' for a kind not in the vocabulary.

    >>> event_family("hearing"), event_family("picnic")
    ('consultations', 'other')
    """
    return KIND_FAMILY.get(kind, "other")


ROLES = {
    "host": ("Host", "مضيف"),
    "chair": ("Chair", "رئيس"),
    "co_facilitator": ("Co-facilitator", "ميسّر مشارك"),
    "convener": ("Convener", "الجهة الداعية"),
    "organiser": ("Organiser", "منظِّم"),
    "speaker": ("Speaker", "متحدث"),
    "presenter": ("Presenter", "مقدِّم"),
    "participant": ("Participant", "مشارك"),
    "funder": ("Funder", "ممول"),
    "supporter": ("Supporter", "داعم"),
    "author": ("Author", "الجهة المُعِدّة"),
    "appointee": ("Appointee", "المُعيَّن"),
    "elected": ("Elected", "المُنتخَب"),
    "voted_yes": ("Voted yes", "صوّت مؤيدًا"),
    "voted_no": ("Voted no", "صوّت معارضًا"),
    "abstained": ("Abstained", "امتنع عن التصويت"),
    "not_voting": ("Did not vote", "لم يصوّت"),
    "withdrew": ("Withdrew", "انسحب"),
}

#: The roles of a vote in the General Assembly: a Member State with no other role did nothing else in the record.
VOTE_ROLES = ("voted_yes", "voted_no", "abstained", "not_voting")

RELATION_KINDS = {
    "member_of": ("member of", "عضو في"),
    "part_of": ("part of", "جزء من"),
    "leads": ("leads", "يقود"),
    "heads": ("heads", "يرأس"),
    "coordinates": ("coordinates", "ينسّق"),
    "co_facilitates": ("co-facilitates", "ييسّر بالاشتراك"),
    "co_chairs": ("co-chairs", "يشارك في رئاسة"),
    "chairs": ("chairs", "يرأس الاجتماع"),
    "champion_of": ("champion of", "دولة رائدة في"),
    "hosts": ("hosts", "يستضيف"),
    "funds": ("funds", "يموّل"),
    "supports": ("supports", "يدعم"),
    "appoints": ("appoints", "يعيّن"),
    "succeeded_by": ("succeeded by", "خَلَفه"),
    "represents": ("represents", "يمثّل"),
}

#: Edge kinds the network makes from participation (their words are in i18n), beside the relation kinds of the data.
DERIVED_KINDS = ("participated", "took_part", "event_of", "co_participated")

PRECISIONS = {
    "day": ("day", "يوم"),
    "month": ("month", "شهر"),
    "year": ("year", "سنة"),
}

#: Which column of which table each vocabulary constrains.
VOCABULARIES = {
    ("actors", "type"): ACTOR_TYPES,
    ("processes", "kind"): PROCESS_KINDS,
    ("events", "kind"): EVENT_KINDS,
    ("events", "date_precision"): PRECISIONS,
    ("participation", "role"): ROLES,
    ("relations", "kind"): RELATION_KINDS,
}


def check_lang(lang: object) -> str:
    """``lang`` if it is one of :data:`LANGS`; else a ValueError that lists them (every function
    with a ``lang`` argument checks it here).

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: 'fr' is not a valid value for `lang`. Valid values are: 'en', 'ar'.
    """
    if lang not in LANGS:
        raise ValueError(f"{lang!r} is not a valid value for `lang`. Valid values are: "
                         f"{', '.join(repr(x) for x in LANGS)}.")
    return lang


def label(vocab: dict, key: str, lang: str = "en") -> str:
    """Label of ``key`` in ``vocab`` in ``lang``; the key itself if it is not in the vocabulary."""
    pair = vocab.get(key)
    if pair is None:
        return str(key)
    return pair[1] if lang == "ar" else pair[0]

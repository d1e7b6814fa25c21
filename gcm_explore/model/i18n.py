"""English and Arabic: interface strings, month names and dates at their precision.

>>> import pandas as pd
>>> format_date(pd.Timestamp("2017-05-01"), "month", "en")
'May 2017'
>>> format_date(pd.Timestamp("2018-12-10"), "day", "ar")
'10 ديسمبر 2018'
"""

from __future__ import annotations

import html
import re

import pandas as pd

__all__ = ["t", "format_date", "format_span", "MONTHS", "LANGUAGE_CHOICES", "ARABIC_MARKS", "direction", "esc"]

#: Arabic marks that do not change a word for matching: short vowels, shadda, sukun, dagger alif, tatweel.
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")

#: The language switch's choices: what the user reads, and the code behind it.
LANGUAGE_CHOICES = [("English", "en"), ("العربية", "ar")]

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    # Month names as in UN Arabic documents (the Gregorian names used across the Arab world).
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
           "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
}

STRINGS = {
    "app_title": ("GCM Explorer", "مستكشف الاتفاق العالمي من أجل الهجرة"),
    "app_subtitle": ("The Global Compact for Safe, Orderly and Regular Migration: who did what, with whom, and when",
                     "الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية: من فعل ماذا، ومع مَن، ومتى"),
    "language": ("Language", "اللغة"),
    "as_of": ("As of", "حتى تاريخ"),
    "network_title": ("Actors and processes as of {date}", "الجهات الفاعلة والعمليات حتى {date}"),
    "network_title_all": ("Actors and processes, all dates", "الجهات الفاعلة والعمليات، كل التواريخ"),
    "timeline_title": ("Timeline of the GCM process", "الخط الزمني لعملية الاتفاق العالمي"),
    "events_shown": ("{n} events up to {date}", "{n} حدثًا حتى {date}"),
    "network_counts": ("{nodes} actors and processes, {edges} links",
                       # RLM first: Plotly draws annotations left to right, which would swap the two numbers
                       "\u200f{nodes} من الجهات الفاعلة والعمليات، {edges} من الروابط"),
    "type": ("Type", "النوع"),
    "kind": ("Kind", "الفئة"),
    "date": ("Date", "التاريخ"),
    "place": ("Place", "المكان"),
    "sources": ("Sources", "المصادر"),
    "process": ("Process", "العملية"),
    "participants": ("Participants", "المشاركون"),
    "links": ("Links", "الروابط"),
    "document": ("Document", "الوثيقة"),
    "process_node": ("GCM process", "عملية الاتفاق العالمي"),
    "participated": ("took part in", "شارك في"),
    "lane_other": ("Other", "أخرى"),
    "more": ("and {n} more", "و{n} غيرها"),
    "edge_legend": ("Links", "الروابط"),
    "node_legend": ("Nodes", "العُقد"),
    "event_legend": ("Events", "الأحداث"),
    "no_data": ("Nothing to show for this selection", "لا شيء لعرضه في هذا الاختيار"),
    # network: derived edge kinds, event nodes and metrics
    "event_node": ("Event", "حدث"),
    "took_part": ("took part in the event", "شارك في الحدث"),
    "event_of": ("event of", "حدث ضمن"),
    "co_participated": ("took part together in", "شاركا معًا في"),
    "network_window_title": ("Who took part together, {start} – {end}", "من شاركوا معًا، {start} – {end}"),
    "degree": ("Links to others", "الروابط بالآخرين"),
    "weighted_degree": ("Weighted links", "الروابط الموزونة"),
    "betweenness": ("Betweenness", "مركزية البينية"),
    "pagerank": ("PageRank", "ترتيب الصفحات (PageRank)"),
    "community": ("Community", "المجموعة"),
    "active": ("Active", "النشاط"),
    "events": ("Events", "الأحداث"),
    # the explorer's controls and detail panel
    "search": ("Find", "بحث"),
    "search_hint": ("an actor, a process or an event, in English or Arabic", "جهة فاعلة أو عملية أو حدث، بالعربية أو الإنجليزية"),
    "not_found": ("Nothing matches “{q}”", "لا نتيجة لـ«{q}»"),
    "types": ("Actor types", "أنواع الجهات الفاعلة"),
    "region": ("Region", "المنطقة"),
    "all_regions": ("All regions", "كل المناطق"),
    "hops": ("Neighbourhood", "الجوار"),
    "hops_off": ("whole network", "الشبكة كلها"),
    "states": ("Member States", "الدول الأعضاء"),
    "date_slider": ("Date shown", "التاريخ المعروض"),
    "range_from": ("From", "من"),
    "range_to": ("To", "إلى"),
    "states_active": ("That did more than vote", "التي قامت بأكثر من التصويت"),
    "states_all": ("All, by region", "جميعها، حسب المنطقة"),
    "voters_hidden": ("{n} Member States whose only part was their vote are not drawn (see the map)",
                      "لا تظهر {n} دولة عضوًا اقتصر دورها على التصويت (انظر الخريطة)"),
    "reset": ("Reset", "إعادة الضبط"),
    "link": ("Link to this view", "رابط هذا العرض"),
    "working": ("Working…", "جارٍ العمل…"),
    "mode_as_of": ("As of a date", "حتى تاريخ"),
    "mode_range": ("Between two dates", "بين تاريخين"),
    "between": ("Between", "بين"),
    "events_between": ("{n} events from {start} to {end}", "{n} حدثًا من {start} إلى {end}"),
    "all_processes": ("All processes", "كل العمليات"),
    "objective": ("Objective", "الهدف"),
    "all_objectives": ("All objectives", "كل الأهداف"),
    "connect": ("Connect to", "الصلة بـ"),
    "connect_hint": ("an actor or process: how is the selection linked to it?",
                     "جهة فاعلة أو عملية: كيف يرتبط بها ما اخترته؟"),
    "path_title": ("How {a} is linked to {b}", "كيف يرتبط {a} بـ{b}"),
    "no_path": ("No link between {a} and {b} in this view.", "لا صلة بين {a} و{b} في هذا العرض."),
    "path_needs_selection": ("Select a node first, then choose what to connect it to.",
                             "اختر عقدة أولًا، ثم اختر ما تريد معرفة صلتها به."),
    "place_events": ("Events held here", "الأحداث التي عُقدت هنا"),
    "open_data": ("Open data", "فتح بيانات"),
    "open_data_hint": ("A workbook (.xlsx, a sheet per table) or a zipped data package (.zip)",
                       "مصنف (‎.xlsx، ورقة لكل جدول) أو حزمة بيانات مضغوطة (‎.zip)"),
    "add_to_record": ("Add to the record shown", "إضافة إلى السجل المعروض"),
    "opened": ("Opened {name}", "فُتح {name}"),
    "open_failed": ("Could not open {name}: the problems are listed below; the record shown is unchanged.",
                    "تعذّر فتح {name}: المشكلات مذكورة أدناه؛ ولم يتغير السجل المعروض."),
    "load_failed": ("The explorer could not start", "تعذّر تشغيل المستكشف"),
    "load_failed_fix": ("Fix what the message below names (file, row, column), then reload this page. "
                        "`gcm-explore validate PATH` checks a data package from the command line.",
                        "أصلح ما تذكره الرسالة أدناه (الملف والصف والعمود)، ثم أعد تحميل هذه الصفحة. "
                        "يتحقق الأمر `gcm-explore validate PATH` من حزمة بيانات من سطر الأوامر."),
    "error": ("Something went wrong: {error}. The view was left as it was; try Reset.",
              "حدث خطأ: {error}. بقي العرض على حاله؛ جرّب زر إعادة الضبط."),
    "select_hint": ("Click a node or an event to see its details and links.",
                    "انقر على عقدة أو حدث لعرض تفاصيله وروابطه."),
    "relations": ("Relations", "العلاقات"),
    "metrics": ("Network metrics", "مقاييس الشبكة"),
    "region_Africa": ("Africa", "أفريقيا"),
    "region_Americas": ("Americas", "الأمريكتان"),
    "region_Asia": ("Asia", "آسيا"),
    "region_Europe": ("Europe", "أوروبا"),
    "region_Oceania": ("Oceania", "أوقيانوسيا"),
    # presenter
    "actors": ("Actors", "الجهات الفاعلة"),
    "previous": ("Previous step (←)", "الخطوة السابقة (←)"),
    "next": ("Next step (→ or space)", "الخطوة التالية (→ أو مسافة)"),
    "presenter_keys": ("→ or space: next · ←: previous · F: full screen",
                       "→ أو مسافة: التالية · ←: السابقة · F: ملء الشاشة"),
    # the map
    "voted_yes": ("Voted in favour", "صوّتت مؤيدة"),
    "voted_no": ("Voted against", "صوّتت معارضة"),
    "abstained": ("Abstained", "امتنعت عن التصويت"),
    "not_voting": ("Did not vote", "لم تشارك في التصويت"),
    "no_record": ("No record", "لا يوجد سجل"),
    "not_yet": ("Vote not yet held", "لم يجرِ التصويت بعد"),
    "vote_title": ("Vote in the General Assembly on {doc}, {date}", "التصويت في الجمعية العامة على {doc}، {date}"),
    "vote_legend": ("Recorded vote", "التصويت المسجل"),
    "withdrew": ("Withdrew or dissociated in {year}", "انسحبت أو نأت بنفسها في {year}"),
    "no_withdrawal": ("No withdrawal recorded", "لم يُسجَّل انسحاب"),
    "withdrawal_title": ("States that withdrew from or dissociated themselves from the GCM{when}",
                         "الدول التي انسحبت من الاتفاق العالمي أو نأت بنفسها عنه{when}"),
    "withdrawal_legend": ("Withdrawal or dissociation", "الانسحاب أو النأي بالنفس"),
    "champion": ("Champion country", "دولة رائدة"),
    "co_chair": ("Co-chair of the Champion countries", "رئيس مشارك للدول الرائدة"),
    "champion_co_chair": ("Champion country and co-chair", "دولة رائدة ورئيس مشارك"),
    "not_champion": ("Not a Champion country", "ليست دولة رائدة"),
    "champion_since": ("Champion country since {date}", "دولة رائدة منذ {date}"),
    "co_chair_since": ("Co-chair since {date}", "رئيس مشارك منذ {date}"),
    "champion_title": ("GCM Champion countries{when}", "الدول الرائدة في الاتفاق العالمي{when}"),
    "region_title": ("United Nations Member States by region (M49)", "الدول الأعضاء في الأمم المتحدة حسب المنطقة (M49)"),
    "region_legend": ("Region (UN M49)", "المنطقة (M49)"),
    "events_title": ("Where the events took place{when}", "أماكن انعقاد الأحداث{when}"),
    "events_legend": ("Events held in the state", "الأحداث المنعقدة في الدولة"),
    "n_events": ("{n} events", "{n} من الأحداث"),
    "bin_1": ("1 event", "حدث واحد"),
    "bin_2": ("2–4 events", "2–4 أحداث"),
    "bin_5": ("5–19 events", "5–19 حدثًا"),
    "bin_20": ("20 events or more", "20 حدثًا أو أكثر"),
    "no_event": ("No event recorded", "لم يُسجَّل حدث"),
    "places": ("Event places (size: number of events)", "أماكن الأحداث (الحجم: عدد الأحداث)"),
    "centroid": ("no city recorded: shown at the country's centre", "لم تُسجَّل مدينة: يظهر في وسط البلد"),
    "when": (", as of {date}", "، حتى {date}"),
    "layer": ("Map", "الخريطة"),
    "all_dates": ("All dates", "كل التواريخ"),
    "layer_vote": ("Vote on A/RES/73/195", "التصويت على القرار A/RES/73/195"),
    "layer_withdrawal": ("Withdrawals and dissociations", "الانسحاب والنأي بالنفس"),
    "layer_champion": ("Champion countries", "الدول الرائدة"),
    "layer_region": ("Regions (UN M49)", "المناطق (M49)"),
    "layer_events": ("Event places", "أماكن الأحداث"),
    "other_area": ("Not a UN Member State", "ليست دولة عضوًا في الأمم المتحدة"),
    "footer": ("Every event, actor and link cites its source (see the hover). Data: CC BY 4.0.",
               "كل حدث وجهة فاعلة ورابط مُسند إلى مصدره (انظر التلميح). البيانات: CC BY 4.0."),
}


def t(key: str, lang: str = "en", **values) -> str:
    """The interface string ``key`` in ``lang``, with ``values`` filled in."""
    en, ar = STRINGS[key]
    text = ar if lang == "ar" else en
    return text.format(**values) if values else text


def direction(lang: str) -> str:
    """'rtl' for Arabic, 'ltr' otherwise."""
    return "rtl" if lang == "ar" else "ltr"


def format_date(ts: pd.Timestamp, precision: str = "day", lang: str = "en") -> str:
    """A date written at its precision: '10 December 2018', 'May 2017' or '2016'."""
    if ts is None or pd.isna(ts):
        return ""
    month = MONTHS["ar" if lang == "ar" else "en"][ts.month - 1]
    if precision == "year":
        return str(ts.year)
    if precision == "month":
        return f"{month} {ts.year}"
    return f"{ts.day} {month} {ts.year}"


def format_span(start: pd.Timestamp, end: pd.Timestamp | None, precision: str = "day", lang: str = "en") -> str:
    """'10–11 December 2018', '20 February – 23 February 2018' or a single date."""
    if end is None or pd.isna(end) or precision != "day" or end == start:
        return format_date(start, precision, lang)
    months = MONTHS["ar" if lang == "ar" else "en"]
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]} {end.year}"
    return f"{format_date(start, 'day', lang)} – {format_date(end, 'day', lang)}"


def esc(value: object) -> str:
    """Text from data made safe for HTML and Plotly hovers (which render a subset of HTML)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)

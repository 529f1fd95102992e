"""Ready-made surveys a business starts from, in Finnish and English.

Each is short (at most five questions) and ends by asking how we could do better.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .kinds import Kind


def t(fi: str, en: str) -> dict:
    return {"fi": fi, "en": en}


BETTER = {
    "kind": Kind.LONG_TEXT,
    "text": t("Miten voisimme tehdä asiat vielä paremmin?", "How could we do better?"),
    "help": t(
        "Kaikki palaute luetaan, ja jokaiseen vastataan.",
        "Every comment is read, and every one gets an answer.",
    ),
}

YES_PARTLY_NO = [t("Kyllä", "Yes"), t("Osittain", "Partly"), t("Ei", "No")]

PRESETS: dict[str, dict] = {
    "webshop_order": {
        "label": _("After a webshop order"),
        "title": t("Miten tilaaminen sujui?", "How did ordering go?"),
        "intro": t(
            "Kiitos tilauksestasi! Kerro, miten ostaminen verkkokaupassamme sujui.",
            "Thank you for your order! Tell us how buying from our webshop went.",
        ),
        "thanks": t(
            "Kiitos vastauksestasi! Luemme jokaisen vastauksen.",
            "Thank you for answering! We read every answer.",
        ),
        "questions": [
            {
                "kind": Kind.NPS,
                "required": True,
                "text": t(
                    "Kuinka todennäköisesti suosittelisit meitä ystävällesi?",
                    "How likely are you to recommend us to a friend?",
                ),
            },
            {
                "kind": Kind.CSAT,
                "text": t(
                    "Kuinka tyytyväinen olit tilaamisen helppouteen?",
                    "How satisfied were you with how easy ordering was?",
                ),
            },
            {
                "kind": Kind.CHOICE,
                "text": t("Mistä löysit meidät?", "How did you find us?"),
                "choices": [
                    t("Hakukoneesta", "Search engine"),
                    t("Sosiaalisesta mediasta", "Social media"),
                    t("Ystävän suosituksesta", "A friend's recommendation"),
                    t("Mainoksesta", "An advertisement"),
                    t("Muualta", "Elsewhere"),
                ],
            },
            BETTER,
        ],
    },
    "delivery": {
        "label": _("After delivery"),
        "title": t("Miten toimitus onnistui?", "How was the delivery?"),
        "intro": t(
            "Pakettisi on toimitettu. Kerro, saapuiko se niin kuin lupasimme.",
            "Your parcel was delivered. Tell us whether it came as promised.",
        ),
        "thanks": t(
            "Kiitos! Välitämme palautteen myös kuljetuksesta vastaaville.",
            "Thank you! We pass the feedback on to those who handle deliveries.",
        ),
        "questions": [
            {
                "kind": Kind.CSAT,
                "required": True,
                "text": t(
                    "Kuinka tyytyväinen olit toimitukseen?",
                    "How satisfied were you with the delivery?",
                ),
            },
            {
                "kind": Kind.CHOICE,
                "text": t("Saapuiko paketti luvattuna aikana?", "Did the parcel arrive on time?"),
                "choices": [
                    t("Etuajassa", "Early"),
                    t("Ajallaan", "On time"),
                    t("Myöhässä", "Late"),
                ],
            },
            {
                "kind": Kind.RATING,
                "max": 5,
                "text": t(
                    "Missä kunnossa tuotteet olivat?", "What condition were the products in?"
                ),
            },
            BETTER,
        ],
    },
    "store_visit": {
        "label": _("After a store visit"),
        "title": t("Kiitos käynnistä!", "Thank you for visiting!"),
        "intro": t(
            "Kerro, millainen käyntisi myymälässämme oli.",
            "Tell us what your visit to our store was like.",
        ),
        "thanks": t(
            "Kiitos vastauksestasi ja tervetuloa uudelleen!",
            "Thank you for answering, and welcome back!",
        ),
        "questions": [
            {
                "kind": Kind.NPS,
                "required": True,
                "text": t(
                    "Kuinka todennäköisesti suosittelisit myymäläämme ystävällesi?",
                    "How likely are you to recommend our store to a friend?",
                ),
            },
            {
                "kind": Kind.RATING,
                "max": 5,
                "text": t("Millaista palvelua sait?", "How was the service you got?"),
            },
            {"kind": Kind.SHORT_TEXT, "text": t("Mikä oli parasta?", "What was the best part?")},
            {
                "kind": Kind.CONSENT,
                "text": t(
                    "Saatte julkaista yllä olevan kommenttini etunimelläni asiakastarinoissanne.",
                    "You may publish my comment above with my first name in your customer stories.",
                ),
            },
            BETTER,
        ],
    },
    "support_contact": {
        "label": _("After a support contact (CES)"),
        "title": t("Saitko asiasi hoidettua?", "Did we sort out your matter?"),
        "intro": t(
            "Olit hiljattain yhteydessä asiakaspalveluumme. Kolme nopeaa kysymystä.",
            "You recently contacted our customer service. Three quick questions.",
        ),
        "thanks": t(
            "Kiitos! Palautteesi auttaa meitä palvelemaan paremmin.",
            "Thank you! Your feedback helps us serve you better.",
        ),
        "questions": [
            {
                "kind": Kind.CES,
                "required": True,
                "text": t(
                    "Kuinka helppoa asiasi hoitaminen oli?",
                    "How easy was it to get your matter handled?",
                ),
            },
            {
                "kind": Kind.CHOICE,
                "text": t("Ratkesiko asiasi?", "Was your matter resolved?"),
                "choices": YES_PARTLY_NO,
            },
            {
                "kind": Kind.CSAT,
                "text": t(
                    "Kuinka tyytyväinen olit saamaasi palveluun?",
                    "How satisfied were you with the service you got?",
                ),
            },
            BETTER,
        ],
    },
    "expectation": {
        "label": _("Expectation vs. experience at a touchpoint"),
        "title": t("Vastasimmeko odotuksiasi?", "Did we meet your expectations?"),
        "intro": t(
            "Kerro kustakin asiasta, mitä odotit ja mitä sait.",
            "For each, tell us what you expected and what you got.",
        ),
        "thanks": t(
            "Kiitos! Vertaamme odotuksia ja kokemuksia, jotta tiedämme mitä parantaa.",
            "Thank you! We compare expectations and experiences to know what to improve.",
        ),
        "questions": [
            {"kind": Kind.EXPECTATION, "required": True, "text": t("Kokonaisuutena", "Overall")},
            {"kind": Kind.EXPECTATION, "text": t("Palvelun nopeus", "Speed of service")},
            {"kind": Kind.EXPECTATION, "text": t("Ystävällisyys", "Friendliness")},
            BETTER,
        ],
    },
    "website": {
        "label": _("General website feedback"),
        "title": t("Palautetta verkkosivuista", "Feedback on our website"),
        "intro": t(
            "Autatko meitä tekemään sivuista paremmat? Vastaaminen on nopeaa.",
            "Help us make the website better? It only takes a moment.",
        ),
        "thanks": t("Kiitos palautteesta!", "Thank you for your feedback!"),
        "questions": [
            {
                "kind": Kind.CHOICE,
                "text": t("Mitä tulit sivuille tekemään?", "What did you come to do?"),
                "choices": [
                    t("Ostamaan", "Buy something"),
                    t("Katselemaan", "Browse"),
                    t("Etsimään tietoa", "Find information"),
                    t("Muuta", "Something else"),
                ],
            },
            {
                "kind": Kind.CHOICE,
                "required": True,
                "text": t("Löysitkö etsimäsi?", "Did you find what you were looking for?"),
                "choices": YES_PARTLY_NO,
            },
            {
                "kind": Kind.CSAT,
                "text": t(
                    "Kuinka tyytyväinen olet sivuihimme?", "How satisfied are you with our website?"
                ),
            },
            BETTER,
        ],
    },
}

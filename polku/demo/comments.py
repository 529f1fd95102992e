"""What the demo's customers wrote over the year, by survey and by how it went: the shop's
typical praise and complaints, so that the themes, the sentiment and the key drivers have a
year to show. Parcels go wrong at Christmas; the store's newest seller is still learning.
"""

from __future__ import annotations

import random

from polku.accounts.models import Role
from polku.text.actions import set_theme
from polku.text.models import Comment, Theme

# preset → (happy, unhappy) comments in Finnish (the Kaisla shop).
COMMENTS_FI = {
    "webshop_order": (
        [
            "Tilaaminen oli helppoa ja maksaminen sujui nopeasti.",
            "Verkkokauppa on selkeä, löysin heti etsimäni.",
            "Hyvät tarjoukset ja ilmainen toimitus, kiitos!",
            "Kiva että tilauksen mukana tuli näytteitä.",
            "Tilausvahvistus tuli heti ja kaikki oli selvää.",
            "Hinnat ovat kohdallaan ja valikoima laaja.",
        ],
        [
            "Alennuskoodi ei toiminut kassalla.",
            "Sivusto jumitti maksuvaiheessa ja jouduin tilaamaan uudelleen.",
            "Tuote oli loppu vaikka sivulla luki että on varastossa.",
            "Toimituskulut ovat liian kalliit pienelle tilaukselle.",
            "Hakutoiminto ei löydä tuotteita merkin nimellä.",
            "Kortilta veloitettiin kahdesti.",
        ],
    ),
    "delivery": (
        [
            "Paketti tuli jo seuraavana päivänä automaattiin.",
            "Toimitus oli nopea ja paketti hyvin pakattu.",
            "Sain tekstiviestin kun paketti oli noudettavissa, kätevää.",
            "Noutopiste on lähellä ja paketti oli perillä ajallaan.",
        ],
        [
            "Paketti oli neljä päivää myöhässä eikä kukaan ilmoittanut.",
            "Voidepurkki oli haljennut matkalla.",
            "Pakettiautomaatti oli täynnä ja paketti meni kauas toiseen noutopisteeseen.",
            "Seurantakoodi ei toiminut ja paketti katosi.",
            "Toimitus kesti yli viikon.",
        ],
    ),
    "store_visit": (
        [
            "Myyjä oli todella ystävällinen ja antoi hyviä neuvoja.",
            "Sain asiantuntevaa apua herkälle iholle.",
            "Ihana tunnelma ja palvelu hymyssä suin.",
            "Ihoanalyysi oli hyödyllinen ja myyjä osasi suositella oikeat tuotteet.",
            "Nopea ja mukava palvelu kassalla.",
        ],
        [
            "Kassalla oli pitkä jono ja vain yksi kassa auki.",
            "Myyjä ei osannut kertoa tuotteen ainesosista.",
            "Kukaan ei tervehtinyt eikä tarjonnut apua.",
            "Myyjä yritti myydä kalliimpia tuotteita vaikka pyysin edullista.",
            "Lempituotteeni oli taas loppu hyllystä.",
        ],
    ),
    "support_contact": (
        [
            "Asiakaspalvelu vastasi sähköpostiin samana päivänä.",
            "Palautus hoitui helposti ja rahat tulivat nopeasti.",
            "Chatissa sain heti vastauksen kysymykseeni.",
        ],
        [
            "Sähköpostiin vastattiin vasta viikon päästä.",
            "Palautuksen rahoja ei ole vieläkään näkynyt.",
            "Puhelimessa jonotin puoli tuntia.",
            "Reklamaatioon ei vastattu ollenkaan.",
        ],
    ),
    "expectation": (
        [
            "Ihoanalyysi oli perusteellinen ja sain selkeät ohjeet.",
            "Palvelu oli odotettua parempaa.",
        ],
        [
            "Ajanvaraus myöhästyi ja analyysi oli pintapuolinen.",
            "Odotin enemmän henkilökohtaista neuvontaa.",
        ],
    ),
    "website": (
        [
            "Tuotesivuilla on hyvin tietoa ainesosista.",
            "Sivut toimivat hyvin puhelimella.",
        ],
        [
            "Ainesosaluettelo on vaikea lukea puhelimella.",
            "Sivusto latautuu hitaasti.",
            "En löytänyt aukioloaikoja sivuilta.",
        ],
    ),
}
CHRISTMAS_FI = [
    "Joulupaketti myöhästyi ja lahja ei ehtinyt jouluksi.",
    "Paketti oli ruhjoutunut ja pullo vuotanut, joulukiireet näkyivät.",
]
SUGGESTIONS_FI = [
    "Voisitteko olla auki myös sunnuntaisin?",
    "Toivoisin enemmän vegaanisia tuotteita valikoimaan.",
    "Olisi kiva saada tekstiviesti kun tilaus lähtee.",
    "Kanta-asiakkaille voisi olla enemmän etuja.",
    "Lahjakortin voisi ostaa myös verkosta.",
]
COMMENTS_EN = (
    [
        "Quick and friendly, the van came on time.",
        "The technician explained everything clearly.",
        "Booking online was easy.",
    ],
    [
        "Nobody called back about the calibration.",
        "Three invoices for one job again.",
        "The repair took longer than we were told.",
    ],
)

# Corrections the staff made by hand, on the newest few comments of each text: themes the
# rules missed and one they gave wrongly, so each theme's page has something to say about
# its rule (and the demo shows corrections that stick). text → (starter theme, present).
CORRECTIONS = {
    "fi": [
        ("Ainesosaluettelo on vaikea lukea puhelimella.", "website", True),
        ("Voidepurkki oli haljennut matkalla.", "delivery", True),
        ("Paketti oli ruhjoutunut ja pullo vuotanut, joulukiireet näkyivät.", "quality", True),
        ("Odotin enemmän henkilökohtaista neuvontaa.", "waiting", False),
    ],
    "en": [
        ("The repair took longer than we were told.", "communication", True),
        ("Quick and friendly, the van came on time.", "delivery", False),
    ],
}
CORRECTED_PER_TEXT = 3


def correct_demo_themes(organization) -> None:
    """The hand corrections above, made by one of the organization's agents (or its first
    member), after the comments have been read."""
    memberships = organization.memberships.order_by("pk")
    by = memberships.filter(role=Role.AGENT).first() or memberships.first()
    for text, starter, present in CORRECTIONS.get(organization.language, []):
        theme = Theme.objects.get(organization=organization, starter=starter)
        comments = Comment.objects.filter(organization=organization, answer__text=text)
        for comment in comments.order_by("-pk")[:CORRECTED_PER_TEXT]:
            set_theme(comment, theme, present, by)


def demo_comment(preset: str, happy: bool, month: int, rng: random.Random, language: str) -> str:
    """One comment a customer of this survey might have written."""
    if language == "en":
        return rng.choice(COMMENTS_EN[0] if happy else COMMENTS_EN[1])
    if not happy and preset == "delivery" and month == 12 and rng.random() < 0.6:
        return rng.choice(CHRISTMAS_FI)
    if rng.random() < 0.12:
        return rng.choice(SUGGESTIONS_FI)
    happy_pool, unhappy_pool = COMMENTS_FI.get(preset, COMMENTS_FI["store_visit"])
    return rng.choice(happy_pool if happy else unhappy_pool)

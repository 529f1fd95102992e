"""Ways to reach a survey: QR code (SVG, PNG), a printable poster, personal invitation links."""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404, require
from polku.automation.actions import create_invitation, invitation_path
from polku.customers.actions import customer_by_email

from ..forms import InvitationForm
from ..models import Survey, localized


def store_url(request: OrgRequest, survey: Survey) -> str:
    """The public link as the shop's QR code carries it: channel store, source QR."""
    path = reverse("respond:survey", args=[survey.public_id])
    return request.build_absolute_uri(f"{path}?src=qr&ch=store")


def _qr(request: OrgRequest, survey: Survey):
    return segno.make(store_url(request, survey), error="m")


@member_view()
def qr_svg(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    out = io.BytesIO()
    _qr(request, survey).save(out, kind="svg", scale=10, border=2, title=survey.name)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{survey.public_id}.svg"'
    return response


@member_view()
def qr_png(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    out = io.BytesIO()
    _qr(request, survey).save(out, kind="png", scale=16, border=2)
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-{survey.public_id}.png"'
    return response


def _poster_lines(text: str, width: int = 34) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _poster_texts(request: OrgRequest, survey: Survey) -> tuple[str, str]:
    """The poster's title and lead line, in the organization's language."""
    language = request.organization.language
    title = localized(
        survey.current_version.texts["title"] if survey.current_version else survey.title,
        language,
    )
    with translation.override(language):
        lead = _("Scan the code with your phone camera and tell us how we did. It takes a minute.")
    return title, lead


@member_view()
def poster_svg(request: OrgRequest, pk: int) -> HttpResponse:
    """The A4 poster as one SVG file, for print shops and one's own layouts."""
    survey = org_object_or_404(request, Survey, pk=pk)
    title, lead = _poster_texts(request, survey)
    url = store_url(request, survey)
    qr = _qr(request, survey).svg_inline(scale=1, border=0, omitsize=True)
    qr = qr.replace("<svg ", '<svg x="45" y="95" width="120" height="120" ', 1)
    title_lines = "".join(
        f'<tspan x="105" dy="{0 if i == 0 else 13}">{escape(line)}</tspan>'
        for i, line in enumerate(_poster_lines(title, 24))
    )
    lead_lines = "".join(
        f'<tspan x="105" dy="{0 if i == 0 else 8}">{escape(line)}</tspan>'
        for i, line in enumerate(_poster_lines(lead, 42))
    )
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        'viewBox="0 0 210 297" font-family="sans-serif" text-anchor="middle">'
        '<rect width="210" height="297" fill="#fff"/>'
        f'<text y="40" font-size="11" font-weight="700" fill="#1b232c">{title_lines}</text>'
        f'<text y="75" font-size="6" fill="#1b232c">{lead_lines}</text>'
        f"{qr}"
        f'<text x="105" y="235" font-size="3.2" fill="#4f5b67">{escape(url)}</text>'
        "</svg>"
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="poster-{survey.public_id}.svg"'
    return response


# The PNG poster: A4 at 150 dpi, laid out in the same millimetres as the SVG.
PX_PER_MM = 150 / 25.4
# Bitstream Vera, shipped inside reportlab: a font with every Finnish and Swedish letter on
# any machine, with nothing fetched and no system fonts needed. (Pillow's built-in font
# has no ä or ö.)
POSTER_FONTS = {
    False: Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
    True: Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
}


def _mm(value: float) -> int:
    return round(value * PX_PER_MM)


def _wrap(text: str, font, max_width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


@member_view()
def poster_png(request: OrgRequest, pk: int) -> HttpResponse:
    """The A4 poster as a PNG image, for printing from a phone or pasting into a document."""
    from PIL import Image, ImageDraw, ImageFont

    survey = org_object_or_404(request, Survey, pk=pk)
    title, lead = _poster_texts(request, survey)
    url = store_url(request, survey)
    image = Image.new("RGB", (_mm(210), _mm(297)), "white")
    draw = ImageDraw.Draw(image)
    fonts = {
        size: ImageFont.truetype(str(POSTER_FONTS[bold]), _mm(size))
        for size, bold in ((11, True), (6, False), (3.2, False))
    }
    centre = _mm(105)

    def write(lines: list[str], top_mm: float, size: float, step_mm: float, fill: str) -> None:
        for i, line in enumerate(lines):
            draw.text(
                (centre, _mm(top_mm + i * step_mm)), line, font=fonts[size], fill=fill, anchor="ms"
            )

    write(_wrap(title, fonts[11], _mm(180)), 40, 11, 13, "#1b232c")
    write(_wrap(lead, fonts[6], _mm(170)), 75, 6, 8, "#1b232c")
    code = io.BytesIO()
    _qr(request, survey).save(code, kind="png", scale=1, border=0)
    qr_image = Image.open(code).convert("RGB")
    image.paste(qr_image.resize((_mm(120), _mm(120)), Image.Resampling.NEAREST), (_mm(45), _mm(95)))
    write([url], 235, 3.2, 0, "#4f5b67")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(150, 150), optimize=True)
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="poster-{survey.public_id}.png"'
    return response


@member_view()
def poster(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    language = request.GET.get("lang") or request.organization.language
    qr_svg_markup = _qr(request, survey).svg_inline(scale=12, border=0)
    return render(
        request,
        "surveys/poster.html",
        {
            "survey": survey,
            "title": localized(
                survey.current_version.texts["title"] if survey.current_version else survey.title,
                language,
            ),
            "qr": qr_svg_markup,
            "url": store_url(request, survey),
        },
    )


@member_view()
def invitations(request: OrgRequest, pk: int) -> HttpResponse:
    """Personal links made by hand, e.g. to send from one's own email after a service."""
    survey = org_object_or_404(request, Survey, pk=pk)
    form = InvitationForm(request.POST or None, organization=request.organization)
    if request.method == "POST":
        require(request.membership, "can_edit_journey")
        if survey.status != Survey.Status.OPEN:
            messages.error(request, _("Publish or reopen the survey first."))
        elif form.is_valid():
            data = form.cleaned_data
            customer = (
                customer_by_email(request.organization, data["email"], data["name"])
                if data["email"]
                else None
            )
            invitation = create_invitation(survey, customer=customer, employee=data["employee"])
            messages.success(request, _("A personal link was made. Copy it from the list below."))
            return redirect(
                reverse("surveys:invitations", args=[request.organization.slug, survey.pk])
                + f"#i{invitation.pk}"
            )
    rows = [
        (invitation, request.build_absolute_uri(invitation_path(invitation)))
        for invitation in survey.invitations.select_related(
            "customer", "employee__user", "response"
        )[:50]
    ]
    return render(
        request, "surveys/invitations.html", {"survey": survey, "form": form, "rows": rows}
    )

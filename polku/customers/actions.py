"""State changes of customers."""

from __future__ import annotations

from polku.accounts.models import Organization

from .models import Customer


def customer_by_email(
    organization: Organization, email: str, name: str = "", language: str = ""
) -> Customer:
    """The organization's customer with this email, created if new (name filled if empty)."""
    email = email.strip().lower()
    customer = Customer.objects.filter(organization=organization, email=email).first()
    if customer is None:
        return Customer.objects.create(
            organization=organization, email=email, name=name, language=language
        )
    if name and not customer.name:
        customer.name = name
        customer.save(update_fields=["name"])
    return customer

"""The shared domain: the IDO network, people and roles, the outbox, site pages."""

from .messaging import Message
from .network import (
    DeliveryModel,
    LibraryOrganisation,
    Location,
    OpeningHours,
    Organisation,
    Province,
    ServiceProvider,
    SupportOrganisation,
    Topic,
)
from .pages import FooterSettings, HomePage, LocationIndexPage, StandardPage
from .people import Membership, Role

__all__ = [
    "DeliveryModel",
    "FooterSettings",
    "HomePage",
    "LibraryOrganisation",
    "Location",
    "LocationIndexPage",
    "Membership",
    "Message",
    "OpeningHours",
    "Organisation",
    "Province",
    "Role",
    "ServiceProvider",
    "StandardPage",
    "SupportOrganisation",
    "Topic",
]

"""Reference demo content: deterministic, bilingual, framework-free. See `content`."""

from innovex.demo.content import generate_demo
from innovex.demo.model import (
    INITIATIVE_STATES,
    NEED_STATES,
    OFFER_STATES,
    ORGANIZATION_KINDS,
    PERSON_ROLES,
    DemoDataset,
    DemoFund,
    DemoInitiative,
    DemoNeed,
    DemoOffer,
    DemoOrganization,
    DemoPerson,
)

__all__ = [
    "INITIATIVE_STATES",
    "NEED_STATES",
    "OFFER_STATES",
    "ORGANIZATION_KINDS",
    "PERSON_ROLES",
    "DemoDataset",
    "DemoFund",
    "DemoInitiative",
    "DemoNeed",
    "DemoOffer",
    "DemoOrganization",
    "DemoPerson",
    "generate_demo",
]

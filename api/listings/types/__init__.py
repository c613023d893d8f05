"""GraphQL types of listings, one module per aggregate; shared pieces in `shared`."""

from __future__ import annotations

from api.listings.types.funds import FundProfileType
from api.listings.types.initiatives import InitiativeType
from api.listings.types.needs import NeedType
from api.listings.types.offers import TechnologyOfferType
from api.listings.types.shared import SCALARS, AttachmentType

__all__ = ["LISTING_TYPES", "SCALARS"]

LISTING_TYPES: tuple[type, ...] = (
    AttachmentType,
    InitiativeType,
    TechnologyOfferType,
    NeedType,
    FundProfileType,
)

"""Mutations of listings, one module per aggregate. Each returns a payload union; expected
failures change nothing."""

from __future__ import annotations

from api.listings.mutations.attachments import AttachmentsMutation
from api.listings.mutations.funds import FundsMutation
from api.listings.mutations.initiatives import InitiativesMutation
from api.listings.mutations.needs import NeedsMutation
from api.listings.mutations.offers import OffersMutation

# In this order in the schema's Mutation type.
LISTINGS_MUTATIONS: tuple[type, ...] = (
    InitiativesMutation,
    OffersMutation,
    NeedsMutation,
    FundsMutation,
    AttachmentsMutation,
)

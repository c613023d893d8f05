"""Repositories for initiatives, technology offers, needs, fund profiles and what is kept about
every listing (status timeline, submitted versions, confidential-access grants).

What an actor may read is part of each statement (`readable_clause`), never filtered after the
rows are fetched. Callers import from this package; the submodules split it by aggregate.
"""

from db.repositories.listings.funds import SqlFundRepository, fund_from_row
from db.repositories.listings.initiatives import SqlInitiativeRepository, initiative_from_row
from db.repositories.listings.needs import SqlNeedRepository, need_from_row
from db.repositories.listings.offers import SqlOfferRepository, offer_from_row
from db.repositories.listings.records import (
    SqlListingRecords,
    status_change_from_row,
    stored_version_from_row,
)
from db.repositories.listings.visibility import granted_clause, readable_clause

__all__ = [
    "SqlFundRepository",
    "SqlInitiativeRepository",
    "SqlListingRecords",
    "SqlNeedRepository",
    "SqlOfferRepository",
    "fund_from_row",
    "granted_clause",
    "initiative_from_row",
    "need_from_row",
    "offer_from_row",
    "readable_clause",
    "status_change_from_row",
    "stored_version_from_row",
]

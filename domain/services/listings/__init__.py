"""Use cases for initiatives, technology offers, needs and fund profiles.

Every use case that changes a listing writes, in one transaction: the change, one audit entry,
one outbox event, and (for a status change) one step of the public timeline. Expected
failures raise before anything is written or are rolled back by the caller.

Callers import from this package; the submodules split it by aggregate.
"""

from domain.services.listings.content import (
    MAX_CO_AUTHORS,
    MAX_KEYWORDS,
    MAX_VND,
    REASON_MAX,
    check_initiative_complete,
    check_need_complete,
    check_offer_complete,
    clean_fund_thesis,
    clean_initiative,
    clean_need,
    clean_offer,
    clean_reason,
)
from domain.services.listings.funds import FundProfileSaved, upsert_fund_profile
from domain.services.listings.initiatives import (
    create_initiative,
    load_initiative,
    resubmit_initiative,
    submit_initiative,
    transition_initiative,
    update_initiative,
    withdraw_initiative,
)
from domain.services.listings.needs import create_need, load_need, move_need, update_need
from domain.services.listings.offers import (
    EXPIRY_BATCH,
    OFFER_MAX_TERM,
    OFFER_TERM,
    approve_offer,
    create_offer,
    expire_due_offers,
    load_offer,
    mark_offer_negotiating,
    mark_offer_transferred,
    renew_offer,
    submit_offer,
    update_offer,
    withdraw_offer,
)
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import record_change

# The names domain.services.attachments has imported since before the split.
_initiative = load_initiative
_offer = load_offer
_need = load_need
_record = record_change

__all__ = [
    "EXPIRY_BATCH",
    "MAX_CO_AUTHORS",
    "MAX_KEYWORDS",
    "MAX_VND",
    "OFFER_MAX_TERM",
    "OFFER_TERM",
    "REASON_MAX",
    "FundProfileSaved",
    "ListingsUnitOfWork",
    "approve_offer",
    "check_initiative_complete",
    "check_need_complete",
    "check_offer_complete",
    "clean_fund_thesis",
    "clean_initiative",
    "clean_need",
    "clean_offer",
    "clean_reason",
    "create_initiative",
    "create_need",
    "create_offer",
    "expire_due_offers",
    "load_initiative",
    "load_need",
    "load_offer",
    "mark_offer_negotiating",
    "mark_offer_transferred",
    "move_need",
    "record_change",
    "renew_offer",
    "resubmit_initiative",
    "submit_initiative",
    "submit_offer",
    "transition_initiative",
    "update_initiative",
    "update_need",
    "update_offer",
    "upsert_fund_profile",
    "withdraw_initiative",
    "withdraw_offer",
]

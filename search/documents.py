"""The one place that turns listings and organisations into SearchDocuments.

A document holds the *public projection* only. The fields the domain marks confidential —
descriptions, an initiative's solution, contact details — are never read here, whatever the
caller hands in, and a listing outside its public states has no document at all (the indexer
deletes it). Review notes and reasons are not part of a listing, so they cannot get in either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from uuid import UUID

from domain.accounts import Organization
from domain.events import EntityKind
from domain.listings import (
    INITIATIVE_PUBLIC,
    NEED_PUBLIC,
    OFFER_PUBLIC,
    Initiative,
    Need,
    TechnologyOffer,
)
from domain.search import DocumentKind, SearchDocument

ORGANIZATION_STATUS = "verified"

_KIND_OF_ENTITY: dict[EntityKind, DocumentKind] = {
    EntityKind.INITIATIVE: DocumentKind.INITIATIVE,
    EntityKind.OFFER: DocumentKind.OFFER,
    EntityKind.NEED: DocumentKind.NEED,
    EntityKind.ORGANIZATION: DocumentKind.ORGANIZATION,
}


def document_kind(kind: EntityKind) -> DocumentKind | None:
    """The document kind of an entity kind; None for entities that are not searched (funds)."""
    return _KIND_OF_ENTITY.get(kind)


def document_id(kind: DocumentKind, entity_id: UUID) -> str:
    return f"{kind.value}:{entity_id}"


def _text(*parts: str | None) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _with_owner(document: SearchDocument, organization: Organization | None) -> SearchDocument:
    if organization is None:
        return document
    return replace(
        document,
        organization_id=str(organization.id),
        organization_name=organization.name,
        organization_kind=organization.kind.value,
        organization_verified=organization.verified,
    )


def _keywords(keywords: Iterable[str]) -> tuple[str, ...]:
    return tuple(k.strip() for k in keywords if k.strip())


def initiative_document(
    initiative: Initiative, organization: Organization | None
) -> SearchDocument | None:
    if initiative.status not in INITIATIVE_PUBLIC:
        return None
    c = initiative.content
    document = SearchDocument(
        id=document_id(DocumentKind.INITIATIVE, initiative.id),
        kind=DocumentKind.INITIATIVE,
        title=c.title,
        summary=c.summary or "",
        keywords=_keywords(c.keywords),
        # Public: the problem addressed, the advantages and the expected impact. Not the
        # description or the solution (confidential), nor the co-authors.
        body=_text(c.problem, c.advantages, c.expected_impact),
        language=c.language.value,
        field_code=c.field_code,
        trl=c.trl,
        province=c.province_code,
        ip_status=c.ip_status.value,
        status=initiative.status.value,
        updated_at=initiative.updated_at,
    )
    return _with_owner(document, organization)


def offer_document(
    offer: TechnologyOffer, organization: Organization | None
) -> SearchDocument | None:
    if offer.status not in OFFER_PUBLIC:
        return None
    c = offer.content
    document = SearchDocument(
        id=document_id(DocumentKind.OFFER, offer.id),
        kind=DocumentKind.OFFER,
        title=c.title,
        summary=c.summary or "",
        keywords=_keywords(c.keywords),
        # Public: the indicative terms. Not the description nor the contact details.
        body=_text(c.terms),
        field_code=c.field_code,
        trl=c.trl,
        province=c.province_code,
        ip_status=c.ip_status.value,
        transfer_modes=tuple(mode.value for mode in c.transfer_modes),
        status=offer.status.value,
        updated_at=offer.updated_at,
    )
    return _with_owner(document, organization)


def need_document(need: Need, organization: Organization | None) -> SearchDocument | None:
    if need.status not in NEED_PUBLIC:
        return None
    c = need.content
    document = SearchDocument(
        id=document_id(DocumentKind.NEED, need.id),
        kind=DocumentKind.NEED,
        title=c.title,
        # Suppliers must read a public need's problem, outcome and constraints to answer it.
        summary=c.problem_statement or "",
        keywords=_keywords(c.keywords),
        body=_text(c.desired_outcome, c.constraints, c.order_commitment),
        field_code=c.field_code,
        trl=c.min_trl,
        province=c.province_code,
        status=need.status.value,
        updated_at=need.updated_at,
    )
    return _with_owner(document, organization)


def organization_document(organization: Organization) -> SearchDocument | None:
    """Verified organisations are in the public directory; others are not searchable."""
    if not organization.verified:
        return None
    document = SearchDocument(
        id=document_id(DocumentKind.ORGANIZATION, organization.id),
        kind=DocumentKind.ORGANIZATION,
        title=organization.name,
        province=organization.province_code,
        status=ORGANIZATION_STATUS,
        updated_at=organization.created_at,
    )
    return _with_owner(document, organization)


def listing_document(
    listing: Initiative | TechnologyOffer | Need, organization: Organization | None
) -> SearchDocument | None:
    """The document of any listing kind, or None when the listing is not public."""
    if isinstance(listing, Initiative):
        return initiative_document(listing, organization)
    if isinstance(listing, TechnologyOffer):
        return offer_document(listing, organization)
    return need_document(listing, organization)

"""GraphQL types of the matcher: recommendations with their explanations, and the
commercialisation potential. Everything here is built from public facts of public listings
(`domain.matching`); there is no confidential field to guard."""

from __future__ import annotations

import enum
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import OrganizationType
from api.context import Info
from api.errors import NotAllowed, NotFound, ValidationError
from domain import fit_checks
from domain import matching as domain
from domain import potential as potential_domain

FitCheckName = strawberry.enum(fit_checks.CheckName, name="FitCheckName")
FitCheckOutcome = strawberry.enum(fit_checks.CheckOutcome, name="FitCheckOutcome")

TYPE_NAMES: dict[str, str] = {
    "initiative": "Initiative",
    "offer": "TechnologyOffer",
    "need": "Need",
}


@strawberry.enum(name="MatchedListingKind")
class MatchedListingKind(enum.Enum):
    INITIATIVE = "initiative"
    OFFER = "offer"
    NEED = "need"


@strawberry.type(name="FitCheck", description="One compatibility check and its outcome.")
class FitCheckType:
    name: FitCheckName  # type: ignore[valid-type]
    outcome: FitCheckOutcome  # type: ignore[valid-type]
    detail: str

    @classmethod
    def from_domain(cls, check: fit_checks.FitCheck) -> FitCheckType:
        return cls(name=check.name, outcome=check.outcome, detail=check.detail)


async def _organization(info: Info, organization_id: UUID) -> OrganizationType:
    org = await info.context.loaders.organization_by_id.load(organization_id)
    assert org is not None
    return OrganizationType.from_domain(org)


@strawberry.type(
    name="MatchedListing",
    description=(
        "A public listing in a recommendation, with why: its cosine similarity to the query, "
        "the query's words found in its public text, and the fit checks."
    ),
)
class MatchedListingType:
    id: relay.GlobalID
    kind: MatchedListingKind
    title: str
    score: float = strawberry.field(description="Fused score: relative, for ordering only.")
    similarity: float | None = strawberry.field(
        description="Cosine similarity of the embeddings (null before the listing is embedded)."
    )
    matched_terms: list[str]
    checks: list[FitCheckType]
    _organization_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, m: domain.MatchedListing) -> MatchedListingType:
        return cls(
            id=relay.GlobalID(TYPE_NAMES[m.kind], str(m.id)),
            kind=MatchedListingKind(m.kind),
            title=m.title,
            score=round(m.score, 4),
            similarity=None if m.similarity is None else round(m.similarity, 4),
            matched_terms=list(m.matched_terms),
            checks=[FitCheckType.from_domain(c) for c in m.checks],
            _organization_id=m.organization_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await _organization(info, self._organization_id)


@strawberry.type(name="SupplierRecommendation")
class SupplierRecommendationType:
    rank: int
    score: float
    deal_count: int
    best_listings: list[MatchedListingType] = strawberry.field(
        description="The supplier's best-matching public listings, best first."
    )
    checks: list[FitCheckType] = strawberry.field(
        description="Fit checks of the best listing, with the supplier's track record."
    )
    _organization_id: strawberry.Private[UUID]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await _organization(info, self._organization_id)


@strawberry.type(name="RecommendedSuppliers")
class RecommendedSuppliers:
    embedded: bool = strawberry.field(
        description="False while the need waits for the worker to embed it (lexical only)."
    )
    suppliers: list[SupplierRecommendationType]


@strawberry.type(name="MatchedOpportunities")
class MatchedOpportunities:
    embedded: bool
    opportunities: list[MatchedListingType]


@strawberry.type(name="MatchingNeeds")
class MatchingNeeds:
    embedded: bool
    needs: list[MatchedListingType]


@strawberry.type(name="SimilarListing")
class SimilarListingType:
    listing: MatchedListingType
    likely_duplicate: bool


@strawberry.type(name="SimilarListings")
class SimilarListings:
    embedded: bool
    listings: list[SimilarListingType]


@strawberry.type(name="PotentialComponent")
class PotentialComponentType:
    name: str
    value: float = strawberry.field(description="In [0, 1].")
    weight: float
    contribution: float = strawberry.field(description="Points of the 0-100 score.")
    detail: str

    @classmethod
    def from_domain(cls, c: potential_domain.PotentialComponent) -> PotentialComponentType:
        return cls(
            name=c.name,
            value=round(c.value, 4),
            weight=c.weight,
            contribution=round(c.contribution, 2),
            detail=c.detail,
        )


@strawberry.type(
    name="CommercialisationPotential",
    description="0-100: TRL, IP status, market pull (matching open needs) and interest.",
)
class CommercialisationPotential:
    listing_id: relay.GlobalID
    score: float
    components: list[PotentialComponentType]


RecommendedSuppliersResult = Annotated[
    RecommendedSuppliers | NotAllowed | NotFound | ValidationError,
    strawberry.union("RecommendedSuppliersResult"),
]
MatchedOpportunitiesResult = Annotated[
    MatchedOpportunities | NotAllowed | NotFound | ValidationError,
    strawberry.union("MatchedOpportunitiesResult"),
]
MatchingNeedsResult = Annotated[
    MatchingNeeds | NotAllowed | NotFound | ValidationError,
    strawberry.union("MatchingNeedsResult"),
]
SimilarListingsResult = Annotated[
    SimilarListings | NotAllowed | NotFound | ValidationError,
    strawberry.union("SimilarListingsResult"),
]
CommercialisationPotentialResult = Annotated[
    CommercialisationPotential | NotAllowed | NotFound | ValidationError,
    strawberry.union("CommercialisationPotentialResult"),
]

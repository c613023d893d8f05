"""GraphQL types of search: results with snippets and facets, suggestions, filter input."""

from __future__ import annotations

import enum
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import OrganizationKind
from api.errors import ValidationError
from api.relay import PageInfo, encode_cursor
from domain import listings
from domain import search as domain
from search.documents import ORGANIZATION_STATUS

SearchKind = strawberry.enum(domain.DocumentKind, name="SearchKind")
SearchSort = strawberry.enum(domain.SearchSort, name="SearchSort")
# Named for search so they never clash with the listing context's own enums.
SearchIpStatus = strawberry.enum(listings.IpStatus, name="SearchIpStatus")
SearchTransferMode = strawberry.enum(listings.TransferMode, name="SearchTransferMode")


@strawberry.enum(
    name="PublicStatus",
    description="The states in which listings (and verified organisations) are searchable.",
)
class PublicStatus(enum.StrEnum):
    PUBLISHED = "published"
    COMMERCIALISING = "commercialising"
    COMMERCIALISED = "commercialised"
    LISTED = "listed"
    UNDER_NEGOTIATION = "under_negotiation"
    TRANSFERRED = "transferred"
    OPEN = "open"
    CLOSED = "closed"
    AWARDED = "awarded"
    VERIFIED = ORGANIZATION_STATUS


# Every public state of the domain, and only those, can be filtered on.
assert {s.value for s in PublicStatus} == {
    *(s.value for s in listings.INITIATIVE_PUBLIC),
    *(s.value for s in listings.OFFER_PUBLIC),
    *(s.value for s in listings.NEED_PUBLIC),
    ORGANIZATION_STATUS,
}


@strawberry.enum(name="SearchFacet")
class SearchFacet(enum.Enum):
    KIND = "kind"
    FIELD_CODE = "field_code"
    PROVINCE = "province"
    TRL = "trl"
    IP_STATUS = "ip_status"
    TRANSFER_MODES = "transfer_modes"
    STATUS = "status"
    ORGANIZATION_KIND = "organization_kind"


@strawberry.input(description="Values of one criterion are alternatives; criteria all apply.")
class SearchFilterInput:
    field_codes: list[str] | None = strawberry.field(
        default=None, description="S&T field codes; a level-1 field includes its sectors."
    )
    trl_min: int | None = None
    trl_max: int | None = None
    provinces: list[str] | None = strawberry.field(default=None, description="Province codes.")
    ip_statuses: list[SearchIpStatus] | None = None  # type: ignore[valid-type]
    transfer_modes: list[SearchTransferMode] | None = None  # type: ignore[valid-type]
    statuses: list[PublicStatus] | None = None
    organization_kinds: list[OrganizationKind] | None = None  # type: ignore[valid-type]


@strawberry.type
class Highlight:
    field: str
    snippet: str = strawberry.field(
        description="HTML-escaped text with matches wrapped in <mark>…</mark>."
    )


# GraphQL type of what each kind of search document describes.
NODE_TYPE_NAMES = {
    domain.DocumentKind.INITIATIVE: "Initiative",
    domain.DocumentKind.OFFER: "TechnologyOffer",
    domain.DocumentKind.NEED: "Need",
    domain.DocumentKind.ORGANIZATION: "Organization",
}


def node_id(document_id: str) -> tuple[relay.GlobalID, UUID]:
    """The global id (for node(id:)) and the entity id of a document id "<kind>:<uuid>"."""
    kind, _, entity = document_id.partition(":")
    entity_id = UUID(entity)
    return relay.GlobalID(NODE_TYPE_NAMES[domain.DocumentKind(kind)], str(entity_id)), entity_id


@strawberry.type
class SearchHit:
    id: relay.GlobalID = strawberry.field(
        description="Global id of the listing or organisation found: open it with node(id:)."
    )
    kind: SearchKind  # type: ignore[valid-type]
    entity_id: UUID
    title: str
    score: float
    highlights: list[Highlight]
    organization_verified: bool = strawberry.field(
        description="Whether the owner organisation is verified; unverified ones are shown so."
    )
    similar_count: int = strawberry.field(
        description="Near-duplicates of this hit (listings of the same organisation with a "
        'near-identical title) folded into it: show as "n similar".'
    )

    @classmethod
    def from_domain(cls, hit: domain.SearchHit) -> SearchHit:
        global_id, entity_id = node_id(hit.id)
        return cls(
            id=global_id,
            kind=hit.kind,
            entity_id=entity_id,
            title=hit.title,
            score=hit.score,
            highlights=[Highlight(field=k, snippet=v) for k, v in hit.highlights.items()],
            organization_verified=hit.organization_verified,
            similar_count=hit.similar_count,
        )


def _search_cursor(root: SearchEdge) -> str:
    return encode_cursor(root._scope, [root._position])


@strawberry.type
class SearchEdge:
    # Encoded when asked for: most pages never select it.
    cursor: str = strawberry.field(resolver=_search_cursor)
    node: SearchHit
    _scope: strawberry.Private[str]
    _position: strawberry.Private[int]

    def encoded_cursor(self) -> str:
        return _search_cursor(self)


@strawberry.type
class FacetValue:
    value: str
    count: int


@strawberry.type
class Facet:
    name: SearchFacet
    values: list[FacetValue]


@strawberry.type
class SearchResults:
    edges: list[SearchEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="Every match when totalCountIsExact; otherwise a lower bound: broad "
        "queries rank, facet and page through their first matches only."
    )
    total_count_is_exact: bool = strawberry.field(
        description="False when totalCount is a lower bound or an estimate."
    )
    facets: list[Facet] = strawberry.field(
        description="The distribution over the results of this query and filter."
    )
    processing_ms: float

    @strawberry.field
    def nodes(self) -> list[SearchHit]:
        return [edge.node for edge in self.edges]


@strawberry.type
class SearchUnavailable:
    message: str


@strawberry.type
class Suggestion:
    id: relay.GlobalID = strawberry.field(
        description="Global id of the listing or organisation: open it with node(id:)."
    )
    kind: SearchKind  # type: ignore[valid-type]
    entity_id: UUID
    title: str

    @classmethod
    def from_domain(cls, suggestion: domain.Suggestion) -> Suggestion:
        global_id, entity_id = node_id(suggestion.id)
        return cls(
            id=global_id,
            kind=suggestion.kind,
            entity_id=entity_id,
            title=suggestion.title,
        )


@strawberry.type
class Suggestions:
    suggestions: list[Suggestion]


SEARCH_ERRORS = (ValidationError, SearchUnavailable)

"""The named graph queries, one module per topic, each a Cypher query beside its networkx traversal.

Why side by side: every intent must give the same answer from the embedded graph and from
Neo4j. Keeping both forms of a query in one :class:`NamedQuery`, with one row shape and one
sort order, makes a drift between them visible in one place and testable
(tests/test_neo4j_store.py compares the rows of every query in :data:`ALL_QUERIES`).

Row values are plain scalars or lists of scalars. Names of Neo4j properties equal the
networkx attribute names; ``names`` (the name plus every alias surface) is stored as a
list property in Neo4j and derived on the fly in networkx.

The topics (a new query goes into the module of its topic, and into :data:`ALL_QUERIES`):

=================================  ==========================================================
:mod:`graph.queries.supports`      pairings: supporters and recipients of nodes, all pairings,
                                   the pairings under the explore filters (the filter itself)
:mod:`graph.queries.nodes`         nodes by id, every node with its names
:mod:`graph.queries.places`        hospitals inside a county, prefecture or province
:mod:`graph.queries.people`        dispatched staff: of a person, to and from a hospital
:mod:`graph.queries.documents`     documents, citations, requirements, measures
:mod:`graph.queries.network`       hubs, degrees and cross-province flows under the explore
                                   filters, shortest paths, edges between two nodes, see-also
                                   links, node and edge counts by type
:mod:`graph.queries.named_query`   :class:`NamedQuery` and the traversal helpers they share
=================================  ==========================================================

Product code imports a query from its topic module; this package is the catalogue (every
query by name, for the parity tests, the benchmarks and callers written against the former
single module).
"""

from __future__ import annotations

from graph.queries.documents import CITATIONS, DOCUMENTS, MEASURES, REQUIREMENTS
from graph.queries.named_query import (
    DERIVED_NODE_KEYS,
    NamedQuery,
    Row,
    derived_node_properties,
    names_of,
)
from graph.queries.network import (
    CROSS_PROVINCE_FLOWS,
    EDGE_COUNTS,
    EDGES_BETWEEN,
    HUBS,
    MAX_PATH_HOPS,
    NODE_COUNTS,
    RECIPIENT_DEGREES,
    SEE_ALSO_OF,
    SHORTEST_PATHS,
    SUPPORTER_DEGREES,
)
from graph.queries.nodes import NAME_ENTRIES, NODES
from graph.queries.people import DISPATCHES_FROM, DISPATCHES_OF, DISPATCHES_TO
from graph.queries.places import HOSPITALS_IN_PLACE
from graph.queries.supports import ALL_SUPPORTS, FILTERED_SUPPORTS, RECIPIENTS_OF, SUPPORTERS_OF

__all__ = [
    "ALL_QUERIES",
    "ALL_SUPPORTS",
    "CITATIONS",
    "CROSS_PROVINCE_FLOWS",
    "DERIVED_NODE_KEYS",
    "DISPATCHES_FROM",
    "DISPATCHES_OF",
    "DISPATCHES_TO",
    "DOCUMENTS",
    "EDGES_BETWEEN",
    "EDGE_COUNTS",
    "FILTERED_SUPPORTS",
    "HOSPITALS_IN_PLACE",
    "HUBS",
    "MAX_PATH_HOPS",
    "MEASURES",
    "NAME_ENTRIES",
    "NODES",
    "NODE_COUNTS",
    "RECIPIENTS_OF",
    "RECIPIENT_DEGREES",
    "REQUIREMENTS",
    "SEE_ALSO_OF",
    "SHORTEST_PATHS",
    "SUPPORTERS_OF",
    "SUPPORTER_DEGREES",
    "NamedQuery",
    "Row",
    "derived_node_properties",
    "names_of",
]

ALL_QUERIES: tuple[NamedQuery, ...] = (
    SUPPORTERS_OF,
    RECIPIENTS_OF,
    ALL_SUPPORTS,
    NODES,
    NAME_ENTRIES,
    HOSPITALS_IN_PLACE,
    DISPATCHES_OF,
    DISPATCHES_TO,
    DISPATCHES_FROM,
    DOCUMENTS,
    CITATIONS,
    REQUIREMENTS,
    MEASURES,
    HUBS,
    SHORTEST_PATHS,
    EDGES_BETWEEN,
    FILTERED_SUPPORTS,
    SUPPORTER_DEGREES,
    RECIPIENT_DEGREES,
    CROSS_PROVINCE_FLOWS,
    NODE_COUNTS,
    EDGE_COUNTS,
)

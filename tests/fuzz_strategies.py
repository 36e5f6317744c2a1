"""Hypothesis strategies shared by the fuzz tests: JSON-like values, from plausible to hostile."""

from __future__ import annotations

from hypothesis import strategies as st

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["", " ", "\u200b\u200b", "\x00\x07", "2026-02-30", "0001-01-01", "31-12-2026", "haaksbergen",
                     "twenterand", "Buurse", "wonen", "schulden", "Wmo", "toegang-uitvraag/1",
                     "toegang-uitvraag/2", "toegang-uitvraag/9", "9" * 400]),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


plausible = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-3, max_value=130), st.sampled_from([
        "", " ", "ja", "nee", "onbekend", "balie", "telefoon", "inwoner", "alleenstaand", "gezin_met_kinderen",
        "wonen", "schulden", "financien", "eenzaamheid", "Wmo", "Jeugdwet", "2026-11-02", "2025-13-01", "1800-01-01",
        "haaksbergen", "twenterand", "Buurse", "Vroomshoop", "x" * 20_001, "\u202e\u200b", "Ünïcödé ✓"]),
    st.lists(st.sampled_from(["dochter", "buurvrouw", "", 3]), max_size=3),
)

"""Read-only attrs metadata: shared by frame copies, still a plain dict to json and pickle."""

from __future__ import annotations

import copy
import json
import pickle

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.data.frozen import FrozenDict


def test_every_change_is_refused_with_a_hint():
    meta = FrozenDict({"a": "x"})
    changes = [lambda: meta.__setitem__("a", "y"), lambda: meta.__delitem__("a"),
               lambda: meta.update(b=1), lambda: meta.pop("a"), meta.popitem, meta.clear,
               lambda: meta.setdefault("b", 1)]
    for change in changes:
        with pytest.raises(TypeError, match=r"read-only; copy it with dict\(\.\.\.\)"):
            change()
    with pytest.raises(TypeError, match="read-only"):
        meta |= {"b": 1}
    assert meta == {"a": "x"}


def test_copies_share_it_and_it_stays_a_dict():
    meta = FrozenDict({"a": "x", "b": "说明"})
    assert copy.deepcopy(meta) is meta and copy.copy(meta) is meta
    assert json.loads(json.dumps(meta, ensure_ascii=False)) == {"a": "x", "b": "说明"}
    back = pickle.loads(pickle.dumps(meta))
    assert back == meta and isinstance(back, FrozenDict)
    assert {**meta, "c": "y"} == {"a": "x", "b": "说明", "c": "y"}
    assert hash(meta) == hash(FrozenDict({"b": "说明", "a": "x"}))


def test_loaded_tables_share_their_descriptions_through_pandas_operations():
    ind = ka.load_indicators()
    descriptions = ind.attrs["descriptions"]
    assert isinstance(descriptions, FrozenDict) and "quote" in descriptions
    picked = ind[ind["kind"] == "level"][["id", "value"]].sort_values("value")
    assert picked.attrs["descriptions"] is descriptions  # not copied on every operation
    again = ka.load_indicators()
    assert again.attrs is not ind.attrs  # each load has its own attrs dict ...
    again.attrs["note"] = "mine"
    assert "note" not in ka.load_indicators().attrs  # ... so adding a key stays local
    frame = pd.DataFrame({"x": [1]})
    frame.attrs["descriptions"] = dict(descriptions)  # a mutable copy, when one is wanted
    frame.attrs["descriptions"]["x"] = "changed"
    assert descriptions.get("x") is None

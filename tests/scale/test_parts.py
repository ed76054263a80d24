"""Many small shards make few partitions (issue 18): Dask on 3,000 one-article files spent
minutes scheduling thousands of one-row partitions through every shuffle and join (368 s
in near-duplicates against 14 s for a whole local ingest)."""

from __future__ import annotations

import dask
import pandas as pd
import pytest

from parley.scale import dataset

pytestmark = pytest.mark.dask

META = pd.DataFrame({"name": pd.Series(dtype=object), "n": pd.Series(dtype="int64")})


def _read(root: str, name: str) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"{root}/{name}"] * 2, "n": [1, 2]})


def test_parts_are_read_in_at_most_the_partitions_asked_for():
    names = [dataset.part_name(i) for i in range(3000)]
    frame = dataset.read_parts(_read, "root", names, META, partitions=8)
    assert frame.npartitions == 8
    with dask.config.set(scheduler="sync"):
        got = frame.compute().reset_index(drop=True)
    want = pd.concat([_read("root", n) for n in names], ignore_index=True)
    assert got.astype(object).values.tolist() == want.values.tolist()  # in part order


def test_fewer_parts_than_partitions_give_one_partition_each():
    frame = dataset.read_parts(_read, "root", ["a", "b", "c"], META, partitions=8)
    assert frame.npartitions == 3

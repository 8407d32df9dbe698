"""The same cleaning on Dask: a LocalCluster with 2 workers gives what the local run gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocrfix.batch import BatchOptions, clean_bag, run_batch

from .test_batch import _corpus, _jsonl, _records, _tree

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_clean_bag_equals_the_local_run(tmp_path: Path, client: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", 8)
    local = tmp_path / "local.jsonl"
    run_batch([str(src)], str(local), BatchOptions(), jobs=1, progress=False)
    lines = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()]
    bag = dask_bag.from_sequence([*lines, 42], npartitions=3)
    got = clean_bag(bag).compute()
    assert got[-1] == {"error": "expected a str or a dict, got int"}
    assert got[:-1] == _records(local)
    # Plain strings work too; stage options pass through.
    [one] = clean_bag(dask_bag.from_sequence(["The eort was dierent."]), only=["ligatures"]).compute()
    assert one["text"] == "The effort was different." and one["summary"] == {"ligatures": 2}


def test_cli_path_on_a_scheduler_equals_the_local_run(tmp_path: Path, client: Any) -> None:
    src = _corpus(tmp_path / "in", 6)
    run_batch([str(src)], str(tmp_path / "local"), jobs=1, progress=False)
    stats = run_batch([str(src)], str(tmp_path / "dask"), dask=client.scheduler.address, progress=False)
    assert (stats.cleaned, stats.failed) == (6, 0)
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    jl = _jsonl(tmp_path / "in.jsonl", 5)
    run_batch([str(jl)], str(tmp_path / "local.jsonl"), jobs=1, progress=False)
    run_batch([str(jl)], str(tmp_path / "dask.jsonl"), dask=client, progress=False)
    assert _records(tmp_path / "dask.jsonl") == _records(tmp_path / "local.jsonl")

"""Every rule a stage declares is exercised by a unit test."""

from __future__ import annotations

from pathlib import Path

from ocrfix.stages import STAGE_ORDER, STAGES

TESTS = Path(__file__).resolve().parent


def test_every_declared_rule_has_a_test() -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("*.py") if p.name != Path(__file__).name)
    corpus += "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("*.json"))
    missing = [rule for name in STAGE_ORDER for rule in STAGES[name].rules if rule not in corpus]
    assert not missing, f"rules without a test naming them: {missing}"


def test_rule_ids_are_namespaced_by_stage() -> None:
    for name in STAGE_ORDER:
        for rule in STAGES[name].rules:
            assert rule.startswith(name + "."), rule

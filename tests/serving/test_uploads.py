"""An admin's upload is kept once (whatever its format or name), in Vietnamese, of a kind the bot reads."""

from __future__ import annotations

import pytest

from serving.uploads import DISK_FULL, NOT_VIETNAMESE, UploadError, list_uploads, store_upload

RULES = """# Quy chế giữ gìn giếng nước chung

Điều 1. Lịch thau giếng

Giếng nước chung của xóm được thau rửa vào tháng ba và tháng chín hằng năm.

Điều 2. Người trông giếng

Xóm cử một người trông giếng, khóa nắp giếng ban đêm.
"""
PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" * 5


def test_the_same_document_again_in_another_format_or_name_is_a_duplicate(tmp_path):
    first = store_upload(tmp_path, "quy-che.md", RULES.encode(), 42)
    for name, data in (("ban-sao.txt", RULES.encode()), ("quy-che (1).md", ("\n" + RULES.upper() + "\n").encode())):
        with pytest.raises(UploadError, match=f"duplicate:{first.id}"):
            store_upload(tmp_path, name, data, 42)
    assert [u.id for u in list_uploads(tmp_path)] == [first.id]
    other = store_upload(tmp_path, "khac.md", RULES.replace("tháng chín", "tháng mười").encode(), 42)
    assert other.id != first.id and len(list_uploads(tmp_path)) == 2


def test_an_upload_from_before_fingerprints_is_still_recognised(tmp_path):
    first = store_upload(tmp_path, "quy-che.md", RULES.encode(), 42)
    sidecar = tmp_path / f"{first.id}.json"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(first.content_sha256, ""), encoding="utf-8")
    with pytest.raises(UploadError, match="duplicate"):
        store_upload(tmp_path, "ban-sao.txt", RULES.encode(), 42)


def test_text_that_is_neither_law_nor_vietnamese_is_refused(tmp_path):
    with pytest.raises(UploadError) as refused:
        store_upload(tmp_path, "notes.md", PASSWD.encode(), 42)
    assert str(refused.value) == NOT_VIETNAMESE and str(refused.value) != DISK_FULL
    assert list_uploads(tmp_path) == [] and not list(tmp_path.glob("*"))
    training = "Buổi tập huấn về dân chủ ở cơ sở cho cán bộ thôn, xóm được tổ chức tại nhà văn hóa xã.\n" * 3
    assert store_upload(tmp_path, "tap-huan.txt", training.encode(), 42).articles >= 1

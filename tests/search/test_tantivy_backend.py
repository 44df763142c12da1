"""The tantivy backend: writes, reads, generations and the write lock."""

from __future__ import annotations

import fcntl
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from gongkai.search.engine import SearchFilters
from gongkai.search.tantivy_backend import IndexBusyError, TantivyBackend

from .conftest import make_doc

DOCS = [
    make_doc("a", "关于政府采购项目的公告", "鞍山市公共资源交易中心集中采购。"),
    make_doc("b", "招标公告", "公开招标，欢迎供应商参加。", published=date(2023, 5, 1)),
    make_doc("c", "年度工作报告", "本年度政务公开工作总结。", published=date(2024, 6, 1)),
]


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def test_index_then_search_count_and_fingerprints(tantivy_backend: TantivyBackend) -> None:
    assert tantivy_backend.index(DOCS) == 3
    assert tantivy_backend.count() == 3
    assert tantivy_backend.ids() == {"a", "b", "c"}
    assert tantivy_backend.fingerprints() == {doc.id: doc.fingerprint for doc in DOCS}
    assert ids(tantivy_backend.search("采购")) == ["a"]


def test_indexing_a_known_id_replaces_it(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    tantivy_backend.index([make_doc("a", "更正公告", "采购内容已更正。")])
    assert tantivy_backend.count() == 3
    assert ids(tantivy_backend.search("政府")) == []
    assert ids(tantivy_backend.search("更正")) == ["a"]


def test_delete_and_clear(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    tantivy_backend.delete(["b", "unknown"])
    assert tantivy_backend.ids() == {"a", "c"}
    tantivy_backend.clear()
    assert tantivy_backend.count() == 0
    assert tantivy_backend.fingerprints() == {}


def test_title_match_ranks_first(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(
        [
            make_doc("body", "工作通知", "关于公告的说明，请阅读本公告。"),
            make_doc("title", "公告", "内容见附件。"),
        ]
    )
    assert ids(tantivy_backend.search("公告")) == ["title", "body"]


def test_newest_sort_and_pages(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    results = tantivy_backend.search("公", sort="newest")
    assert ids(results) == ["c", "a", "b"]
    page = tantivy_backend.search("公", sort="newest", limit=1, offset=1)
    assert ids(page) == ["a"]
    assert page.total == 3


def test_filters(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    assert ids(tantivy_backend.search("公", SearchFilters(year=2023))) == ["b"]


def test_empty_query_finds_nothing(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    assert tantivy_backend.search("，  ").total == 0


def test_rebuild_swaps_in_a_new_generation(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)
    seen: list[int] = []
    written = tantivy_backend.rebuild([make_doc("z", "新文件", "重建后的内容。")], seen.append)
    assert written == 1
    assert seen == [1]
    assert tantivy_backend.ids() == {"z"}
    assert ids(tantivy_backend.search("重建")) == ["z"]
    assert len(list(tantivy_backend.path.glob("gen-*"))) == 1


def test_a_copy_that_followed_the_symlink_still_works(tmp_path: Path) -> None:
    """`cp -r` or a backup tool turns ``current`` into a real directory."""
    import shutil

    source = TantivyBackend(tmp_path / "a", heap_size=15_000_000)
    source.index(DOCS)
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # follows symlinks
    assert not (tmp_path / "b" / "current").is_symlink()
    copy = TantivyBackend(tmp_path / "b", heap_size=15_000_000)
    assert copy.count() == 3  # the copied index is kept, not replaced by an empty one
    assert (tmp_path / "b" / "current").is_symlink()
    assert copy.rebuild(DOCS[:1]) == 1
    assert copy.ids() == {"a"}


def test_another_instance_sees_commits_and_rebuilds(tmp_path: Path) -> None:
    """Two instances on one directory behave like two gunicorn workers."""
    writer = TantivyBackend(tmp_path, heap_size=15_000_000)
    reader = TantivyBackend(tmp_path, heap_size=15_000_000)
    assert reader.count() == 0
    writer.index(DOCS)
    assert reader.count() == 3
    writer.rebuild(DOCS[:1])
    assert reader.ids() == {"a"}
    reader.index(DOCS[1:2])
    assert writer.ids() == {"a", "b"}


def test_a_held_write_lock_makes_writers_wait_then_give_up(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path, heap_size=15_000_000, lock_timeout=0.2)
    backend.index(DOCS)
    with open(tmp_path / "write.lock", "a") as other_process:
        fcntl.flock(other_process, fcntl.LOCK_EX)
        with pytest.raises(IndexBusyError):
            backend.index(DOCS)
        assert backend.count() == 3  # reading needs no lock
    backend.delete(["a"])
    assert backend.count() == 2


def test_a_failed_write_leaves_the_index_as_it_was(tantivy_backend: TantivyBackend) -> None:
    tantivy_backend.index(DOCS)

    def broken():
        yield make_doc("new", "新文件")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        tantivy_backend.index(broken())
    assert tantivy_backend.ids() == {"a", "b", "c"}


def test_threads_of_one_process_take_turns_to_write(tantivy_backend: TantivyBackend) -> None:
    docs = [make_doc(f"t{number}", "线程写入") for number in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        written = list(pool.map(lambda doc: tantivy_backend.index([doc]), docs))
    assert written == [1] * 8
    assert tantivy_backend.count() == 8

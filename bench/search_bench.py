"""Search benchmark: tantivy backend, PostgreSQL backend and bare PostgreSQL, one run.

Generates N synthetic government notices (~300 characters, a Zipf-Mandelbrot
vocabulary: the commonest words occur in 10-30% of documents) and 1,000 one-
and two-word queries drawn from the same distribution, loads the notices
through each backend's ``rebuild``, then times every query for the top 20 hits
on each system in turn (so a change in the machine's load hits all alike):

- tantivy: ``TantivyBackend.search`` (tokenize, query, fetch, highlight);
- postgres: ``PostgresBackend.search`` on the same machine's PostgreSQL;
- anchor: the bare PostgreSQL full-text query on the same table and GIN index,
  written directly in SQL (``WHERE tsv @@ q ORDER BY ts_rank(tsv, q) LIMIT 20``),
  fetching ids and ranks only.

    .venv/bin/python bench/search_bench.py --quick
    .venv/bin/python bench/search_bench.py --docs 1000000

PostgreSQL is reached at $GONGKAI_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres); the benchmark works in its own
schema and drops it at the end unless --keep.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import psycopg

from gongkai.search.engine import SearchDoc
from gongkai.search.postgres_backend import PostgresBackend, tsquery_literal
from gongkai.search.tantivy_backend import TantivyBackend
from gongkai.search.tokenize import parse_query

SEED = 20240601
VOCABULARY_SIZE = 20_000
ZIPF_SHIFT = 200  # p(k) ∝ 1 / (k + shift): the top words reach ~10% of documents
BODY_CHARS = 300
LONG_WORDS_RANK = 1_000  # real words of three characters or more start here
COMPOUND_RANKS = (2_000, 2_300)

# Words of real notices, most common first; the rest of the vocabulary is made
# of the characters below, two to four at a time.
NOTICE_WORDS = """
采购 项目 招标 公告 供应商 政府 投标 中心 单位 文件 预算 资格 服务 工程 评审 合同
管理 信息 公开 交易 公共资源 技术 要求 报价 中标 成交 结果 公示 联系人 地址 电话
时间 截止 开标 代理机构 采购人 金额 人民币 建设 规定 法律 条件 提供 相关 组织
监督 办法 实施 审查 质疑 投诉 保证金 履约 验收 资金 财政 预算金额 采购需求 磋商
谈判 询价 单一来源 竞争性 框架协议 集中采购 分散采购 政府采购 招标文件 投标文件
评标委员会 中标候选人 成交供应商 采购代理 公开招标 邀请招标 电子化 平台 系统 网站
通知 意见 决定 方案 计划 报告 批复 函 规划 标准 规范 指南 制度 条例 细则 通告
教育 卫生 健康 交通 水利 农业 农村 城市 住房 环境 保护 生态 安全 生产 应急 消防
市场 监管 税务 统计 审计 人力资源 社会保障 民政 文化 旅游 体育 科技 工业 信息化
发展 改革 委员会 办公室 人民政府 街道 社区 乡镇 区县 市级 省级 国家 部门 机关 事业
企业 个人 群众 申请 受理 办理 审批 许可 备案 登记 注册 变更 注销 年度 季度 月度
工作 总结 部署 推进 落实 加强 完善 优化 提升 深化 推动 促进 保障 服务 便民 惠民
政务 公开 信息公开 依申请 主动公开 政策 解读 问答 咨询 回应 关切 舆情 新闻 发布
土地 出让 矿业权 产权 国有 资产 拍卖 挂牌 转让 租赁 医疗 药品 耗材 设备 物资 车辆
""".split()  # noqa: SIM905 - a list of words reads best as text
CHARACTERS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数"
    "正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题"
    "党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手"
    "角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信规划"
)
CONNECTORS = [
    "",
    "",
    "",
    "的",
    "和",
    "及",
    "对",
    "在",
    "与",
    "进行",
    "开展",
    "关于",
    "按照",
    "有关",
]
TITLE_ENDS = [
    "的通知",
    "的公告",
    "招标公告",
    "中标结果公示",
    "的批复",
    "实施方案",
    "工作报告",
    "的意见",
]
COLUMNS = ["tzgg", "zcwj", "zcjd", "ghjh", "tjxx", "zfcg", "rsxx", "czxx"]
AGENCIES = [f"agency-{n:02d}" for n in range(40)]


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cumulative: list[float]

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _compounds(rng: random.Random, base: list[str], count: int) -> list[str]:
    """Words such as 政府采购 or 项目管理: two real words run together."""
    pairs = {rng.choice(base) + rng.choice(base) for _ in range(count * 2)}
    return sorted(pairs)[:count]


def make_vocabulary(rng: random.Random) -> Vocabulary:
    """Made-up words around real ones, ranked so no word reaches far past 10% of documents.

    Two-character real words rank first; longer ones (政府采购, which holds 采购)
    from rank 1,000; compounds of two real words at ranks 2,000-2,300.
    """
    real = list(dict.fromkeys(NOTICE_WORDS))
    short = [word for word in real if len(word) == 2]
    long = [word for word in real if len(word) > 2]
    compounds = _compounds(rng, real, COMPOUND_RANKS[1] - COMPOUND_RANKS[0])
    seen = set(real) | set(compounds)
    made_up: list[str] = []
    while len(made_up) < VOCABULARY_SIZE - len(real) - len(compounds):
        word = "".join(rng.choices(CHARACTERS, k=rng.choice((2, 2, 2, 3, 4))))
        if word not in seen:
            seen.add(word)
            made_up.append(word)
    words = short + made_up
    words[LONG_WORDS_RANK:LONG_WORDS_RANK] = long
    words[COMPOUND_RANKS[0] : COMPOUND_RANKS[0]] = compounds
    weights = [1.0 / (rank + ZIPF_SHIFT) for rank in range(1, len(words) + 1)]
    return Vocabulary(words, list(accumulate(weights)))


def _sentence(rng: random.Random, vocabulary: Vocabulary) -> str:
    words = vocabulary.draw(rng, rng.randint(4, 8))
    parts = [words[0]]
    for word in words[1:]:
        parts.append(rng.choice(CONNECTORS))
        parts.append(word)
    if rng.random() < 0.15:
        parts.append(f"，编号GK-{rng.randint(2015, 2025)}-{rng.randint(1, 99999):05d}")
    return "".join(parts) + rng.choice("，，，。；")


def make_doc(number: int, rng: random.Random, vocabulary: Vocabulary) -> SearchDoc:
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    title = "关于" + "".join(vocabulary.draw(rng, rng.randint(2, 4))) + rng.choice(TITLE_ENDS)
    sentences: list[str] = []
    length = 0
    while length < BODY_CHARS - 20:
        sentences.append(_sentence(rng, vocabulary))
        length += len(sentences[-1])
    return SearchDoc(
        id=f"doc-{number:07d}",
        agency=rng.choice(AGENCIES),
        column=rng.choice(COLUMNS),
        title=title,
        body="".join(sentences)[:BODY_CHARS].rstrip("，；") + "。",
        published=published,
        year=published.year,
        validity=rng.choices(("valid", "amended", "abolished"), (90, 5, 5))[0],
        url=f"/documents/{number}/",
    )


def generate(count: int, vocabulary: Vocabulary) -> Iterator[SearchDoc]:
    rng = random.Random(SEED + 1)
    for number in range(count):
        yield make_doc(number, rng, vocabulary)


def make_queries(count: int, vocabulary: Vocabulary) -> list[str]:
    rng = random.Random(SEED + 2)
    return [" ".join(vocabulary.draw(rng, 1 if rng.random() < 0.7 else 2)) for _ in range(count)]


# Timing -----------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: list[float]

    def quantile(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def row(self) -> str:
        mean = statistics.fmean(self.seconds) * 1000
        return (
            f"| {self.name} | {self.quantile(0.50):.1f} | {self.quantile(0.95):.1f} "
            f"| {self.quantile(0.99):.1f} | {mean:.1f} |"
        )


def time_queries(
    systems: dict[str, Callable[[str], object]], queries: Sequence[str]
) -> list[Timing]:
    """Each query on every system in turn, so a change in machine load hits all alike."""
    for query in queries[:50]:  # warm up caches and code paths
        for run in systems.values():
            run(query)
    seconds: dict[str, list[float]] = {name: [] for name in systems}
    for number, query in enumerate(queries, 1):
        for name, run in systems.items():
            start = time.perf_counter()
            run(query)
            seconds[name].append(time.perf_counter() - start)
        if number % 100 == 0:
            print(f"  {number:,} queries", flush=True)
    return [Timing(name, times) for name, times in seconds.items()]


def anchor_query(connection: psycopg.Connection, table: str) -> Callable[[str], object]:
    statement = (
        f"SELECT id, ts_rank(tsv, %(q)s::tsquery) AS rank FROM {table}"
        " WHERE tsv @@ %(q)s::tsquery ORDER BY rank DESC LIMIT 20"
    )

    def run(query: str) -> object:
        return connection.execute(statement, {"q": tsquery_literal(parse_query(query))}).fetchall()

    return run


# Loading ----------------------------------------------------------------


def load(name: str, rebuild: Callable, docs: Iterator[SearchDoc], total: int) -> float:
    start = time.perf_counter()

    def progress(done: int) -> None:
        if done % 100_000 == 0 or done == total:
            print(f"  {name}: {done:,} documents, {time.perf_counter() - start:.0f} s", flush=True)

    rebuild(docs, progress=progress)
    seconds = time.perf_counter() - start
    print(f"  {name}: loaded in {seconds:.0f} s", flush=True)
    return seconds


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} × {model}, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def document_frequencies(backend: TantivyBackend, vocabulary: Vocabulary, docs: int) -> str:
    shares = [
        f"{word} {backend.search(word, limit=1).total / docs:.1%}" for word in vocabulary.words[:5]
    ]
    return ", ".join(shares)


def sizes(directory: Path, connection: psycopg.Connection, table: str) -> str:
    on_disk = sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())
    row = connection.execute("SELECT pg_total_relation_size(%s::regclass)", (table,)).fetchone()
    in_postgres = row[0] if row else 0
    mib = 2**20
    return f"tantivy {on_disk / mib:,.0f} MiB, PostgreSQL {in_postgres / mib:,.0f} MiB"


def report(
    args: argparse.Namespace, timings: list[Timing], loads: dict[str, float], facts: list[str]
) -> str:
    lines = [
        f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine: {machine()}",
        f"documents: {args.docs:,}; queries: {args.queries:,} (70% one word, 30% two), top 20",
        f"commonest words, share of documents holding them: {facts[0]}",
        "load (s): " + ", ".join(f"{name} {seconds:.0f}" for name, seconds in loads.items()),
        f"size: {facts[1]}",
        "",
        "| system | p50 ms | p95 ms | p99 ms | mean ms |",
        "| --- | --- | --- | --- | --- |",
        *(timing.row() for timing in timings),
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> str:
    vocabulary = make_vocabulary(random.Random(SEED))
    queries = make_queries(args.queries, vocabulary)
    start = time.perf_counter()
    docs = list(generate(args.docs, vocabulary))
    print(f"generated {len(docs):,} documents in {time.perf_counter() - start:.0f} s", flush=True)
    directory = Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    connection = psycopg.connect(args.postgres, autocommit=True)
    schema = f"search_bench_{os.getpid()}"
    try:
        tantivy = TantivyBackend(directory, heap_size=512_000_000, batch_size=10_000)
        postgres = PostgresBackend(connection, schema=schema, table="docs", batch_size=10_000)
        loads = {
            "tantivy": load("tantivy", tantivy.rebuild, iter(docs), args.docs),
            "postgres": load("postgres", postgres.rebuild, iter(docs), args.docs),
        }
        print("querying", flush=True)
        systems = {
            "tantivy backend": tantivy.search,
            "postgres backend": postgres.search,
            "bare PostgreSQL (anchor)": anchor_query(connection, f"{schema}.docs"),
        }
        for limit in args.pg_candidates:
            bounded = PostgresBackend(connection, schema=schema, table="docs", max_candidates=limit)
            systems[f"postgres, newest {limit:,} ranked"] = bounded.search
        timings = time_queries(systems, queries)
        facts = [
            document_frequencies(tantivy, vocabulary, args.docs),
            sizes(directory, connection, f"{schema}.docs"),
        ]
        return report(args, timings, loads, facts)
    finally:
        if not args.keep:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            shutil.rmtree(directory, ignore_errors=True)
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--quick", action="store_true", help="20,000 documents, 200 queries")
    parser.add_argument(
        "--pg-candidates", type=int, nargs="*", default=[], help="also time max_candidates=N"
    )
    parser.add_argument("--keep", action="store_true", help="keep the index and the schema")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GONGKAI_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    if args.quick:
        args.docs, args.queries = 20_000, 200
    print(run(args))


if __name__ == "__main__":
    main()

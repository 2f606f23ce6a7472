"""The subject map's cost: build time and memory from the whole collection, file size, and ask latency with it.

    python benchmarks/subject_map.py [--config config.yaml] [--rounds 2]

Builds the map from the configured collection tarball in a child process (so its peak RSS is the build's
alone) into a temporary folder, then loads the serving index with the map and answers the development
questions and the near-domain tuning questions `--rounds` times after one warm-up round: p50/p95 of the
whole answer path, and of `SubjectMap.rank` alone. Figures go to benchmarks/results/subject_map.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.evaluation import load_questions  # noqa: E402
from answers.service import load_service  # noqa: E402
from benchmarks.ask_latency import percentile  # noqa: E402
from index.subject_map import map_path, open_subject_map, shared_holder  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "subject_map.md"
TUNE_OOS = REPO / "benchmarks" / "data" / "oos_near_domain_tune.yaml"

_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from index.subject_map import build_subject_map
t = time.perf_counter()
report = build_subject_map(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "subjects": report.subjects, "articles": report.articles, "refused": len(report.refused)}))
"""


def build_in_child(tarball: Path, out: Path) -> dict[str, object]:
    """Build a map of `tarball` at `out` in a fresh interpreter; its time, peak RSS and what it holds."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tarball), str(out), str(REPO)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Measure the build, the file and the latencies; print and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--questions", default=str(REPO.parent / "shared" / "eval" / "questions.yaml"))
    args = parser.parse_args()
    settings = load_settings(args.config)
    tarball = settings.collection
    if tarball is None or not tarball.is_file():
        print(f"Không thấy tệp bộ pháp điển: {tarball}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        built = build_in_child(tarball, Path(tmp) / "map.sqlite3")
        size_mb = (Path(tmp) / "map.sqlite3").stat().st_size / 2**20

    if open_subject_map(map_path(settings.state_dir)) is None:
        print("Bản đồ đề mục chưa dựng trong thư mục trạng thái: chạy `python bot.py build` trước.",
              file=sys.stderr)
        return 2
    service = load_service(settings)
    questions = [q.question for q in load_questions(Path(args.questions))]
    questions += [q.question for q in load_questions(TUNE_OOS)]
    subject_map = shared_holder(settings.state_dir, True).current  # the one the service holds
    if subject_map is None:
        print("Dịch vụ không mở được bản đồ đề mục.", file=sys.stderr)
        return 2
    for q in questions:  # warm-up
        service.answer(q)
    whole: list[float] = []
    rank: list[float] = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            service.answer(q)
            whole.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            subject_map.rank(q)
            rank.append((time.perf_counter() - t) * 1000)

    lines = [
        "# Subject map: build, size and latency",
        "",
        f"Measured {dt.date.today().isoformat()} with `python benchmarks/subject_map.py` on the default config "
        f"({tarball.name}).",
        "",
        f"- Build from the tarball (child process): **{built['seconds']:.1f} s**, peak RSS "
        f"**{int(built['peak_rss_kb']) / 1024:.0f} MB**; {built['subjects']} subjects, {built['articles']} articles, "
        f"{built['refused']} file(s) refused",
        f"- Map file: **{size_mb:.1f} MB**",
        f"- Warm `ask` with the map, {len(questions)} questions × {args.rounds} rounds (dev + near-domain "
        f"tuning): p50 **{statistics.median(whole):.1f} ms**, p95 **{percentile(whole, 95):.1f} ms**",
        f"- `SubjectMap.rank` alone: p50 **{statistics.median(rank):.1f} ms**, "
        f"p95 **{percentile(rank, 95):.1f} ms**",
        "",
        f"Load average (1 min) at the end: {os.getloadavg()[0]:.2f}. "
        "The map is consulted only when the knowledge index refuses or its best cosine is below "
        "`subject_map.withdraw_below`, so most in-scope questions never pay for `rank`.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line of the grassroots-democracy law bot: build, ask, eval, run.

    python bot.py build                 (re)build the index from the configured sources
    python bot.py ask "câu hỏi" [--json] answer one question exactly as the bot would
    python bot.py eval FILE.yaml [--json] retrieval metrics over an eval file (or a dialogue file)
    python bot.py run                   the Telegram bot (or a local console chat without a token)

Every command takes --config PATH (default: config.yaml beside this file).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from knowledge.errors import LawBotError
from settings import Settings, load_settings

log = logging.getLogger("bot")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(settings: Settings, _args: argparse.Namespace) -> int:
    """Build the index; the one that serves changes only when the new one is complete."""
    from index.build import build_index

    report = build_index(settings, progress=_progress)
    _progress(report.summary())
    _refresh_map(settings)
    return 0


def _refresh_map(settings: Settings) -> None:
    """Build the subject map when the collection is configured and the cached map is not of it."""
    from knowledge.collection import CollectionError
    from serving.subjectmap import refresh_map

    try:
        refresh_map(settings, progress=_progress)  # logs its summary when it built one
    except CollectionError as exc:  # the knowledge base answers without the map
        _progress(f"warning: {exc}; questions outside the knowledge base are refused without naming a subject")


def _service(settings: Settings, build_if_missing: bool = True):
    from answers.service import load_service
    from index.errors import IndexMissingError

    _refresh_map(settings)  # before loading, so the service answers with the map from its first question
    try:
        return load_service(settings)
    except IndexMissingError:
        if not build_if_missing:
            raise
        from answers import messages

        _progress(messages.FIRST_BUILD)
        from serving.firststart import build_full

        return build_full(settings, progress=_progress)


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    """Answer one question; --json prints design.md's object."""
    service = _service(settings)
    reply = service.answer(args.question)
    if args.json:
        payload = {
            "answer": reply.text,
            "refused": reply.refused,
            "citations": [{"id": c.id, "label": c.label, "score": c.score} for c in reply.citations],
            "latency_ms": reply.latency_ms,
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(reply.text)
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    """Metrics over an eval file; --json prints one object, otherwise a readable table."""
    from answers.dialogue_eval import evaluate_dialogues, is_dialogue_file, parse_dialogues
    from answers.evaluation import evaluate, parse_questions, read_eval_file

    raw = read_eval_file(Path(args.file))  # read once: a dialogue file or a question file
    if is_dialogue_file(raw):
        dialogues = parse_dialogues(raw, Path(args.file))
        service = _service(settings)
        turns: list[dict] = []
        result = evaluate_dialogues(service.answer, dialogues, turns if args.details else None)
        print(json.dumps(result, ensure_ascii=False) if args.json else
              "  ".join(f"{k}={v}" for k, v in result.items()))
        for turn in turns:
            print(json.dumps(turn, ensure_ascii=False), file=sys.stderr)
        return 0
    questions = parse_questions(raw, Path(args.file))
    service = _service(settings)
    details: list[dict] = []
    result = evaluate(service.answer, questions, details if args.details else None)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"in-scope n={result['n']}  hit@1={result['hit@1']:.3f}  hit@3={result['hit@3']:.3f}  "
              f"hit@5={result['hit@5']:.3f}  mrr@10={result['mrr@10']:.3f}")
        if result["answer_n"]:
            print(f"answers (n={result['answer_n']})  answer@top={result['answer@top']:.3f}  "
                  f"answer@reply={result['answer@reply']:.3f}")
        named = f"  subject named={result['oos_subject_named']}" if "oos_subject_named" in result else ""
        if "figure_not_fixed_handled" in result:
            print(f"figures not fixed (n={result['figure_not_fixed_n']})  handled={result['figure_not_fixed_handled']}")
        print(f"out-of-scope refused={result['oos_refused']}{named}  in-scope refused={result['in_scope_refused']}  "
              f"p50={result['p50_ms']} ms  p95={result['p95_ms']} ms")
        for style, parts in result["by_style"].items():
            for part, m in parts.items():
                print(f"  {style:14s} {part:13s} " + "  ".join(f"{k}={v}" for k, v in m.items() if v is not None))
    if args.details:
        for d in details:
            misnamed = "subject" in d and d["refused"] and d["named"] != d["subject"]
            if d["rank"] != 1 or (not d["gold"]) != d["refused"] or misnamed:
                print(json.dumps(d, ensure_ascii=False), file=sys.stderr)
    return 0


def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    """The Telegram bot, or the console chat when no token is configured."""
    if not settings.telegram.token:
        from console.chat import run_console

        return run_console(settings, sys.stdin, sys.stdout)
    from handlers.app import run_bot

    run_bot(settings)
    return 0


def make_parser() -> argparse.ArgumentParser:
    """The argument parser; --config is accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help="configuration file (default: config.yaml)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging")
    parser = argparse.ArgumentParser(prog="bot.py", description=__doc__.split("\n")[0], parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", parents=[common], help="(re)build the index from the configured sources")
    ask = sub.add_parser("ask", parents=[common], help="answer one question as the bot would")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true")
    ev = sub.add_parser("eval", parents=[common], help="retrieval metrics over an eval file")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--details", action="store_true", help="print misses and wrong refusals on stderr")
    sub.add_parser("run", parents=[common], help="run the Telegram bot (console chat without a token)")
    return parser


COMMANDS = {"build": cmd_build, "ask": cmd_ask, "eval": cmd_eval, "run": cmd_run}


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, load settings, run the command; errors become one clear line and exit code 2."""
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)  # it reports CPU-feature probing at INFO
    for handler in logging.getLogger().handlers:  # bm25s sets its own logger to DEBUG when imported
        handler.setLevel(logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    try:
        settings = load_settings(getattr(args, "config", None))
        return COMMANDS[args.command](settings, args)
    except LawBotError as exc:  # every error the project raises on purpose (knowledge.errors)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The command-line reference, generated from the command's own argument parser.

``.. cli-reference:: adaptive_tutor.cli:build_parser`` writes one section per command and
subcommand: what it does, its usage line, its arguments and options (with their defaults
and choices, as ``--help`` prints them) and its examples, exactly as written for the
terminal. Nothing is copied by hand, so the page cannot drift from ``--help``.
"""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

WIDTH = "88"  # usage lines wrap as in a terminal of this width


def subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, Any]]:
    """(name, one-line help, parser) of each subcommand, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield name, helps.get(name, ""), child


def term_of(action: argparse.Action, formatter: argparse.HelpFormatter) -> str:
    """How an argument is written: ``-o PAGE, --output PAGE`` or ``LOG``."""
    if not action.option_strings:
        return formatter._metavar_formatter(action, action.dest)(1)[0]
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    metavar = formatter._format_args(action, action.dest.upper())
    return ", ".join(f"{option} {metavar}" for option in action.option_strings)


def paragraphs(text: str) -> list[nodes.Node]:
    """Plain paragraphs of ``text`` (blank lines separate them; nothing is parsed as markup)."""
    blocks = [block.strip() for block in text.strip().split("\n\n")]
    return [nodes.paragraph(block, " ".join(block.split())) for block in blocks if block]


class CliReference(SphinxDirective):
    required_arguments = 1  # module:function returning the parser

    def run(self) -> list[nodes.Node]:
        module, _, function = self.arguments[0].partition(":")
        previous = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = WIDTH
        try:
            parser = getattr(importlib.import_module(module), function)()
            return self.command_sections(parser, parser.prog, parser.description or "")
        finally:
            if previous is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = previous

    def command_sections(
        self, parser: argparse.ArgumentParser, name: str, summary: str
    ) -> list[nodes.Node]:
        section = nodes.section(ids=[nodes.make_id("command " + name)])
        section += nodes.title(name, "", nodes.literal(name, name))
        self.state.document.note_implicit_target(section)
        section.extend(paragraphs(parser.description or summary))
        usage = parser.format_usage().strip()
        section += nodes.literal_block(usage, usage, language="text")
        formatter = parser._get_formatter()
        for group in parser._action_groups:
            actions = [
                action
                for action in group._group_actions
                if action.help is not argparse.SUPPRESS
                and not isinstance(action, argparse._SubParsersAction)
                and not (isinstance(action, argparse._HelpAction) and " " in name)
            ]
            if not actions:
                continue
            rubric = group.title or "arguments"
            section += nodes.rubric(rubric, rubric[:1].upper() + rubric[1:])
            items = nodes.definition_list()
            for action in actions:
                term = term_of(action, formatter)
                help_text = formatter._expand_help(action) if action.help else ""
                item = nodes.definition_list_item()
                item += nodes.term(term, "", nodes.literal(term, term))
                item += nodes.definition("", *paragraphs(help_text or "-"))
                items += item
            section += items
        children = list(subcommands(parser))
        if children:
            section += nodes.rubric("Commands", "Commands")
            listing = nodes.bullet_list()
            for child_name, help_text, _ in children:
                full = f"{name} {child_name}"
                reference = nodes.reference(
                    full, "", nodes.literal(full, full), refid=nodes.make_id("command " + full)
                )
                entry = nodes.paragraph("", "", reference, nodes.Text(f": {help_text}"))
                listing += nodes.list_item("", entry)
            section += listing
        if parser.epilog:
            section += nodes.literal_block(parser.epilog, parser.epilog.strip(), language="text")
        result: list[nodes.Node] = [section]
        for child_name, help_text, child in children:
            section.extend(self.command_sections(child, f"{name} {child_name}", help_text))
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cli-reference", CliReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

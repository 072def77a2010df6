"""The ``costing`` command line: one group, verbs gathered from one module per group of verbs.

Every verb validates its inputs first and reports a user mistake as one line with exit status 2;
see :mod:`costing.cli.common`. This stage sits on top of the pipeline and may import every other
stage; nothing imports it.
"""

from __future__ import annotations

import click

from ..version import __version__
from . import (
    costing_verbs,
    member_verbs,
    negotiate_verbs,
    onboard_verbs,
    proposal_verbs,
    report_verbs,
    rounds_verbs,
    serve_verbs,
)
from .common import OneLineGroup


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="costing")
@click.option("--replace", is_flag=True,
              help="Let --out replace an existing file that costing did not write (by default it is refused).")
@click.pass_context
def main(context: click.Context, replace: bool) -> None:
    """Cost collective bargaining proposals: rate tables, multi-year projections and reports.

    Input formats are described in docs/formats.md. costing never overwrites a file it did not
    write unless you say `costing --replace VERB ...`.
    """
    from ..output import WriteGuard

    context.obj = WriteGuard(replace=replace)  # each verb adds its inputs (common.write_guard) and passes it on


for _command in (*costing_verbs.COMMANDS, *report_verbs.COMMANDS, *negotiate_verbs.COMMANDS,
                 *onboard_verbs.COMMANDS, *serve_verbs.COMMANDS, *proposal_verbs.COMMANDS, *rounds_verbs.COMMANDS,
                 *member_verbs.COMMANDS):
    main.add_command(_command)


def run() -> None:
    """The process's entry point (the ``costing`` script, ``python -m costing``): the command, with the collector
    looking at new objects less often (:func:`costing.report.long_lived.collect_less_often`), then everything it
    made frozen on the way out (:func:`costing.report.long_lived.freeze_for_exit`). Not :func:`main` itself: tests
    call that in their own process, which goes on."""
    from ..report.long_lived import collect_less_often, freeze_for_exit

    collect_less_often()
    try:
        main()
    finally:
        freeze_for_exit()


if __name__ == "__main__":  # pragma: no cover
    run()

"""Console table, Markdown report and PNG chart of a run's :class:`RunResults`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from summarizer_eval.bootstrap import Interval
from summarizer_eval.results import RunResults
from summarizer_eval.rouge import ROUGE_TYPES

_LABELS = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}


def _cell(f1: Interval) -> str:
    return f"{100 * f1.mean:.1f} [{100 * f1.low:.1f}, {100 * f1.high:.1f}]"


def _p(p_value: float, results: RunResults) -> str:
    """A p-value of 0 only means no resample crossed zero: say so, at the resolution used."""
    if p_value == 0:
        return f"p<{1 / results.bootstrap_samples:.3f}"
    return f"p={p_value:.3f}"


def table_rows(results: RunResults) -> tuple[list[str], list[list[str]]]:
    """Header and rows: F1 ×100 with 95% bootstrap intervals, mean length, units."""
    header = ["system", *(_LABELS[t] + " F1" for t in ROUGE_TYPES), "syl", "n"]
    rows = []
    for name, system in results.systems.items():
        rows.append(
            [
                name,
                *(_cell(system.scores[t].f1) for t in ROUGE_TYPES),
                f"{system.mean_syllables:.0f}",
                str(system.units),
            ]
        )
    return header, rows


def console_table(results: RunResults) -> str:
    header, rows = table_rows(results)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.extend(f"skipped {name}: {why}" for name, why in results.skipped.items())
    out.append(f"signature: {results.signature}")
    return "\n".join(out)


def markdown(results: RunResults) -> str:
    """The report: settings, table, paired tests, skipped systems, signature."""
    header, rows = table_rows(results)
    config = results.config
    lines = [
        f"# ROUGE on `{config['dataset']}` ({config['mode']})",
        "",
        f"{results.units} scored units; budget {results.budget_syllables} syllables "
        f"({config['budget']}); {results.budget_rule}.",
        "F1 ×100, mean over units, with 95% bootstrap intervals; `syl` = mean output length "
        "in syllables.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]
    if results.paired_bootstrap:
        lines += ["Paired bootstrap (F1 difference ×100, 95% interval, two-sided p):", ""]
        lines += ["| first − second | " + " | ".join(_LABELS[t] for t in ROUGE_TYPES) + " |"]
        lines += ["|---|" + "---:|" * len(ROUGE_TYPES)]
        for entry in results.paired_bootstrap:
            cells = [
                f"{100 * test.delta:+.1f} [{100 * test.low:+.1f}, {100 * test.high:+.1f}] "
                f"{_p(test.p_value, results)}"
                for test in (entry.tests[t] for t in ROUGE_TYPES)
            ]
            lines.append(f"| {entry.first} − {entry.second} | " + " | ".join(cells) + " |")
        lines.append("")
    for name, why in results.skipped.items():
        lines.append(f"- `{name}` skipped: {why}")
    if results.skipped:
        lines.append("")
    lines += [f"Signature: `{results.signature}`", ""]
    return "\n".join(lines)


def chart(results: RunResults, path: Path) -> None:
    """Grouped bars of R1/R2/RL F1 per system with the bootstrap intervals as error bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results.systems)
    types = ("rouge1", "rouge2", "rougeL")
    width = 0.8 / len(types)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.2 * len(names) + 2), 4.2))
    for k, rouge_type in enumerate(types):
        means, errors_low, errors_high = [], [], []
        for name in names:
            f1 = results.systems[name].scores[rouge_type].f1
            means.append(100 * f1.mean)
            errors_low.append(100 * (f1.mean - f1.low))
            errors_high.append(100 * (f1.high - f1.mean))
        positions = [i + (k - 1) * width for i in range(len(names))]
        ax.bar(
            positions,
            means,
            width,
            yerr=[errors_low, errors_high],
            capsize=3,
            label=_LABELS[rouge_type] + " F1",
        )
    ax.set_xticks(range(len(names)), names, rotation=20)
    ax.set_ylabel("ROUGE F1 ×100 (95% CI)")
    config = results.config
    ax.set_title(
        f"{Path(config['dataset'].split(':', 1)[-1]).name} ({config['mode']}), "
        f"budget {results.budget_syllables} syl"
    )
    ax.legend()
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(results.signature, 150)), fontsize=5)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)

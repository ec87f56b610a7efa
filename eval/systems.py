"""Systems under evaluation: the project's methods and the baselines readers know.

``extractive`` and ``vit5`` go through the public :mod:`summarizer` API only. The
baselines (Lead, sumy LexRank/TextRank, the greedy oracle, the human ceiling) work on the
same sentences: the documents go through :func:`summarizer.prepare_cluster` (or, with
``baseline_input="raw"``, only :func:`summarizer.split_sentences` with
``keep_quotations=False``, the setting that reproduces the peer figures on VN-MDS).

Length budget for the baselines, ``budget_rule``:

* ``within`` (default): whole sentences in the system's order, skipping any that would
  cross the budget: the same rule the summarizer API follows with ``max_words=budget``,
  so every system is compared at the same maximum length.
* ``reach``: whole sentences until the summary has at least ``budget`` syllables, the last
  one may cross it. This is the rule that reproduces the published VN-MDS baselines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer_eval.datasets import ClusterItem
from summarizer_eval.engine import ngram_score, ngrams
from summarizer_eval.tokenizers import package_version, syllable_tokens

import summarizer
from summarizer.errors import InvalidOptionError
from summarizer.tokenize import count_syllables

MODES = ("merged", "per-article")
BASELINE_INPUTS = ("prepared", "raw")
BUDGET_RULES = ("within", "reach")


@dataclass(frozen=True)
class Sentence:
    article: int
    index: int
    text: str


def cluster_sentences(documents: Sequence[str], baseline_input: str) -> list[list[Sentence]]:
    """Sentences of each document, as every baseline sees them."""
    if baseline_input == "raw":
        # The published figures' setting: plain splitting, quotations split as well.
        split = [summarizer.split_sentences(d, keep_quotations=False) for d in documents]
    else:
        split = [a.sentences for a in summarizer.prepare_cluster(list(documents)).articles]
    return [[Sentence(a, i, s) for i, s in enumerate(sents)] for a, sents in enumerate(split)]


def within_budget(ordered: Sequence[Sentence], budget: int) -> list[Sentence]:
    """Whole sentences in the given order, skipping those that would cross ``budget``."""
    chosen, used = [], 0
    for sentence in ordered:
        size = count_syllables(sentence.text)
        if used + size <= budget:
            chosen.append(sentence)
            used += size
    return chosen


def reach_budget(ordered: Sequence[Sentence], budget: int) -> list[Sentence]:
    """Whole sentences in the given order until ``budget`` syllables are reached."""
    chosen, used = [], 0
    for sentence in ordered:
        if used >= budget:
            break
        chosen.append(sentence)
        used += count_syllables(sentence.text)
    return chosen


def as_text(sentences: Sequence[Sentence]) -> str:
    """Sentences in source order, one per line (ROUGE-Lsum reads lines)."""
    return "\n".join(s.text for s in sorted(sentences, key=lambda s: (s.article, s.index)))


class System:
    """Produces the merged summary (one text) or one summary per document."""

    name = "system"
    uses_model = False  # True: run in the main process only, in batches of batch_items
    batch_items = 1  # items per predict_many call (a model batches generation across them)

    def settings(self) -> dict[str, Any]:
        return {}

    def load(self) -> None:
        """Load resources up front, so a missing model fails before any item is run."""

    def predict(self, item: ClusterItem, mode: str, budget: int) -> list[str]:
        raise NotImplementedError

    def predict_many(
        self, items: Sequence[ClusterItem], mode: str, budgets: dict[str, int]
    ) -> list[list[str]]:
        """Predictions for several items, in order (``budgets`` maps item id to budget)."""
        return [self.predict(item, mode, budgets[item.id]) for item in items]


class SummarizerSystem(System):
    """A method of the public :mod:`summarizer` API (extractive, vit5)."""

    def __init__(self, method: str, **options: Any) -> None:
        self.name = method
        self.uses_model = method != "extractive"
        # 64 articles or clusters per call: full generation batches, and a killed run
        # loses at most one call's worth of predictions.
        self.batch_items = 64 if self.uses_model else 1
        self._options = options
        self._summarizer = summarizer.Summarizer(method, **options)

    def settings(self) -> dict[str, Any]:
        base = {"method": self.name, "summarizer": summarizer.__version__, **self._options}
        # Every resolved option (defaults, ranking weights, the model file's hash) decides
        # the output, so a changed default cannot slip into an old run folder.
        base.update(self._summarizer.method.settings())
        return base

    def load(self) -> None:
        self._summarizer.method  # noqa: B018 - creating the method loads its model

    def predict(self, item: ClusterItem, mode: str, budget: int) -> list[str]:
        return self.predict_many([item], mode, {item.id: budget})[0]

    def predict_many(
        self, items: Sequence[ClusterItem], mode: str, budgets: dict[str, int]
    ) -> list[list[str]]:
        """One API call for all items, so a model batches generation across them."""
        merged = mode == "merged"
        sizes = [budgets[item.id] for item in items]
        # max_words too: with a single document the core's article summary is the merged one.
        results = self._summarizer.summarize_many(
            [item.documents for item in items],
            max_words=sizes,
            article_max_words=None if merged else sizes,
            names=[item.names for item in items],
            per_article=not merged,
        )
        return [
            self._texts(item, result, merged)
            for item, result in zip(items, results, strict=True)
        ]

    @staticmethod
    def _texts(item: ClusterItem, result: summarizer.ClusterSummary, merged: bool) -> list[str]:
        if merged:
            return ["\n".join(s.text for s in result.merged.sentences)]
        texts = [""] * len(item.documents)
        for article in result.per_article:
            texts[article.article] = "\n".join(s.text for s in article.sentences)
        return texts


class RankingBaseline(System):
    """A baseline that orders sentences; the budget rule picks from the front."""

    def __init__(self, baseline_input: str = "prepared", budget_rule: str = "within") -> None:
        if baseline_input not in BASELINE_INPUTS:
            raise InvalidOptionError(
                f"Unknown baseline input {baseline_input!r}; choose one of: "
                f"{', '.join(BASELINE_INPUTS)}."
            )
        if budget_rule not in BUDGET_RULES:
            raise InvalidOptionError(
                f"Unknown budget rule {budget_rule!r}; choose one of: {', '.join(BUDGET_RULES)}."
            )
        self.baseline_input = baseline_input
        self.budget_rule = budget_rule

    def settings(self) -> dict[str, Any]:
        return {"input": self.baseline_input, "budget_rule": self.budget_rule}

    def order(self, articles: list[list[Sentence]], references: list[str]) -> list[Sentence]:
        raise NotImplementedError

    def predict(self, item: ClusterItem, mode: str, budget: int) -> list[str]:
        articles = cluster_sentences(item.documents, self.baseline_input)
        if mode == "merged":
            return [as_text(self._select(articles, item.references, budget))]
        return [
            as_text(self._select([sentences], refs, budget))
            for sentences, refs in zip(articles, item.article_references, strict=True)
        ]

    def _select(
        self, articles: list[list[Sentence]], refs: list[str], budget: int
    ) -> list[Sentence]:
        fit = reach_budget if self.budget_rule == "reach" else within_budget
        return fit(self.order(articles, refs), budget)


class LeadBaseline(RankingBaseline):
    """Lead: first sentences of each article in turn (round robin), then second ones, ..."""

    name = "lead"

    def order(self, articles: list[list[Sentence]], references: list[str]) -> list[Sentence]:
        longest = max((len(a) for a in articles), default=0)
        return [a[k] for k in range(longest) for a in articles if k < len(a)]


class LeadReachBaseline(LeadBaseline):
    """Lead that adds whole first sentences until the budget is reached (may cross it)."""

    name = "lead-reach"

    def __init__(self, baseline_input: str = "prepared") -> None:
        super().__init__(baseline_input, "reach")


class LeadKBaseline(LeadBaseline):
    """Lead-k: the first k sentences of every article, whatever the budget (Lead-3 style)."""

    def __init__(self, k: int, baseline_input: str = "prepared") -> None:
        super().__init__(baseline_input)
        self.k = k
        self.name = f"lead-{k}"

    def settings(self) -> dict[str, Any]:
        return {"input": self.baseline_input, "budget_rule": f"none: first {self.k} sentences"}

    def _select(
        self, articles: list[list[Sentence]], refs: list[str], budget: int
    ) -> list[Sentence]:
        return [s for sentences in articles for s in sentences[: self.k]]


class _SumyTokenizer:
    """sumy has no Vietnamese tokenizer: it gets the project's splitter and syllables."""

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return summarizer.split_sentences(text)

    @staticmethod
    def to_words(sentence: str) -> list[str]:
        return syllable_tokens(sentence)


class SumyBaseline(RankingBaseline):
    """sumy LexRank or TextRank over all sentences of the cluster, best first."""

    def __init__(
        self, algorithm: str, baseline_input: str = "prepared", budget_rule: str = "within"
    ) -> None:
        super().__init__(baseline_input, budget_rule)
        self.algorithm = algorithm
        self.name = f"sumy-{algorithm}"

    def settings(self) -> dict[str, Any]:
        return {
            **super().settings(),
            "sumy": package_version("sumy"),
            "tokens": "syllable",
        }

    def order(self, articles: list[list[Sentence]], references: list[str]) -> list[Sentence]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        if self.algorithm == "lexrank":
            from sumy.summarizers.lex_rank import LexRankSummarizer as Algorithm
        else:
            from sumy.summarizers.text_rank import TextRankSummarizer as Algorithm
        tokenizer = _SumyTokenizer()
        flat = [s for sentences in articles for s in sentences]
        if not flat:
            return []
        document = ObjectDocumentModel(
            [Paragraph([SumySentence(s.text, tokenizer) for s in a]) for a in articles if a]
        )
        ranked: list[Any] = []

        def keep_ranking(infos: list[Any]) -> list[Any]:
            ranked.extend(infos)  # sumy passes (sentence, order, rating), best first
            return infos

        Algorithm()(document, keep_ranking)
        return [flat[info.order] for info in ranked]


class OracleBaseline(RankingBaseline):
    """Greedy extractive oracle: the ceiling for sentence selection.

    Adds the sentence that most raises mean(ROUGE-1 F1, ROUGE-2 F1) against the references
    (mean over references) until the budget is reached or no sentence helps; under the
    ``within`` rule only sentences that still fit the budget are candidates.
    """

    name = "oracle"

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "objective": "mean(R1F,R2F) syllables", "stop": "no-gain"}

    def order(self, articles: list[list[Sentence]], references: list[str]) -> list[Sentence]:
        return self._greedy(articles, references, budget=None)

    def _select(
        self, articles: list[list[Sentence]], refs: list[str], budget: int
    ) -> list[Sentence]:
        return self._greedy(articles, refs, budget)

    def _fits(self, used: int, size: int, budget: int | None) -> bool:
        return budget is None or self.budget_rule == "reach" or used + size <= budget

    def _greedy(
        self, articles: list[list[Sentence]], references: list[str], budget: int | None
    ) -> list[Sentence]:
        if not references:
            return []
        flat = [s for sentences in articles for s in sentences]
        tokens = [syllable_tokens(s.text) for s in flat]
        refs = [syllable_tokens(r) for r in references]
        ref_grams = [(ngrams(r, 1), ngrams(r, 2)) for r in refs]

        def objective(candidate: list[str]) -> float:
            one, two = ngrams(candidate, 1), ngrams(candidate, 2)
            return sum(
                (ngram_score(r1, one).fmeasure + ngram_score(r2, two).fmeasure) / 2
                for r1, r2 in ref_grams
            ) / len(refs)

        chosen: list[int] = []
        current: list[str] = []
        best = 0.0
        while budget is None or len(current) < budget:
            used = len(current)
            scored = [
                (objective(current + tokens[i]), -i)
                for i in range(len(flat))
                if i not in chosen and tokens[i] and self._fits(used, len(tokens[i]), budget)
            ]
            if not scored:
                break
            value, negative_index = max(scored)
            if value <= best:
                break
            best = value
            chosen.append(-negative_index)
            current = current + tokens[-negative_index]
        return [flat[i] for i in chosen]


class HumanCeiling(System):
    """Each reference scored against the others (merged mode): how much humans agree."""

    name = "human"

    def settings(self) -> dict[str, Any]:
        return {"scoring": "leave-one-out", "budget": "none"}

    def predict(self, item: ClusterItem, mode: str, budget: int) -> list[str]:
        return list(item.references)


def _baseline_args(options: dict[str, Any]) -> tuple[str, str]:
    return options.get("baseline_input", "prepared"), options.get("budget_rule", "within")


# name -> factory(options): baseline_input, budget_rule, and model options for vit5.
SYSTEMS: dict[str, Callable[[dict[str, Any]], System]] = {
    "extractive": lambda o: SummarizerSystem("extractive"),
    "extractive-word": lambda o: SummarizerSystem("extractive", features="word"),
    "extractive-centroid": lambda o: SummarizerSystem("extractive", ranker="centroid"),
    "vit5": lambda o: SummarizerSystem("vit5", **o.get("vit5", {})),
    "lead": lambda o: LeadBaseline(*_baseline_args(o)),
    # Round-robin Lead that may cross the budget, whatever --baseline-rule says: the
    # published VN-MDS baseline, shown beside the budgeted one.
    "lead-reach": lambda o: LeadReachBaseline(_baseline_args(o)[0]),
    "sumy-lexrank": lambda o: SumyBaseline("lexrank", *_baseline_args(o)),
    "sumy-textrank": lambda o: SumyBaseline("textrank", *_baseline_args(o)),
    "oracle": lambda o: OracleBaseline(*_baseline_args(o)),
    "human": lambda o: HumanCeiling(),
}
LEAVE_ONE_OUT = frozenset({"human"})


_LEAD_K = re.compile(r"lead-([1-9][0-9]?)")


def is_known_system(name: str) -> bool:
    return name in SYSTEMS or _LEAD_K.fullmatch(name) is not None


def create_system(name: str, options: dict[str, Any] | None = None) -> System:
    """A system by name: one of SYSTEMS, or ``lead-K`` (first K sentences of each article)."""
    options = options or {}
    lead_k = _LEAD_K.fullmatch(name)
    if lead_k:
        return LeadKBaseline(int(lead_k.group(1)), options.get("baseline_input", "prepared"))
    try:
        factory = SYSTEMS[name]
    except KeyError:
        raise InvalidOptionError(
            f"Unknown system {name!r}; choose from: {', '.join(SYSTEMS)}, lead-K."
        ) from None
    return factory(options)

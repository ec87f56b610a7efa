"""Registry of summarization methods, imported lazily so heavy backends cost nothing unused."""

from __future__ import annotations

from importlib import import_module

from summarizer.errors import InvalidOptionError
from summarizer.methods.base import SummarizationMethod

# name -> "module:Class"; the module is imported only when the method is first used.
METHODS: dict[str, str] = {
    "extractive": "summarizer.methods.extractive:ExtractiveMethod",
    "vit5": "summarizer.vit5.method:ViT5Method",
}


def available_methods() -> list[str]:
    return sorted(METHODS)


def create_method(name: str, **options: object) -> SummarizationMethod:
    """Instantiate method ``name`` with its constructor options."""
    try:
        target = METHODS[name]
    except KeyError:
        known = ", ".join(available_methods())
        raise InvalidOptionError(f"Unknown method {name!r}; choose one of: {known}.") from None
    module_name, class_name = target.split(":")
    cls: type[SummarizationMethod] = getattr(import_module(module_name), class_name)
    try:
        return cls(**options)
    except TypeError as exc:  # an option this method does not take
        raise InvalidOptionError(f"Method {name!r}: {exc}.") from None


__all__ = ["METHODS", "SummarizationMethod", "available_methods", "create_method"]

"""The Gradio web demo and service of the summarizer (``summarizer demo``).

:mod:`summarizer_demo.service` and :mod:`summarizer_demo.render` import no Gradio;
:mod:`summarizer_demo.app` builds the page and the ``/summarize`` and ``/score`` endpoints.
"""

"""The production faces of the summarizer, imported as ``summarizer_service`` (folder
``service/``): a REST service and a batch engine.

* ``summarizer serve`` (:mod:`summarizer_service.app`): FastAPI on uvicorn, with an OpenAPI
  schema, Prometheus metrics, limits, a bounded model queue and optional bearer-token auth.
* ``summarizer batch`` (:mod:`summarizer_service.batch`): JSON lines or Parquet in, one JSON
  line per id out, resumable, on a local process pool or on Ray Data.

Both only *use* the public :mod:`summarizer` API. Importing this package imports neither
FastAPI nor Ray: each is imported by the module that needs it.
"""

from __future__ import annotations

from summarizer.commands import Subcommand

SERVE_COMMAND = Subcommand(
    "summarizer_service.serve_cli",
    "serve the REST API (FastAPI, OpenAPI, metrics) and the web page at /ui",
)
BATCH_COMMAND = Subcommand(
    "summarizer_service.batch_cli",
    "summarize a corpus of clusters (JSON lines or Parquet), resumably, locally or on Ray",
)

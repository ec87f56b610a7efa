"""The production faces of the summarizer: a REST service and a batch engine.

* ``summarizer serve`` (:mod:`summarizer_service.app`): FastAPI on uvicorn, with an OpenAPI
  schema, Prometheus metrics, limits, a bounded model queue and optional bearer-token auth.
* ``summarizer batch`` (:mod:`summarizer_service.batch`): JSON lines or Parquet in, one JSON
  line per id out, resumable, on a local process pool or on Ray Data.

Both only *use* the public :mod:`summarizer` API. Importing this package imports neither
FastAPI nor Ray: each is imported by the module that needs it.
"""

from __future__ import annotations

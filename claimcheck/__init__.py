"""claimcheck: source credibility and claim verification.

Pipeline: ingest -> extract -> match -> verify -> report. The pure core (``model``, ``extract``,
``compare``, ``match``, ``verify``, ``credibility``, ``html``, ``known``) knows nothing of
databases, HTTP or terminals; adapters (``store``, ``fetch``, ``report``, ``cli``) wrap it.
"""

__version__ = "0.1.0"

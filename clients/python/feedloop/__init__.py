"""Feedloop's Python SDK: sends LLM responses and user feedback to a Feedloop server.

Standard library only. See :class:`Feedloop` and ``clients/python/README.md``.
"""

__version__ = "0.1.0"

from ._client import Feedloop  # noqa: E402  (after __version__, which the transport reads)
from ._dispatch import Stats  # noqa: E402

__all__ = ["Feedloop", "Stats", "__version__"]

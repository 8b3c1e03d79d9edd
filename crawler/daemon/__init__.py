"""`wirewash run`: scheduled crawling as a service, sharing one database with other daemons."""

from crawler.daemon.logs import configure_logging
from crawler.daemon.service import Daemon

__all__ = ["Daemon", "configure_logging"]

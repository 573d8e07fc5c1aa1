from tests.pipeline.conftest import config, local_store, sim  # noqa: F401
from tests.runtime.conftest import gui_config, no_thread_leak, sqlite_store, today  # noqa: F401

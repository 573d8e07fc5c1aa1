from tests.runtime.conftest import gui_config, no_thread_leak, sqlite_store, today  # noqa: F401

from tests.runtime.conftest import no_thread_leak  # noqa: F401

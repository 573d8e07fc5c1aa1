"""Alembic environment: uses the connection the application hands over (see store/migrate.py)."""

from alembic import context

from antrean_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Run migrations through 'antrean-desktop db upgrade', which passes the store connection"
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()

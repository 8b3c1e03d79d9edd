"""The store: SQLAlchemy models, migrations, and the only code that touches the database."""

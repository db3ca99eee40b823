"""Django's PostgreSQL backend with client-side deadlines (``careers.postgresql.base``)."""

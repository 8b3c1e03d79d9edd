"""The bundled demo: a small news site served on 127.0.0.1 and crawled into a fresh store."""

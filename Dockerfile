# wirewash daemon image: `wirewash run` with the config mounted at /config.
# The full image has the C compiler the dedup kernels build with; the slim one runs them.
FROM python:3.12 AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY crawler ./crawler
COPY cleaners ./cleaners
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1
RUN useradd --system --uid 10001 --create-home wirewash
COPY --from=build /wheels /wheels
RUN pip install --no-index /wheels/*.whl && rm -rf /wheels
COPY config /config
USER wirewash
WORKDIR /home/wirewash
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
# Exec form: wirewash is PID 1 and gets SIGTERM itself (it stops within [daemon] stop_deadline).
CMD ["wirewash", "run", "--config", "/config/wirewash.toml"]

# Self-hosting image: the app as Streamlit Community Cloud runs it, from the repository alone.
#   docker build -t conflict-map . && docker run --rm -p 8501:8501 conflict-map
# The map's assets are committed (static/, checked against assets/static.lock.json):
# the build needs PyPI only, and the running container needs no network at all.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

# The code and data are root's and read-only to the app user; uploads live in memory.
COPY . .
USER app

EXPOSE 8501
# Streamlit answers "ok" here once the server is up; python, as the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# Everything else (static serving, headless, no usage statistics) is .streamlit/config.toml.
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]

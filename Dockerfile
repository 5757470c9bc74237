# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=phananh.settings.production
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN for dir in locale locale_allauth locale_django; do pybabel compile --domain django --directory $dir; done \
 && pybabel compile --domain djangojs --directory locale_django \
 && DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789 \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --create-home phananh && mkdir -p /app/media && chown phananh /app/media
USER phananh
EXPOSE 8000
# Workers, timeouts and recycling: gunicorn.conf.py (the figures `make soak` ran with).
CMD ["gunicorn", "--access-logfile", "-"]

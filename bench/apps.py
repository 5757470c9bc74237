from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's tools (seed_bench); no models, above every other app."""

    name = "bench"
    verbose_name = "Thử tải"

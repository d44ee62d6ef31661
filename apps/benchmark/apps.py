from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "apps.benchmark"
    verbose_name = "Benchmark"

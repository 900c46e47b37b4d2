"""Demo data of metrics; `manage.py load_demo` calls `load()`, which is safe to run again."""


def load() -> None:
    pass

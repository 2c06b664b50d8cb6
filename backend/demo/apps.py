from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `make run` and the player that makes it through the services.

    The top layer: it drives every app below and no app imports it, so the product never
    carries demo code or its time travel (`demo/clock.py`) into a request or a task.
    No models, so nothing of it appears in the admin.
    """

    name = "demo"

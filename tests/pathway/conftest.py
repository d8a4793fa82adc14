from tests.consultations.conftest import notices  # noqa: F401  (the recording notifier fixture)

"""The creation work's pages, one module per part; each module's ``urlpatterns`` is
gathered by ``wenming.creation.urls``."""

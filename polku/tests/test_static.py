"""The static files go through `collectstatic` as `polku run` does it (hashed names, every
reference inside CSS and JS found)."""

from django.core.management import call_command


def test_collectstatic_finds_every_referenced_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))

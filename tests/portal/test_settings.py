"""Production settings refuse to start without what they need."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    """With DEBUG off and no SECRET_KEY the portal does not start."""
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="quanuy.example.vn")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    """A short or 'django-insecure' key is refused in production."""
    result = load_settings(DEBUG="false", SECRET_KEY="django-insecure-abc", ALLOWED_HOSTS="quanuy.example.vn")
    assert result.returncode != 0 and "too short or insecure" in result.stderr


def test_production_starts_with_a_real_key():
    """With a real key and hosts, production settings load with DEBUG off."""
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="quanuy.example.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_defaults_need_nothing():
    """With nothing set the portal runs in development mode."""
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form left open too long (or a forged request): explain in Vietnamese, keep the details out."""
    return render(request, "403_csrf.html", status=403)

def workspace(request):
    """Expose the current agency to templates (evaluated only if a template uses it)."""
    return {"current_agency": getattr(request, "agency", None)}

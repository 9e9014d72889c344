# django-cors-headers (pip install django-cors-headers): at the end of settings.py.
INSTALLED_APPS += ["corsheaders"]
# First in MIDDLEWARE, above CommonMiddleware and any auth, so it answers the OPTIONS preflight itself.
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")

CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOW_CREDENTIALS = True
# With cookie sessions, Django's CSRF check on POST, PUT, PATCH and DELETE also needs the origin trusted:
# CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]

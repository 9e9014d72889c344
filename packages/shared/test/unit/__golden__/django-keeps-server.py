# django-cors-headers (pip install django-cors-headers): at the end of settings.py.
INSTALLED_APPS += ["corsheaders"]
# First in MIDDLEWARE, above CommonMiddleware and any auth, so it answers the OPTIONS preflight itself.
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")

CORS_ALLOWED_ORIGINS = ["https://a.example", "https://app.example"]
CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH"]
CORS_ALLOW_HEADERS = ["x-a", "x-b"]

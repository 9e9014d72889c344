# FastAPI's CORSMiddleware (from Starlette, no install), in main.py: add it after any other middleware, so
# it wraps them and answers the OPTIONS preflight first.
from fastapi.middleware.cors import CORSMiddleware

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://a.example", "https://app.example"],
    # The default is ["GET"] and every preflight is checked against it.
    allow_methods=["GET", "POST", "PUT", "PATCH", "HEAD"],
    allow_headers=["x-a", "x-b"],
)

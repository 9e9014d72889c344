# flask-cors (pip install flask-cors): right after `app = Flask(__name__)`.
# A before_request auth hook must let OPTIONS through: the preflight needs a 2xx and never has cookies.
from flask_cors import CORS

CORS(
    app,
    origins=["https://a.example", "https://app.example"],
    # methods replaces the default list and is enforced, so it keeps GET, HEAD and POST.
    methods=["GET", "POST", "PUT", "PATCH", "HEAD"],
    allow_headers=["x-a", "x-b"],
)

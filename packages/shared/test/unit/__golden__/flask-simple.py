# flask-cors (pip install flask-cors): right after `app = Flask(__name__)`.
from flask_cors import CORS

CORS(
    app,
    origins=["https://app.example.com"],
    supports_credentials=True,
)

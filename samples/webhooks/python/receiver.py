"""A Planwerk webhook receiver: Flask and the Standard Webhooks check by hand (docs/webhooks.md).

PLANWERK_WEBHOOK_SECRET="whsec_…" PORT=5000 python3 receiver.py
"""
import base64
import hashlib
import hmac
import json
import os
import time

from flask import Flask, abort, request

SECRET = base64.b64decode(os.environ["PLANWERK_WEBHOOK_SECRET"].removeprefix("whsec_"))
TOLERANCE_SECONDS = 5 * 60

app = Flask(__name__)


def verified(body: bytes, headers) -> bool:
    """Standard Webhooks: v1 = base64(HMAC-SHA256("{id}.{timestamp}.{body}")); the header may hold several."""
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(SECRET, signed, hashlib.sha256).digest())
    for signature in headers.get("webhook-signature", "").split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return True
    return False


@app.post("/planwerk/hooks")
def planwerk_hook():
    if not verified(request.get_data(), request.headers):
        abort(401)
    event = request.get_json()  # needs Content-Type: application/json
    # De-duplicate by event["id"] (= webhook-id), then queue the work and answer quickly; here it is only written down.
    if log := os.environ.get("RECEIVED_LOG"):
        with open(log, "a", encoding="utf-8") as file:
            file.write(json.dumps({"id": request.headers["webhook-id"], "action": event["action"]}) + "\n")
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))

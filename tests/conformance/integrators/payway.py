# A PayWay integration in Python with the standard library and `cryptography`, following the docs'
# samples: the values concatenated in the documented order, HMAC-SHA512 with the API key, Base64 of the
# raw digest; merchant_auth as JSON, RSA PKCS#1 v1.5 in 117-byte chunks, the blocks joined and Base64'd
# once. Forms go urlencoded (as requests' data= sends them), JSON with its Content-Type.
# Reads one job as JSON on stdin; prints {status, diagnosis, body} as JSON.
import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding

job = json.load(sys.stdin)
merchant_id = job["merchantId"]
params = job.get("params", {})
mistake = job.get("mistake", "")
key = job["otherKey"] if mistake == "wrong-key" else job["apiKey"]
base = job["baseUrl"].rstrip("/")
payments = "/api/payment-gateway/v1/payments/"


def sign(text):
    return base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha512).digest()).decode()


def rsa_encrypt(plaintext):
    public_key = serialization.load_pem_public_key(job["rsaPublicKey"].encode())
    data = plaintext.encode()
    blocks = b"".join(public_key.encrypt(data[i:i + 117], padding.PKCS1v15()) for i in range(0, len(data), 117))
    return base64.b64encode(blocks).decode()


def post(path, fields, as_json):
    body = json.dumps(fields).encode() if as_json else urllib.parse.urlencode(fields).encode()
    kind = "application/json" if as_json else "application/x-www-form-urlencoded"
    request = urllib.request.Request(base + path, data=body, method="POST", headers={"Content-Type": kind})
    try:
        with urllib.request.urlopen(request) as response:
            return {"status": response.status, "diagnosis": response.headers.get("x-payway-emulator-diagnosis"), "body": response.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "diagnosis": error.headers.get("x-payway-emulator-diagnosis"), "body": error.read().decode()}


req_time = params.get("req_time") or time.strftime("%Y%m%d%H%M%S", time.gmtime())
action = job["action"]

if action == "purchase":
    tran_id, amount = params["tran_id"], params["amount"]
    items = base64.b64encode(json.dumps([{"name": "Kampot pepper", "quantity": 1, "price": float(amount)}]).encode()).decode()
    return_url = base64.b64encode(params["return_url"].encode()).decode()
    fields = {"req_time": req_time, "merchant_id": merchant_id, "tran_id": tran_id, "amount": amount, "items": items, "return_url": return_url, "currency": "USD"}
    fields["hash"] = sign(req_time + merchant_id + tran_id + amount + items + return_url + "USD")
    answer = post(payments + "purchase", fields, False)
elif action in ("check", "check-v1"):
    tran_id = params["tran_id"]
    text = req_time + merchant_id + tran_id
    if mistake == "order":
        text = tran_id + req_time + merchant_id
    if mistake == "prose-recipe":
        text = merchant_id + tran_id
    fields = {"req_time": req_time, "merchant_id": merchant_id, "tran_id": tran_id}
    if mistake == "renamed":
        fields = {"request_time": req_time, "merchant_id": merchant_id, "tran_id": tran_id}
    digest = hmac.new(key.encode(), text.encode(), hashlib.sha512)
    fields["hash"] = digest.hexdigest() if mistake == "hex" else base64.b64encode(digest.digest()).decode()
    answer = post(payments + ("check-transaction-2" if action == "check" else "check-transaction"), fields, action == "check")
elif action == "refund":
    merchant_auth = rsa_encrypt(json.dumps({"mc_id": merchant_id, "tran_id": params["tran_id"], "refund_amount": params["refund_amount"]}))
    answer = post("/api/merchant-portal/merchant-access/online-transaction/refund", {
        "request_time": req_time, "merchant_id": merchant_id, "merchant_auth": merchant_auth, "hash": sign(req_time + merchant_id + merchant_auth),
    }, True)
elif action in ("list", "list-v1"):
    status = params.get("status", "")
    fields = {"req_time": req_time, "merchant_id": merchant_id, "status": status, "hash": sign(req_time + merchant_id + status)}
    answer = post(payments + ("transaction-list-2" if action == "list" else "transaction-list"), fields, action == "list")
else:
    sys.exit("unknown action")
print(json.dumps(answer))

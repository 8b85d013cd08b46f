"""The gateway as a provider sees it: a Python upstream registered as a service receives a call
made through Causeway and checks the gateway's RFC 9421 signature with `cryptography` and the
node's published JWKS — independently of Causeway's own code."""
import base64
import hashlib
import http.server
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def password(credentials, username):
    return next(u["password"] for u in credentials["users"] if u["username"] == username)


def request(base_url, method, path, body=None, token=None, headers=None, form=None):
    data, all_headers = None, dict(headers or {})
    if body is not None:
        data, all_headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if form is not None:
        data, all_headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base_url + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def session(base_url, credentials, username):
    return request(base_url, "POST", "/api/v1/session", {"username": username, "password": password(credentials, username)})[2]["token"]


class Upstream(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Upstream.received.append((self.command, self.path, dict(self.headers), body))
        self.answer()

    def do_GET(self):
        Upstream.received.append((self.command, self.path, dict(self.headers), b""))
        self.answer()

    def answer(self):
        body = json.dumps({"case_id": "C-1", "household_id": "H-9", "needs": "food", "income": 1234}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def verify(base_url, method, target, headers, body=b""):
    """The check a provider runs, as docs/exchange.md shows it: RFC 9421 with the components the
    Signature-Input names, and RFC 9530's Content-Digest against the body received."""
    params = headers["Signature-Input"].split("=", 1)[1]
    components = params[1:params.index(")")].replace('"', "").split()
    assert components[:6] == ["@method", "@path", "@query", "causeway-client", "causeway-purpose", "causeway-agreement"]
    kid = params.split('keyid="')[1].split('"')[0]
    created = int(params.split("created=")[1].split(";")[0])
    assert abs(time.time() - created) < 300
    assert len(params.split('nonce="')[1].split('"')[0]) >= 22
    keys = json.load(urllib.request.urlopen(base_url + "/.well-known/jwks.json"))["keys"]
    x = next(k["x"] for k in keys if k["kid"] == kid)
    key = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)))
    path, _, query = target.partition("?")
    values = {"@method": method, "@path": path, "@query": "?" + query}
    lower = {name.lower(): value for name, value in headers.items()}
    for name in components:
        if not name.startswith("@"):
            values[name] = lower[name]
    if "content-digest" in components:
        assert lower["content-digest"] == "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    else:
        assert not body
    base = "\n".join([f'"{name}": {values[name]}' for name in components] + [f'"@signature-params": {params}'])
    signature = base64.b64decode(headers["Signature"].split("=", 1)[1].strip(":"))
    key.verify(signature, base.encode())


def verifies(*args):
    try:
        verify(*args)
        return True
    except Exception:
        return False


def test_a_provider_verifies_the_gateway_signature(base_url, credentials):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        engineer = session(base_url, credentials, "ss.engineer")
        service = {"provider": "social-services", "code": "case-api", "title": "Household cases", "description": "",
                   "baseURL": f"http://127.0.0.1:{server.server_port}/v1", "methods": ["GET", "POST"], "paths": ["/cases/*"],
                   "responseFields": ["case_id", "household_id", "needs", "income"], "personalData": True,
                   "timeoutSeconds": 5, "maxResponseBytes": 65536}
        assert request(base_url, "POST", "/api/v1/services", service, engineer)[0] == 201

        drafter = session(base_url, credentials, "cc.engineer")
        status, _, draft = request(base_url, "POST", "/api/v1/agreements", {
            "template": "service-delivery", "provider": "social-services", "consumer": "capital-city",
            "systems": ["resident-services"], "service": "case-api", "fields": ["case_id", "needs"], "methods": ["GET", "POST"]}, drafter)
        assert status == 201, draft
        agreement = draft["id"]
        assert request(base_url, "POST", f"/api/v1/agreements/{agreement}/submit", token=drafter)[0] == 200
        for approver in ("ss.steward", "ss.dpo"):
            assert request(base_url, "POST", f"/api/v1/agreements/{agreement}/approve", token=session(base_url, credentials, approver))[0] == 200

        secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == "capital-city/resident-services")
        status, _, issued = request(base_url, "POST", "/oauth/token", form={
            "grant_type": "client_credentials", "client_id": "capital-city/resident-services", "client_secret": secret})
        assert status == 200, issued

        status, headers, answer = request(base_url, "GET", "/exchange/social-services/case-api/cases/C-1", token=issued["access_token"],
                                          headers={"Causeway-Purpose": "service-delivery", "Causeway-Client": "forged/system"})
        assert status == 200, answer
        assert answer == {"case_id": "C-1", "needs": "food"}
        assert headers["Causeway-Agreement"] == agreement and int(headers["Causeway-Audit-Index"]) > 0

        method, path, received, _ = Upstream.received[-1]
        assert (method, path) == ("GET", "/v1/cases/C-1")
        assert received["Causeway-Client"] == "capital-city/resident-services"
        assert "Authorization" not in received
        verify(base_url, method, path, received)
        # A tampered request does not verify.
        tampered = dict(received, **{"Causeway-Purpose": "marketing"})
        try:
            verify(base_url, method, path, tampered)
            raise AssertionError("a tampered purpose verified")
        except Exception as error:
            assert type(error).__name__ == "InvalidSignature"

        # The query and the body are covered too: another query, or another body, does not verify.
        status, _, _ = request(base_url, "GET", "/exchange/social-services/case-api/cases/C-1?full=1&by=north", token=issued["access_token"],
                               headers={"Causeway-Purpose": "service-delivery"})
        assert status == 200
        method, target, received, _ = Upstream.received[-1]
        assert target == "/v1/cases/C-1?full=1&by=north"
        verify(base_url, method, target, received)
        assert not verifies(base_url, method, "/v1/cases/C-1?full=0&by=north", received), "another query verified"
        status, _, _ = request(base_url, "POST", "/exchange/social-services/case-api/cases/C-1", {"note": "visit on Monday"},
                               token=issued["access_token"], headers={"Causeway-Purpose": "service-delivery",
                                                                     "Content-Digest": "sha-256=:forged:"})
        assert status == 200
        method, target, received, body = Upstream.received[-1]
        assert method == "POST" and json.loads(body) == {"note": "visit on Monday"}
        verify(base_url, method, target, received, body)
        assert received["Content-Digest"] != "sha-256=:forged:", "the caller's digest is not passed on"
        assert not verifies(base_url, method, target, received, b'{"note": "visit on Tuesday"}'), "another body verified"
    finally:
        server.shutdown()

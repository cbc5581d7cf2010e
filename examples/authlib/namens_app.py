#!/usr/bin/env python3
"""A web app that logs people in at namens with Authlib (Debian: python3-authlib), as a service provider's app would.

Code flow with PKCE (S256), private_key_jwt client authentication, ID tokens encrypted to the app's key (optional),
refresh, RP-initiated and back-channel logout. Only the Python standard library besides Authlib and requests.

    NAMENS_ISSUER=http://localhost:3000 CLIENT_ID=portaal APP_URL=http://127.0.0.1:8090 \\
    SIGNING_KEY=portaal.sig.jwk.json [DECRYPTION_KEY=portaal.enc.jwk.json] SCOPE="openid urn:uuid:..." \\
    /usr/bin/python3 examples/authlib/namens_app.py

Routes: /login (to namens), /callback (the redirect URI: shows the ID token's claims and userinfo as JSON), /refresh,
/logout (RP-initiated), /backchannel-logout (the back-channel logout URI), /session (this browser's login, if any).
spec/interop/authlib.spec.ts runs it against namens.
"""
import json
import os
import secrets
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebEncryption, JsonWebKey, jwt
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken

ISSUER = os.environ["NAMENS_ISSUER"]
CLIENT_ID = os.environ["CLIENT_ID"]
APP_URL = os.environ["APP_URL"].rstrip("/")
REDIRECT_URI = APP_URL + "/callback"
SCOPE = os.environ.get("SCOPE", "openid")
with open(os.environ["SIGNING_KEY"], encoding="utf-8") as f:
    SIGNING_KEY = json.load(f)
DECRYPTION_KEY = None
if os.environ.get("DECRYPTION_KEY"):
    with open(os.environ["DECRYPTION_KEY"], encoding="utf-8") as f:
        DECRYPTION_KEY = JsonWebKey.import_key(json.load(f))

METADATA = requests.get(ISSUER + "/.well-known/openid-configuration", timeout=10).json()
assert METADATA["issuer"] == ISSUER, "the discovery document names another issuer"


def namens_keys():
    return JsonWebKey.import_key_set(requests.get(METADATA["jwks_uri"], timeout=10).json())


def oauth_session(**kwargs):
    """Authlib's client: private_key_jwt with SIGNING_KEY (Authlib takes the key where a secret would go), PKCE S256."""
    session = OAuth2Session(CLIENT_ID, client_secret=SIGNING_KEY, token_endpoint_auth_method="private_key_jwt",
                            redirect_uri=REDIRECT_URI, scope=SCOPE, code_challenge_method="S256", **kwargs)
    session.register_client_auth_method(PrivateKeyJWT(METADATA["token_endpoint"], alg=SIGNING_KEY.get("alg", "ES256")))
    return session


def readable(token):
    """The signed ID token inside, when namens encrypted it to this app's key."""
    if token.count(".") == 4:
        if DECRYPTION_KEY is None:
            raise ValueError("namens sent an encrypted ID token, but DECRYPTION_KEY is not set")
        token = JsonWebEncryption().deserialize_compact(token, DECRYPTION_KEY)["payload"].decode()
    return token


def verified_id_token(token, nonce):
    claims = jwt.decode(readable(token), namens_keys(), claims_cls=CodeIDToken,
                        claims_options={"iss": {"values": [ISSUER]}, "aud": {"values": [CLIENT_ID]}},
                        claims_params={"nonce": nonce, "client_id": CLIENT_ID})
    claims.validate(leeway=5)
    return dict(claims)


SESSIONS = {}  # browser session id -> {state, nonce, verifier, token, claims, ended}


class App(BaseHTTPRequestHandler):
    def session(self):
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        sid = cookie["app_session"].value if "app_session" in cookie else None
        if sid not in SESSIONS:
            sid = secrets.token_urlsafe(16)
            SESSIONS[sid] = {}
        return sid, SESSIONS[sid]

    def reply(self, status, body, sid=None, location=None):
        self.send_response(status)
        if sid:
            self.send_header("Set-Cookie", f"app_session={sid}; Path=/; HttpOnly; SameSite=Lax")
        if location:
            self.send_header("Location", location)
        data = json.dumps(body, indent=2).encode() if body is not None else b""
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        sid, state = self.session()
        try:
            if url.path == "/login":
                state["nonce"] = secrets.token_urlsafe(16)
                state["verifier"] = secrets.token_urlsafe(48)
                extra = {"prompt": "consent"} if "offline_access" in SCOPE.split() else {}
                authorize, state["state"] = oauth_session().create_authorization_url(
                    METADATA["authorization_endpoint"], nonce=state["nonce"], code_verifier=state["verifier"], **extra)
                return self.reply(302, None, sid, authorize)
            if url.path == "/callback":
                query = parse_qs(url.query)
                if "error" in query:
                    return self.reply(400, {"error": query["error"][0], "error_description": query.get("error_description", [""])[0]}, sid)
                if query.get("state", [None])[0] != state.get("state"):
                    return self.reply(400, {"error": "state does not match"}, sid)
                token = oauth_session(state=state["state"]).fetch_token(
                    METADATA["token_endpoint"], authorization_response=APP_URL + self.path, code_verifier=state["verifier"])
                state["token"] = token
                state["claims"] = verified_id_token(token["id_token"], state["nonce"])
                state.pop("ended", None)
                userinfo = requests.get(METADATA["userinfo_endpoint"], headers={"Authorization": "Bearer " + token["access_token"]}, timeout=10)
                if userinfo.headers.get("Content-Type", "").startswith("application/jwt"):
                    info = jwt.decode(readable(userinfo.text), namens_keys())
                    info.validate(leeway=5)
                    info = dict(info)
                else:
                    info = userinfo.json()
                return self.reply(200, {"id_token": state["claims"], "userinfo": info, "refresh_token": "refresh_token" in token}, sid)
            if url.path == "/refresh":
                if "token" not in state:
                    return self.reply(401, {"error": "not logged in"}, sid)
                response = oauth_session(token=state["token"]).refresh_token(METADATA["token_endpoint"], refresh_token=state["token"]["refresh_token"])
                state["token"] = response
                return self.reply(200, {"refreshed": True, "id_token": verified_id_token(response["id_token"], None) if "id_token" in response else None}, sid)
            if url.path == "/logout":
                # This browser's login ends when namens says so, by back-channel logout (POST /backchannel-logout).
                # An encrypted ID token is sent as the signed one inside it (RP-Initiated Logout, id_token_hint).
                id_token = state.get("token", {}).get("id_token")
                id_token = id_token and readable(id_token)
                query = {"client_id": CLIENT_ID, "post_logout_redirect_uri": APP_URL + "/", **({"id_token_hint": id_token} if id_token else {})}
                return self.reply(302, None, None, METADATA["end_session_endpoint"] + "?" + urlencode(query))
            if url.path == "/session":
                return self.reply(200, {"logged_in": "claims" in state and not state.get("ended"), "ended_by": state.get("ended")}, sid)
            if url.path == "/":
                return self.reply(200, {"app": CLIENT_ID}, sid)
            return self.reply(404, {"error": "not found"}, sid)
        except Exception as error:  # an example app: say what went wrong, as JSON
            return self.reply(502, {"error": type(error).__name__, "error_description": str(error)}, sid)

    def do_POST(self):
        if urlparse(self.path).path != "/backchannel-logout":
            return self.reply(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        try:
            claims = jwt.decode(readable(form["logout_token"][0]), namens_keys(),
                                claims_options={"iss": {"values": [ISSUER]}, "aud": {"values": [CLIENT_ID]}})
            claims.validate(leeway=5)
            assert "http://schemas.openid.net/event/backchannel-logout" in claims["events"]
            assert "nonce" not in claims
        except Exception as error:
            return self.reply(400, {"error": "invalid_request", "error_description": str(error)})
        for state in SESSIONS.values():
            if state.get("claims") and (state["claims"].get("sid") == claims.get("sid") or state["claims"]["sub"] == claims.get("sub")):
                state["ended"] = {"sid": claims.get("sid"), "at": int(time.time())}
        return self.reply(200, None)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    address = urlparse(APP_URL)
    server = ThreadingHTTPServer((address.hostname, address.port), App)
    print(f"listening on {APP_URL}", flush=True)
    server.serve_forever()

#!/usr/bin/python3
# What the app behind mod_auth_openidc sees of a login at namens: the ID token payload (OIDCPassIDTokenAs payload)
# and the claims mod_auth_openidc passes as environment variables, as JSON.
import json
import os

print("Content-Type: application/json")
print()
print(json.dumps({
    "user": os.environ.get("REMOTE_USER"),
    "id_token": json.loads(os.environ.get("OIDC_id_token_payload", "null")),
    "claims": {name[len("OIDC_CLAIM_"):]: value for name, value in os.environ.items() if name.startswith("OIDC_CLAIM_")},
}, indent=2))

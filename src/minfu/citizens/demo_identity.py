"""Who the demo citizen is at the demo identity provider. No Django here: the Makefile
runs this module to give the provider her claims (`python -m minfu.citizens.demo_identity`)."""

import json

DEMO_ISSUER = "http://localhost:9400"
DEMO_SUBJECT = "demo-citizen"
DEMO_EMAIL = "shufen.lin@example.tw"
DEMO_NAME = "林淑芬"
DEMO_CLAIMS = {"sub": DEMO_SUBJECT, "name": DEMO_NAME, "email": DEMO_EMAIL,
               "email_verified": True}

if __name__ == "__main__":
    print(json.dumps(DEMO_CLAIMS, ensure_ascii=False))

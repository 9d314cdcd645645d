#!/usr/bin/env python3
"""Prints the expected SigV4 values in AwsSignatureV4Tests.cs, computed by botocore (not by our code).

Run: python3 sigv4_vectors.py   (needs botocore: `apt-get install python3-botocore` or pip).
Each case is signed with botocore.auth.SigV4Auth at a fixed time; the test signs the same request with
Ash's signer and must produce the same Authorization header. Nothing here is used at test run time.
"""
import datetime
import hashlib
from unittest import mock

import botocore
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CASES = [
    # name, method, url, headers, body, access key, secret, session token, region, service, time
    ("StreamInvoke_NoSessionToken", "POST",
     "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream",
     [("Content-Type", "application/json"), ("Accept", "application/json")],
     b'{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}',
     "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, "us-east-1", "bedrock", "20250102T030405Z"),
    ("Invoke_WithSessionToken", "POST",
     "https://bedrock-runtime.eu-west-1.amazonaws.com/model/eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke",
     [("Content-Type", "application/json"), ("Accept", "application/json")],
     b'{"anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[{"role":"user","content":"ping"}]}',
     "ASIAEXAMPLESESSION01", "sEcReT/with+Plus/AndSlash0123456789abcd", "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/=",
     "eu-west-1", "bedrock", "20261207T235959Z"),
    ("Endpoint_WithPort_AndExtraHeader", "POST",
     "http://127.0.0.1:41234/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream",
     [("Content-Type", "application/json"), ("Accept", "application/json"), ("X-Amzn-Bedrock-Trace", "  ENABLED  ")],
     b"",
     "AKIDFAKE", "fake-secret", None, "ap-southeast-2", "bedrock", "20240229T120000Z"),
    # AWS's own test suite case "get-vanilla" (aws-sig-v4-test-suite): its documented expected signature is
    # 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31.
    ("AwsTestSuite_GetVanilla", "GET", "https://example.amazonaws.com/", [], b"",
     "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "us-east-1", "service", "20150830T123600Z"),
]

print(f"// botocore {botocore.__version__}")
for name, method, url, headers, body, key, secret, token, region, service, stamp in CASES:
    when = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=method, url=url, data=body)
    for header, value in headers:
        request.headers[header] = value
    # Newer botocore reads the clock through get_current_datetime(), older through datetime.datetime.utcnow().
    if hasattr(botocore.auth, "get_current_datetime"):
        clock = mock.patch("botocore.auth.get_current_datetime", return_value=when)
    else:
        clock = mock.patch("botocore.auth.datetime.datetime", wraps=datetime.datetime, utcnow=lambda: when)
    with clock:
        SigV4Auth(Credentials(key, secret, token), service, region).add_auth(request)
    print(name)
    print("  payload sha256:", hashlib.sha256(body).hexdigest())
    print("  X-Amz-Date:", request.headers["X-Amz-Date"])
    if token:
        print("  X-Amz-Security-Token:", request.headers["X-Amz-Security-Token"])
    print("  Authorization:", request.headers["Authorization"])

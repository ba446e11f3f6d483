"""The guest session policy is AmazonCognitoUnAuthedIdentitiesSessionPolicy as AWS publishes it
(v3): no Cognito and no Lambda action, but speech, language, maps, analytics and KMS actions
(docs/reference/lambda-behaviour.md §10 UNA;
https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonCognitoUnAuthedIdentitiesSessionPolicy.html)."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.engine.cognito import UNAUTH_SESSION_POLICY
from app.engine.iam import action_matches
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def _allows(action: str) -> bool:
    return any(s.effect == "Allow" and any(action_matches(p, action) for p in s.actions)
               for s in UNAUTH_SESSION_POLICY)


def test_the_simulated_guest_session_policy_is_the_published_v3():
    for action in ("rum:PutRumEvents", "sagemaker:InvokeEndpoint", "polly:SynthesizeSpeech",
                   "translate:TranslateText", "rekognition:DetectLabels", "firehose:PutRecord",
                   "geo:GetMapTile", "geo:SearchPlaceIndexForText", "kms:Decrypt"):
        assert _allows(action), action
    for action in ("lambda:InvokeFunction", "cognito-identity:GetId", "cognito-sync:ListDatasets",
                   "mobileanalytics:PutEvents", "kms:CreateKey", "s3:GetObject"):
        assert not _allows(action), action


def test_guest_credentials_caveat_does_not_claim_cognito_actions():
    trace = run(load_scenario(ROOT / "scenarios" / "mobile-cognito.yaml"))
    caveats = [s.caveat for s in trace if s.kind == "get-credentials" and s.caveat
               and "UnAuthedIdentitiesSessionPolicy" in s.caveat]
    assert caveats
    for caveat in caveats:
        assert "Cognito ones" not in caveat and "v3" in caveat

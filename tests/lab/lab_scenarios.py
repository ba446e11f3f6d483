"""Small scenario texts for the lab tests, written here so the tests do not depend on the
built-in files other lessons edit. Each mirrors one built-in lesson in a few lines."""

from __future__ import annotations

from app.scenario.loader import load_scenario_text

ACCOUNT = "123456789012"

PHOTOS = f"""
title: Photos
teaches: push
summary: An upload to photos triggers make-thumbnail.
resources:
  user: {{type: actor, kind: user, policies: [{{action: "s3:PutObject", resource: "arn:aws:s3:::photos/*"}}]}}
  photos:
    type: s3_bucket
    notifications: [{{id: thumbs, events: ["s3:ObjectCreated:*"], suffix: .jpg, function: make-thumbnail}}]
  thumbnails: {{type: s3_bucket}}
  thumbnail-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    managed_policies: [AWSLambdaBasicExecutionRole]
    policies:
      - {{sid: ReadPhotos, action: "s3:GetObject", resource: "arn:aws:s3:::photos/*"}}
      - {{sid: WriteThumbnails, action: "s3:PutObject", resource: "arn:aws:s3:::thumbnails/*"}}
  make-thumbnail:
    type: function
    handler: builtin.thumbnail
    options: {{target_bucket: thumbnails}}
    role: thumbnail-role
    timeout: 30
    duration: 350ms
    init_duration: 400ms
    permissions:
      - {{sid: AllowS3Invoke, principal: s3.amazonaws.com, source_arn: "arn:aws:s3:::photos", source_account: "{ACCOUNT}"}}
script:
  - {{at: 0s, actor: user, action: put_object, bucket: photos, key: cat.jpg, asset: photos/cat.jpg}}
  - {{at: 5s, actor: user, action: put_object, bucket: photos, key: coffee.jpg, asset: photos/coffee.jpg}}
"""

CLICKS = f"""
title: Clicks
teaches: pull
summary: A custom app writes clicks to a one-shard Kinesis stream; Lambda polls it.
resources:
  app: {{type: actor, kind: custom_app, policies: [{{action: "kinesis:PutRecord", resource: "arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/clicks"}}]}}
  clicks: {{type: kinesis_stream, shard_count: 1}}
  count-role: {{type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaKinesisExecutionRole]}}
  count-clicks: {{type: function, handler: builtin.stream_metrics, role: count-role, timeout: 30, duration: 80ms}}
  clicks-mapping:
    type: event_source_mapping
    source: clicks
    function: count-clicks
    starting_position: TRIM_HORIZON
    batch_size: 10
    maximum_retry_attempts: 2
script:
  - {{at: 200ms, actor: app, action: put_record, stream: clicks, partition_key: "user-{{n}}", data: {{page: /home}}, repeat: 4, every: 100ms}}
  - {{at: 3s, actor: app, action: put_record, stream: clicks, partition_key: ana, data: {{page: /cart}}}}
"""

API = f"""
title: Orders API
teaches: on-demand
summary: A browser calls an API Gateway route backed by list-orders.
resources:
  browser: {{type: actor, kind: browser}}
  orders-api:
    type: api_gateway
    api_id: a1b2c3d4e5
    routes: [{{method: GET, path: /orders, function: list-orders}}]
  orders-role: {{type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}}
  list-orders:
    type: function
    handler: builtin.http_api
    role: orders-role
    permissions:
      - {{sid: AllowApiGet, principal: apigateway.amazonaws.com, source_arn: "arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5/*/GET/orders"}}
script:
  - {{at: 0s, actor: browser, action: http_request, api: orders-api, method: GET, path: /orders}}
"""

APP = f"""
title: Custom app
teaches: on-demand
summary: An app invokes echo synchronously and then as an event.
resources:
  order-app:
    type: actor
    kind: custom_app
    policies: [{{sid: InvokeEcho, action: "lambda:InvokeFunction", resource: "arn:aws:lambda:us-east-1:{ACCOUNT}:function:echo"}}]
  echo-role: {{type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}}
  echo: {{type: function, handler: builtin.echo, role: echo-role, duration: 45ms}}
script:
  - {{at: 0s, actor: order-app, action: invoke, function: echo, payload: {{orderId: "1"}}}}
  - {{at: 2s, actor: order-app, action: invoke, function: echo, invocation_type: Event, payload: {{orderId: "2"}}}}
"""

MOBILE = f"""
title: Mobile
teaches: on-demand
summary: A signed-in app gets Cognito credentials and invokes process-clicks.
resources:
  phone: {{type: actor, kind: mobile_app}}
  pool:
    type: cognito_identity_pool
    authenticated_role: user-role
    unauthenticated_role: guest-role
    allow_unauthenticated_identities: true
  user-role:
    type: iam_role
    trusts: [{{principal: cognito-identity.amazonaws.com, action: sts:AssumeRoleWithWebIdentity, identity_pool: pool, amr: authenticated}}]
    policies: [{{sid: Invoke, action: lambda:InvokeFunction, resource: "arn:aws:lambda:us-east-1:{ACCOUNT}:function:process-clicks"}}]
  guest-role:
    type: iam_role
    trusts: [{{principal: cognito-identity.amazonaws.com, action: sts:AssumeRoleWithWebIdentity, identity_pool: pool, amr: unauthenticated}}]
    policies: [{{sid: GuestInvoke, action: lambda:InvokeFunction, resource: "arn:aws:lambda:us-east-1:{ACCOUNT}:function:process-clicks"}}]
  clicks-role: {{type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}}
  process-clicks: {{type: function, handler: builtin.process_clicks, role: clicks-role, duration: 40ms}}
script:
  - {{at: 0s, actor: phone, action: get_credentials, identity_pool: pool, login: true}}
  - {{at: 1s, actor: phone, action: invoke, function: process-clicks, payload: {{clicks: [{{target: like}}]}}}}
"""

TEXTS = {"photos": PHOTOS, "clicks": CLICKS, "api": API, "app": APP, "mobile": MOBILE}


def load(name: str):
    """One of the lab scenarios as a validated Scenario."""
    return load_scenario_text(TEXTS[name], f"{name}.yaml")

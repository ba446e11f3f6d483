"""What S3 checks when a bucket's notification configuration is saved.

PutBucketNotificationConfiguration replaces the whole configuration, and S3 refuses all of it
(docs/reference/lambda-behaviour.md §6 S3P, §7 and §13 A4):
- when two rules overlap for the same event type: 400 InvalidArgument "Configuration is
  ambiguously defined…" (https://repost.aws/knowledge-center/lambda-s3-event-configuration-error);
- when a destination function's resource-based policy does not let S3 invoke it from this bucket:
  400 InvalidArgument "Unable to validate the following destination configurations", with
  ArgumentValue "Not authorized to invoke function [arn]"
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html,
  https://repost.aws/knowledge-center/unable-validate-destination-s3).

The file describes the bucket as deployed, so the configuration is saved before the run starts:
an accepted one needs no step, a refused one is the run's first step and the bucket then has no
notification configuration at all (nothing is sent, Lambda is never asked). Overlaps are also a
`check` error at the line (app.scenario.crossrefs); a missing permission is not, because the
file is well-formed and S3's refusal is the lesson (the lab's "remove the permission" switch
produces exactly this file).
"""

from __future__ import annotations

from app.scenario.s3_filters import AMBIGUOUS_MESSAGE, ambiguous_pairs, describe

UNABLE_TO_VALIDATE = "Unable to validate the following destination configurations"


def validate_notifications(sim, s3) -> None:
    """Check every bucket's configuration as S3 does when it is saved; record refusals.

    In: the simulation and its `S3Service`. Out: nothing; a refused bucket gets its reason in
    `s3.chain.refused` and an empty `notifications` state. Records one `error` step (tags
    `denied`, `configuration`) per refused bucket. Raises nothing.
    """
    for name, bucket in s3.buckets.items():
        if not bucket.notifications:
            continue
        pairs = ambiguous_pairs(bucket.notifications)
        if pairs:
            i, j = pairs[0]
            _refuse(sim, s3, name, bucket.notifications[j].destination,
                    {"Code": "InvalidArgument", "Message": AMBIGUOUS_MESSAGE,
                     "ArgumentName": "FilterRule", "ArgumentValue": "FilterRule"},
                    "its rules are ambiguous",
                    f"Two of its rules overlap for the same event type ({describe(bucket.notifications[i])}; "
                    f"{describe(bucket.notifications[j])}): one key could match both, and S3 "
                    f"refuses that instead of choosing.", None)
            continue
        iam = sim.services["iam"]
        principal = s3.chain.s3_principal(name)
        for n in bucket.notifications:
            if n.topic is not None or n.queue is not None:
                if _topic_refused(sim, s3, name, n, principal):
                    break
                continue
            decision = iam.check_invoke(n.function, principal, qualifier=n.qualifier)  # §18
            if decision.decision == "allow":
                continue
            arn = sim.function_arn(n.function, n.qualifier)
            _refuse(sim, s3, name, n.function,
                    {"Code": "InvalidArgument", "Message": UNABLE_TO_VALIDATE,
                     "ArgumentName": arn, "ArgumentValue": f"Not authorized to invoke function [{arn}]"},
                    f"{n.function}'s resource-based policy does not let S3 invoke it",
                    f"Before saving, S3 checks that each destination function's resource-based "
                    f"policy lets s3.amazonaws.com invoke it from {name}: {decision.reason}. So "
                    f"the fix is an AddPermission statement for s3.amazonaws.com with this bucket "
                    f"as SourceArn, not a right in the execution role.", decision)
            break


def _topic_refused(sim, s3, bucket: str, n, principal) -> bool:
    """A Topic- or QueueConfiguration: S3 checks that the topic or queue policy lets
    s3.amazonaws.com publish from this bucket (§7 S3P, §20, §14), and refuses the whole
    configuration if not."""
    if n.topic is not None:
        kind, name, action = "topic", n.topic, "sns:Publish"
        decision = sim.services["sns"].check_publish(name, principal)
        arn = sim.services["sns"].arn(name)
    else:
        kind, name, action = "queue", n.queue, "sqs:SendMessage"
        decision = sim.services["sqs"].check_send_message(name, principal)
        arn = sim.queue_arn(name)
    if decision.decision == "allow":
        return False
    _refuse(sim, s3, bucket, name,
            {"Code": "InvalidArgument", "Message": UNABLE_TO_VALIDATE, "ArgumentName": arn,
             "ArgumentValue": f"Permissions on the destination {kind} do not allow S3 to publish "
                              f"notifications from this bucket"},
            f"the {kind} policy of {name} does not let S3 publish to it",
            f"Before saving, S3 checks that each destination {kind}'s policy lets "
            f"s3.amazonaws.com call {action} from {bucket}: {decision.reason}. The fix is a "
            f"statement in the {kind} policy (`permissions` of {name}), not in any role.", decision)
    return True


def _refuse(sim, s3, bucket: str, function: str, error: dict, short: str, why: str,
            decision) -> None:
    s3.chain.refused[bucket] = f"{short}: 400 InvalidArgument"
    sim.recorder.set_state(bucket, "notifications", [])
    sim.recorder.record(
        "error", bucket, function, "push",
        f"S3 refuses {bucket}'s notification configuration: 400 InvalidArgument",
        f"Setting up the trigger (PutBucketNotificationConfiguration) fails. {why} The call "
        f"replaces the whole configuration, so none of {bucket}'s notifications is saved: "
        f"uploads to {bucket} will send no event.",
        payload={"Error": error}, status=400, permission=decision,
        tags=("denied", "configuration"))

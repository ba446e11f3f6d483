"""Lambda's poller for an SQS queue: long-poll, batch, invoke synchronously, delete on success.

The rules (lambda-behaviour.md §14, SQS22/SQSCFG/SQSERR/SQSSC; §15; §16):
- Lambda long-polls the queue and invokes the function synchronously with up to BatchSize
  messages (default 10), waiting up to MaximumBatchingWindowInSeconds for a fuller batch;
- on success Lambda deletes the batch's messages; on a function error (or a throttle) it
  deletes nothing: the messages become visible again after the queue's visibility timeout with
  their receive count raised, and after maxReceiveCount SQS moves them to the queue's DLQ;
- with ReportBatchItemFailures only the reported messages stay; the rest are deleted;
- messages no filter matches are deleted without invoking the function;
- a message whose visibility timeout ends while an invoke still works on it is no failure: it is
  received again and two invokes work on it; a delete with the first receive's (old) receipt
  handle then succeeds but leaves it, for the later receive to delete (§14, SQSDEL);
- concurrency starts at 5 batches at once and grows by up to 300 a minute to 1,250, or to
  ScalingConfig.MaximumConcurrency (2–1,000). FIFO order is kept per message group (sqs.py);
- a throttled invoke is retried with backoff while the batch's messages stay hidden, and given
  up (the messages left to reappear) only when the next try would come after their visibility
  timeout (SQSERR). AWS does not document the wait: THROTTLE_BACKOFF_S, doubling.
"""

from __future__ import annotations

from app.engine.batch_items import item_identifier, read_item_failures
from app.engine.recursion import STOP
from app.engine.sqs_first_poll import READ_ACTIONS, first_poll, read_permission  # noqa: F401
from app.engine.sqs_poller_texts import (PARALLEL_NOTE, START_CONCURRENCY, THROTTLE_CAVEAT,
                                         TIMED_OUT_BATCH, after_failure, messages,
                                         stale_handle_sentence)
from app.scenario.versions import invoked_timeout
from app.engine.wording import sentence, short_id

GROWTH_PER_MINUTE = 300  # §14 (SQSSC): up to 300 more concurrent invokes per minute
MAX_CONCURRENCY = 1250  # §14 (SQSSC): per mapping, by default
THROTTLE_BACKOFF_S = 1.0  # first wait after a throttle; not documented (caveat), then doubled
def queue_mapping_problems(scenario, name: str, esm, queue) -> list[str]:
    """What CreateEventSourceMapping refuses for a queue mapping, beyond what `check` catches
    for a file (an edited scenario can still hold these)."""
    problems = []
    if esm.starting_position is not None:
        problems.append(f"{name}: StartingPosition is not valid for an SQS queue")
    if queue.fifo and (esm.batch_size or 10) > 10:
        problems.append(f"{name}: BatchSize for a FIFO queue is at most 10")
    if queue.fifo and esm.maximum_batching_window_in_seconds:
        # §14 (SQSPAR): not supported for FIFO queues (AWS's error wording is not documented)
        problems.append(f"{name}: MaximumBatchingWindowInSeconds is not supported for FIFO queues")
    fn = scenario.resources.get(esm.function)
    if fn is None or fn.type != "function":
        problems.append(f"{name}: {esm.function} is not a function")
    elif (timeout := invoked_timeout(fn, getattr(esm, "qualifier", None))[0]) > queue.visibility_timeout:
        # §14 (SQSVT), and the version a mapping on an alias or version invokes (§18)
        problems.append(f"Queue visibility timeout: {queue.visibility_timeout} seconds is less "
                        f"than Function timeout: {timeout} seconds")
    return problems


class QueuePoller:
    """One process per SQS mapping; each batch is then a process of its own."""

    def __init__(self, mapping):
        self.m, self.sim = mapping, mapping.sim
        self.queue = mapping.source
        self.sqs = self.sim.services["sqs"]
        self.config = mapping.config
        self.busy_since: float | None = None
        self.running = 0  # batches being processed now
        self.batches = 0
        self._slot_freed = None
        self._decision = None
        self._delete_decision = None

    # ------------------------------------------------------------------ limits
    def limit(self) -> int:
        """How many batches may run at once now (§14, SQSSC)."""
        cap = MAX_CONCURRENCY
        if self.config.scaling_config.maximum_concurrency:
            cap = self.config.scaling_config.maximum_concurrency
        minutes = 0 if self.busy_since is None else int((self.sim.now - self.busy_since) // 60_000)
        return min(cap, START_CONCURRENCY + GROWTH_PER_MINUTE * minutes)

    def _publish(self) -> None:
        self.m.queue_state = {"ConcurrentBatches": self.running, "PollerConcurrencyLimit": self.limit()}
        self.sim.recorder.set_state("lambda", f"event_source_mapping:{self.m.name}", self.m.describe())

    # ------------------------------------------------------------------ the process
    def run(self):
        env = self.sim.env
        if self.m.created_at > env.now:
            yield env.timeout(self.m.created_at - env.now)
        if not self.m.assume_role() or not self._first_poll():
            return
        while True:
            if self.running >= self.limit():
                self._slot_freed = env.event()
                yield self._slot_freed
                continue
            if not self.queue.visible(env.now):
                self._publish()
                yield from self._wait_for_messages()
                continue
            if self.busy_since is None:
                self.busy_since = env.now
            yield from self._batching_window()
            taken = self.sqs.receive(self.queue.name, self.config.batch_size)
            if not taken:  # FIFO: every visible message's group is busy
                yield from self._wait_for_messages()
                continue
            self.batches += 1
            flow = self._flow_for(taken, f"{self.m.name}/batch-{self.batches}")
            self._record_poll(taken, flow)
            passed = self._apply_filter(taken, flow)
            if passed:
                self.running += 1
                self._publish()
                # the handles of this receive (a later receive gets new ones, SQSDEL), and which
                # messages an earlier invoke still works on (their visibility ran out, §14)
                handles = {id(m): m.receipt_handle for m in passed}
                parallel = {id(m) for m in passed if m.working}
                for m in passed:
                    m.working += 1
                env.process(self._process(passed, flow, handles, parallel))

    def _flow_for(self, taken, own: str) -> str:
        """The batch's flow: its own, unless a message carries a recursion chain (a message that
        function code sent, §13 A2): then the flow of the message furthest along its chain, so
        Lambda's loop detection (app/engine/recursion.py) judges this invoke."""
        loops = self.sim.services["lambda"].loops
        chained = [(lineage.count, m.flow) for m in taken
                   if (lineage := loops.lineage(m.flow)) is not None]
        return max(chained)[1] if chained else own

    def _wait_for_messages(self):
        """Long polling: nothing is scheduled until a message arrives or becomes visible."""
        env = self.sim.env
        if not self.queue.present():
            self.busy_since = None  # idle: scaling starts again from 5 (§14, SQSSC)
        wake = [self.queue.wait()]
        later = self.queue.next_visible_at(env.now)
        if later is not None:
            wake.append(env.timeout(later - env.now))
        yield env.any_of(wake)

    def _batching_window(self):
        env, c = self.sim.env, self.config
        window = c.maximum_batching_window_in_seconds * 1000.0
        if window <= 0 or len(self.queue.visible(env.now)) >= c.batch_size:
            return
        deadline = env.now + window
        while len(self.queue.visible(env.now)) < c.batch_size and env.now < deadline:
            yield env.any_of([self.queue.wait(), env.timeout(deadline - env.now)])

    # ------------------------------------------------------------------ permissions
    _read_permission = read_permission  # app/engine/sqs_first_poll.py
    _first_poll = first_poll

    # ------------------------------------------------------------------ one batch
    def _record_poll(self, taken, flow: str) -> None:
        left = len(self.queue.visible(self.sim.now))
        vt = self.queue.config.visibility_timeout
        window = self.config.maximum_batching_window_in_seconds
        waited = (f" after waiting up to {window} s (MaximumBatchingWindowInSeconds) for a fuller "
                  f"batch" if window else "")
        again = [m for m in taken if m.receive_count > 1 and not m.working]
        busy = [m for m in taken if m.receive_count > 1 and m.working]
        failed = " and failed" if all(m.failed_before for m in again) else ""
        self.sim.recorder.record(
            "poll", "lambda", self.queue.name, "pull",
            f"receive {messages(len(taken))} from {self.queue.name} (BatchSize "
            f"{self.config.batch_size})",
            f"Lambda receives {messages(len(taken))} from {self.queue.name}{waited}"
            + (f" ({left} more still waiting)" if left else "")
            + f". SQS hides {'it' if len(taken) == 1 else 'them'} from other consumers for the "
            f"visibility timeout ({vt} s) and raises the receive count by one."
            + ((f" It has been received before{failed}." if len(taken) == 1 else
                f" {messages(len(again))} of them {'has' if len(again) == 1 else 'have'} been "
                f"received before{failed}.") if again else "")
            + ((" An earlier invoke is still working on it: its visibility timeout ran out "
                "first, which is no failure, and now two invokes work on the same message."
                if len(taken) == 1 else
                f" An earlier invoke is still working on {messages(len(busy))} of them: their "
                f"visibility timeout ran out first, which is no failure.") if busy else ""),
            payload={"Messages": [{"MessageId": m.message_id, "ReceiptHandle": m.receipt_handle,
                                   "Body": m.body,
                                   "Attributes": {"ApproximateReceiveCount": str(m.receive_count)}}
                                  for m in taken]},
            permission=self._read_permission(), flow=flow)

    def _apply_filter(self, taken, flow: str):
        """Filtered-out messages are deleted at once (§16, EVF); the rest are the batch."""
        if not self.m.patterns:
            return taken
        passed, dropped = [], []
        for m in taken:
            (passed if self.m.passes_filter(self.sqs.record_for(self.queue.name, m)) else dropped).append(m)
        if dropped:
            self.sqs.delete(self.queue.name, dropped)
            self.sim.recorder.record(
                "dequeue", "lambda", self.queue.name, "pull",
                f"{messages(len(dropped))} filtered out and deleted",
                f"No filter of the mapping {self.m.name} matches {messages(len(dropped))}, so "
                f"Lambda deletes {'it' if len(dropped) == 1 else 'them'} from {self.queue.name} "
                f"without invoking {self.m.function}: a filtered-out SQS message is gone, not "
                f"kept for later." + (f" {messages(len(passed))} go on to the function."
                                      if passed else ""),
                payload={"Deleted": [{"MessageId": m.message_id, "Body": m.body} for m in dropped],
                         "FilterCriteria": {"Filters": [{"Pattern": f.pattern} for f in
                                                        self.config.filter_criteria.filters]}},
                flow=flow, tags=("filtered",))
        return passed

    def _process(self, batch, flow: str, handles: dict, parallel: set):
        """One batch: invoke, then delete (with this receive's `handles`) or leave the messages.
        `parallel`: ids of messages an earlier invoke still works on (not a retry, §14)."""
        lam, iam = self.sim.services["lambda"], self.sim.services["iam"]
        caller = iam.service_principal("lambda.amazonaws.com", "lambda", source_arn=self.m.arn,
                                       source_account=self.sim.account)
        event = {"Records": [self.sqs.record_for(self.queue.name, m) for m in batch]}
        retried = any(m.receive_count > 1 and id(m) not in parallel for m in batch)
        if self._safety_stop(batch, flow):
            self._done_with(batch)
            return
        response = yield from self._invoke(event, caller, flow,
                                           "retry of failed messages" if retried else None,
                                           PARALLEL_NOTE if parallel else None)
        backoffs = 0
        while response.status == 429:  # §14 (SQSERR): back off, retry while the batch is hidden
            wait_ms = THROTTLE_BACKOFF_S * 1000.0 * 2 ** backoffs
            hidden_until = min(m.visible_at for m in batch)
            if self.sim.now + wait_ms >= hidden_until:
                break
            backoffs += 1
            self._record_backoff(batch, flow, wait_ms, hidden_until, backoffs)
            yield self.sim.env.timeout(wait_ms)
            response = yield from self._invoke(event, caller, flow, "retry after a throttle")
        if response.ok and self.config.report_batch_item_failures:
            ids = [item_identifier(r) for r in event["Records"]]
            items = read_item_failures(response.payload, ids)
            if items.whole_batch:
                self._failed(batch, flow, f"the partial batch response of {self.m.function} is not "
                                      f"valid ({items.reason}): Lambda counts the whole batch as "
                                      f"failed")
            elif items.failed:
                failed = [m for m in batch if m.message_id in items.failed]
                for m in failed:
                    m.failed_before = True
                self._delete([m for m in batch if m.message_id not in items.failed], flow,
                             handles, partial=failed)
            else:
                self._delete(batch, flow, handles)
        elif response.ok:
            self._delete(batch, flow, handles)
        else:
            code = (response.headers or {}).get("X-Amzn-ErrorType")
            why = ("was throttled (no concurrency was free)" if response.status == 429 else
                   f"was refused by Lambda ({response.status} {code})" if code else
                   f"failed ({(response.payload or {}).get('errorType', 'error')})")
            self._failed(batch, flow, f"the invoke of {self.m.function} {why}",
                         throttled=response.status == 429, backoffs=backoffs,
                         timed_out=(response.payload or {}).get("errorType") == "Sandbox.Timedout")
        self._done_with(batch)
        self._batch_done()

    @staticmethod
    def _done_with(batch) -> None:
        for m in batch:
            m.working -= 1

    def _invoke(self, event, caller, flow: str, retry: str | None, note: str | None = None):
        return (yield from self.sim.services["lambda"].invoke(
            self.m.function, event, invocation_type="RequestResponse", caller=caller,
            source="lambda", model="pull", flow=flow, check_permission=False, retry=retry,
            note=note, qualifier=getattr(self.config, "qualifier", None)))  # §18: on an alias

    def _record_backoff(self, batch, flow: str, wait_ms: float, hidden_until: float, n: int) -> None:
        vt = self.queue.config.visibility_timeout
        left = (hidden_until - self.sim.now) / 1000.0
        self.sim.recorder.record(
            "retry", "lambda", self.m.function, "pull",
            f"throttled: Lambda backs off {wait_ms / 1000:g} s and retries the batch",
            f"No concurrency was free for {self.m.function}, so the invoke was throttled. Lambda "
            f"keeps the batch ({messages(len(batch))}) and tries again in {wait_ms / 1000:g} s. "
            f"Meanwhile the {'message stays' if len(batch) == 1 else 'messages stay'} hidden in "
            f"{self.queue.name}: {left:g} s of the visibility timeout ({vt} s) are left, and no "
            f"new receive is needed, so the receive count does not go up (if the retries outlast "
            f"the visibility timeout, {'it becomes' if len(batch) == 1 else 'they become'} visible "
            f"again and the next receive counts).",
            payload={"Messages": [{"MessageId": m.message_id,
                                   "ApproximateReceiveCount": m.receive_count} for m in batch],
                     "RetryAfterSeconds": wait_ms / 1000.0, "BackoffRetry": n},
            flow=flow, tags=("retry", "throttled"), caveat=THROTTLE_CAVEAT)

    def _safety_stop(self, batch, flow: str) -> bool:
        """RecursiveLoop Allow: AWS lets a queue loop run forever; LambdaScope ends it at its own
        safety limit (app/engine/recursion.py) and deletes the batch, so the run can end."""
        loops = self.sim.services["lambda"].loops
        if loops.verdict(self.m.function, flow) != STOP:
            return False
        loops.record_safety_stop(self.m.function, flow, "pull")
        self.sqs.delete(self.queue.name, batch)
        self.sim.recorder.record(
            "dequeue", "lambda", self.queue.name, "pull",
            f"LambdaScope deletes {messages(len(batch))} to end the loop (not AWS)",
            f"To end the run, LambdaScope deletes the {messages(len(batch))} of this batch from "
            f"{self.queue.name} without invoking {self.m.function}. In AWS, with RecursiveLoop "
            f"Allow, the loop would go on.", flow=flow, tags=("recursion", "safety-stop"),
            caveat="LambdaScope's own safety stop; AWS has no such limit.")
        self._batch_done()
        return True

    def _batch_done(self) -> None:
        self.running -= 1
        self._publish()
        if self._slot_freed is not None and not self._slot_freed.triggered:
            self._slot_freed.succeed()

    def _delete(self, done, flow: str, handles: dict, partial=()) -> None:
        self.m.last_result = "OK"
        used = [handles.get(id(m)) for m in done]
        stale = self.sqs.delete(self.queue.name, done, used) if done else []
        vt = self.queue.config.visibility_timeout
        if partial:
            ids = ", ".join(short_id(m.message_id) for m in partial)
            summary = (f"delete {messages(len(done))}; {messages(len(partial))} reported failed "
                       f"stay{'s' if len(partial) == 1 else ''}" if done else
                       f"{messages(len(partial))} reported failed: nothing to delete")
            others = (f"Lambda deletes only the other {messages(len(done))}" if done else
                      "there is nothing else in the batch to delete")
            narration = (sentence(f"{self.m.function} returned batchItemFailures naming {ids}")
                         + f" Because the mapping has ReportBatchItemFailures on, {others}. "
                         + ("The reported message stays in " if len(partial) == 1 else
                            f"The reported {messages(len(partial))} stay in ") +
                         f"{self.queue.name}, hidden until the visibility timeout ({vt} s) ends; "
                         f"then Lambda receives {'it' if len(partial) == 1 else 'them'} again.")
            self.m.last_result = "OK (partial batch response)"
        else:
            summary = f"delete {messages(len(done))} from {self.queue.name}"
            narration = (f"{self.m.function} handled the batch, so Lambda deletes its "
                         f"{messages(len(done))} from {self.queue.name} (DeleteMessageBatch). "
                         f"Deleting is what marks a message as done; SQS never does it by itself.")
        if stale:
            summary += (": not deleted, old receipt handle" if len(stale) == len(done) else
                        f" ({len(stale)} not deleted: old receipt handle)")
            narration += stale_handle_sentence(stale, len(done))
        self.sim.recorder.record(
            "dequeue", "lambda", self.queue.name, "pull", summary, narration,
            payload={**({"Entries": [{"Id": str(i), "ReceiptHandle": h}
                                     for i, h in enumerate(used)]} if done else {}),
                     **({"batchItemFailures": [{"itemIdentifier": m.message_id} for m in partial]}
                        if partial else {})},
            # no DeleteMessage call when nothing is deleted, so no permission check (§14, §15)
            permission=self._delete_decision if done else None, flow=flow,
            tags=("partial",) if partial else ())

    def _failed(self, batch, flow: str, why: str, throttled: bool = False,
                backoffs: int = 0, timed_out: bool = False) -> None:
        """Record that the batch failed as a whole (`why`: what happened, a clause); `timed_out`:
        the invoke ran past the function's timeout, so it returned no response at all."""
        self.m.last_result = "PROBLEM: Function call failed"
        policy = self.queue.config.redrive_policy
        vt = self.queue.config.visibility_timeout
        after = after_failure(policy, max(m.receive_count for m in batch), len(batch))
        rbif = (TIMED_OUT_BATCH if timed_out and self.config.report_batch_item_failures else
                "" if self.config.report_batch_item_failures else (
            " Every message of the batch counts as failed, the good ones too: with "
            "ReportBatchItemFailures the code could report only the bad ones, and Lambda would "
            "delete the rest."))
        for m in batch:
            m.failed_before = True
        stays = f"{messages(len(batch))} stay{'s' if len(batch) == 1 else ''} in {self.queue.name}"
        self.sim.recorder.record(
            "retry", "lambda", self.queue.name, "pull",
            f"Lambda gives up the throttled batch: {stays}" if throttled else
            f"batch failed: {stays}",
            f"{why[0].upper()}{why[1:]}, so Lambda deletes nothing. "
            + (f"Lambda has backed off and retried it {backoffs} "
               f"{'time' if backoffs == 1 else 'times'} while the messages stayed hidden; the next "
               f"try would come after their visibility timeout ({vt} s) ends, so it gives them "
               f"up. " if throttled else "")
            + (f"The message stays in {self.queue.name}, hidden until the visibility timeout "
               f"({vt} s) ends; then Lambda receives it again." if len(batch) == 1 else
               f"The {messages(len(batch))} stay in {self.queue.name}, hidden until the visibility "
               f"timeout ({vt} s) ends; then Lambda receives them again.")
            + f"{rbif if len(batch) > 1 else ''} {after}",
            payload={"Messages": [{"MessageId": m.message_id,
                                   "ApproximateReceiveCount": m.receive_count} for m in batch]},
            flow=flow, tags=("retry",),
            caveat=THROTTLE_CAVEAT if throttled else None)


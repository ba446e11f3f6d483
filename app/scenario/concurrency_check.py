"""`check` rules for the account's concurrency: reservations, and SQS mappings' concurrency.

Refused (a load-time problem), as AWS refuses the call: reserved concurrency (PutFunctionConcurrency)
and provisioned concurrency of a function without a reservation (PutProvisionedConcurrencyConfig)
may take the account's concurrency only while at least 100 executions stay unreserved for the
functions without a reservation; AWS answers 400 InvalidParameterValueException otherwise
(lambda-behaviour.md §11 CON, §19 PC; AWS:
https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html,
https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html).

Warned (the file stays valid):
- an account limit of 100 or less with any reservation: AWS could reserve nothing in such an
  account; a lesson may scale the account down to show throttles with small numbers.
- a function an SQS mapping invokes, with reserved concurrency 1 to 4 (AWS advises at least 5,
  §14 SQSCFG: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html), or
  below the sum of its SQS mappings' MaximumConcurrency: mappings do not count the reservation,
  so the extra invokes are throttled (§14 SQSSC:
  https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
Qt-free; no engine needed.
"""

from __future__ import annotations

from app.english import possessive
from app.scenario.timeout_warnings import FileWarning

MIN_UNRESERVED = 100  # §11 (CON), PutFunctionConcurrency
SQS_MIN_RESERVED = 5  # §14 (SQSCFG)


def _reservations(functions: dict) -> list[tuple[str, tuple, int, bool]]:
    """(function, path of the key, executions it takes from the account, provisioned?) in file
    order: the reservation if set, else the provisioned concurrency of its aliases and versions
    (which then comes out of the unreserved pool, §19)."""
    out = []
    for name, fn in functions.items():
        base = ("resources", name)
        if fn.reserved_concurrent_executions is not None:
            if fn.reserved_concurrent_executions:
                out.append((name, (*base, "reserved_concurrent_executions"),
                            fn.reserved_concurrent_executions, False))
            continue
        holders = [(("versions", v), x) for v, x in fn.versions.items()]
        holders += [(("aliases", a), x) for a, x in fn.aliases.items()]
        for where, holder in holders:
            if holder.provisioned_concurrent_executions:
                out.append((name, (*base, *where, "provisioned_concurrent_executions"),
                            holder.provisioned_concurrent_executions, True))
    return out


def reservation_problems(functions: dict, limit: int) -> list[tuple[tuple, str]]:
    """(path, message) for each reservation AWS would refuse because it leaves fewer than 100
    of the account's `limit` concurrent executions unreserved. `functions`: name → Function
    model, in file order. A refused reservation reserves nothing, so the ones after it are
    judged without it (one mistake, one problem), and its "at most" leaves room for every
    reservation that is kept. Accounts of 100 or less are left to `concurrency_warnings`."""
    if limit <= MIN_UNRESERVED:
        return []
    reservations = _reservations(functions)
    refused, taken = set(), 0
    for i, (*_, amount, _provisioned) in enumerate(reservations):
        if limit - taken - amount < MIN_UNRESERVED:
            refused.add(i)  # AWS answers the call with an error: nothing is reserved
        else:
            taken += amount
    out = []
    for i in sorted(refused):
        name, path, amount, provisioned = reservations[i]
        left = limit - taken - amount
        most = max(0, limit - MIN_UNRESERVED - taken)
        what = (f"provisioned concurrency comes out of the unreserved pool for a function "
                f"without reserved concurrency (§19), so setting {amount} for {name}"
                if provisioned else f"reserving {amount} concurrent executions for {name}")
        out.append((path, (
            f"{what} leaves {max(0, left)} of the account's {limit} unreserved. AWS keeps at "
            f"least {MIN_UNRESERVED} unreserved for the functions without a reservation and "
            f"refuses this with 400 InvalidParameterValueException (lambda-behaviour.md §11): "
            + (f"set at most {most} here" if most else "remove it")
            + f", or raise settings.account_concurrency_limit to at least "
            f"{taken + amount + MIN_UNRESERVED}")))
    return out


def concurrency_warnings(scenario) -> list[FileWarning]:
    """The warnings above, in file order of the keys they are about."""
    functions = scenario.of_type("function")
    out: list[FileWarning] = []
    limit = scenario.settings.account_concurrency_limit
    taken = _reservations(functions)
    if limit <= MIN_UNRESERVED and taken:
        total = sum(amount for *_, amount, _ in taken)
        unique = list(dict.fromkeys(name for name, *_ in taken))
        names = ", ".join(unique) + (" take" if len(unique) > 1 else " takes")
        out.append(FileWarning(("settings", "account_concurrency_limit"), (
            f"warning: with an account limit of {limit}, AWS could not reserve any concurrency: "
            f"it keeps at least {MIN_UNRESERVED} executions unreserved (lambda-behaviour.md "
            f"§11, §19). Here {names} {total} anyway, so the lesson can show it with small "
            f"numbers. To match AWS, write `account_concurrency_limit: {total + MIN_UNRESERVED}` "
            f"in its place")))
    out += _sqs_warnings(scenario, functions)
    return out


def _sqs_warnings(scenario, functions: dict) -> list[FileWarning]:
    queues = scenario.of_type("sqs_queue")
    mappings: dict[str, list] = {}  # function → [(mapping name, mapping)] reading SQS queues
    for name, esm in scenario.of_type("event_source_mapping").items():
        if esm.source in queues and esm.function in functions:
            mappings.setdefault(esm.function, []).append((name, esm))
    out: list[FileWarning] = []
    for fn_name, found in mappings.items():
        reserved = functions[fn_name].reserved_concurrent_executions
        if reserved is None:
            continue
        maxima = [esm.scaling_config.maximum_concurrency for _, esm in found
                  if esm.scaling_config.maximum_concurrency]
        wanted = max(SQS_MIN_RESERVED, sum(maxima))
        via = " and ".join(f"{m} (queue {esm.source})" for m, esm in found)
        if 0 < reserved < SQS_MIN_RESERVED:
            out.append(FileWarning(("resources", fn_name, "reserved_concurrent_executions"), (
                f"warning: {fn_name} is invoked by the SQS mapping {via} with reserved "
                f"concurrency {reserved}. AWS advises at least {SQS_MIN_RESERVED} for such a "
                f"function: " + (
                    "what the reservation cannot take is throttled and comes back to the queue"
                    if all(queues[esm.source].fifo for _, esm in found) else  # §14: FIFO pollers
                    "the pollers start with five batches at once, and what the reservation "
                    "cannot take is throttled and comes back to the queue")
                + f" (lambda-behaviour.md §14). Write `reserved_concurrent_executions: {wanted}` "
                f"in its place")))
        if maxima and sum(maxima) > reserved:
            for name, esm in found:
                if not esm.scaling_config.maximum_concurrency:
                    continue
                out.append(FileWarning(
                    ("resources", name, "scaling_config", "maximum_concurrency"), (
                        f"warning: the SQS mappings of {fn_name} may run "
                        f"{sum(maxima)} invokes at once (maximum_concurrency), more than its "
                        f"reserved concurrency {reserved}. A mapping does not count the "
                        f"reservation, so Lambda will throttle the extra invokes and the "
                        f"messages come back to the queue (lambda-behaviour.md §14). Keep the "
                        f"reservation at least the sum of the maxima: write "
                        f"`reserved_concurrent_executions: {wanted}` in place of {possessive(fn_name)} "
                        f"`reserved_concurrent_executions:`")))
    return out

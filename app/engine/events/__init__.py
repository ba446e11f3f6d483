"""Builders for the event documents AWS services publish to Lambda, exactly as AWS shapes them.

One module per source (`s3`, `api_gateway`, `kinesis`, `dynamodb`). Builders take plain values
(names, sizes, times, ids drawn from `sim.ids`) and return JSON-ready dicts; nothing of ours is
added to a document, so what a student sees in the inspector is what their handler would get.
"""

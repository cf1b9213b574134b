"""What both approval lists of the staff area (enrollment requests, class registrations) do with a decision,
whatever they decide on: the checks their tests share."""


def assert_bad_decisions_refused(client, *, decide, list_url: str, pending: dict) -> None:
    """An unknown decision, a GET, someone outside the reader's scope, no such row, a POST to the list:
    each refused with its status, never a server error. ``pending``: the rows "inside" and "outside" the
    reader's scope."""
    inside, outside = pending["inside"], pending["outside"]
    assert client.post(decide(inside.pk), {"decision": "maybe"}).status_code == 400
    assert client.get(decide(inside.pk)).status_code == 405
    assert client.post(decide(outside.pk), {"decision": "approve"}).status_code == 404
    assert client.post(decide(999999), {"decision": "approve"}).status_code == 404
    assert client.post(list_url, {"decision": "approve"}).status_code == 405


def assert_decided_leaves_the_list(client, *, decide, list_url: str, pending) -> None:
    """Approved once, ``pending`` cannot be decided again and is no longer listed."""
    client.post(decide(pending.pk), {"decision": "approve"})
    assert client.post(decide(pending.pk), {"decision": "reject", "note": "Muộn"}).status_code == 404
    assert pending.user.full_name not in client.get(list_url).content.decode()

def handle(event, context):
    """Answers one call.

    event: method, path, query (raw string), headers (dict), body (bytes).
    context: env (os.environ), secret(name).
    Return a str, bytes, or {"statusCode": 200, "body": ..., "headers": {...}}.
    """
    name = event.body.decode() or "world"
    return {"statusCode": 200, "body": "Hello, " + name + "\n"}

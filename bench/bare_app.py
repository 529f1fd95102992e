"""The least a WSGI application can do with a form post: read it and redirect.

`bench/submit.py --ceilings` serves it as Polku is served, to show what the web server and the
load generator alone cost on this machine.
"""


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Length", "2")])
        return [b"up"]
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("303 See Other", [("Location", "/thanks/"), ("Content-Length", "0")])
    return [b""]

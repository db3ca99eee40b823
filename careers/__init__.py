"""The project package and the members' app.

The project: one environment-driven ``settings``, the root ``urls``, WSGI/ASGI, the site-wide
middleware (``middleware``: the 503 page when the database is down, bad input, permissions policy) and
the Redis/database failover cache (``cache``). The members' app (app label ``careers``): the custom user
model, accounts (``accounts/``), Get Started and the career record (``selectors``: reads; ``plan``: the
next move; ``services``: writes), following tracks (``follows``, the follow digest: ``digest``,
``tasks``), and their views and URLs. The top layer: it depends on ``pages``, ``tracks`` and ``salaries``;
nothing depends on it.
"""

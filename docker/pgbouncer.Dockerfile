# pgbouncer between the gateway replicas and PostgreSQL: Debian bookworm's package (1.18, the
# same as the test in tests/under_fire/test_pgbouncer.py), transaction pooling.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends pgbouncer \
    && rm -rf /var/lib/apt/lists/*
COPY docker/pgbouncer.ini /etc/pgbouncer/pgbouncer.ini
COPY docker/pgbouncer-users.txt /etc/pgbouncer/userlist.txt
USER postgres
EXPOSE 6432
CMD ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]

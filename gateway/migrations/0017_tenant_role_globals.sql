-- The tables of no shop are not the tenant role's: requests run as `gateway_tenant`
-- (gateway/db/tenant_scope.py), and a hole in one request's SQL must not read the keys that
-- sign every shop's order-status and invoice links (gateway_secrets) nor touch the migration
-- record. The login role reads the secrets at start-up (gateway/gateway_secrets.py).
revoke all on gateway_secrets, schema_migrations from gateway_tenant;

-- 1. Mail: dead letters and SMTP outages (gateway/mail/sender.py).
--    failing_since: the first failure of the current run of failures (null once delivered or
--    retried by the admin); failed_at: a dead letter, given up after MAIL_DEAD_AFTER_HOURS of
--    failures (or at once on a permanent 5xx refusal), never claimed again until retried;
--    server_fault: the last failure was the SMTP server being unreachable, not this mail, so a
--    delivery that succeeds again makes it due at once.
alter table mail_outbox
    add column failing_since timestamptz,
    add column failed_at timestamptz,
    add column server_fault boolean not null default false;
create index mail_outbox_dead on mail_outbox (shop_id, failed_at desc, id desc)
    where failed_at is not null;
create index mail_outbox_deferred on mail_outbox (id)
    where server_fault and sent_at is null and failed_at is null;

-- 2. Row-level security on every tenant table (README: "Operations: pgbouncer, row-level
--    security, dead letters"; gateway/db/tenant_scope.py applies it per request).
--    gateway_tenant: the role a request's transaction runs as (`set_config('role', ..., true)`),
--    which sees only the rows of the shop in `gateway.shop_id` (set per transaction) and
--    nothing when it is unset. gateway_all_shops: membership in it is the right to cross shops
--    (migrations, `gateway shop create`, the mail sender, housekeeping); the role that runs the
--    migrations is made a member of both. Tables are FORCEd, so their owner is bound too: a
--    role that is in neither sees no tenant rows at all. Superusers bypass RLS whatever we do,
--    which is why requests never run as the login role.
do $$
declare
    role_name text;
begin
    foreach role_name in array array['gateway_tenant', 'gateway_all_shops'] loop
        if not exists (select 1 from pg_roles where rolname = role_name) then
            begin
                execute format('create role %I nologin nobypassrls', role_name);
            exception when duplicate_object or unique_violation then
                null;  -- roles are per server: another database's migration made it just now
            end;
        end if;
    end loop;
    foreach role_name in array array['gateway_tenant', 'gateway_all_shops'] loop
        if not pg_has_role(current_user, role_name, 'USAGE') then
            execute format('grant %I to %I', role_name, current_user);
        end if;
    end loop;
exception when insufficient_privilege then
    raise exception using
        message = 'the gateway needs the roles gateway_tenant and gateway_all_shops',
        hint = format('As a superuser: create role gateway_tenant nologin; create role '
            'gateway_all_shops nologin; grant gateway_tenant, gateway_all_shops to %I;',
            current_user);
end $$;

grant usage on schema public to gateway_tenant;
grant select, insert, update, delete on all tables in schema public to gateway_tenant;
grant usage, select on all sequences in schema public to gateway_tenant;
alter default privileges in schema public
    grant select, insert, update, delete on tables to gateway_tenant;
alter default privileges in schema public grant usage, select on sequences to gateway_tenant;

-- The shop of this transaction; null when none is set (then a tenant sees nothing).
create or replace function gateway_current_shop() returns uuid
language sql stable as $$ select nullif(current_setting('gateway.shop_id', true), '')::uuid $$;

-- Row-level security for one tenant table, keyed on its column `key` (shop_id, or shops.id).
-- Later migrations that add a tenant table call it: select gateway_protect_tenant_table('t');
create or replace function gateway_protect_tenant_table(t regclass, key text default 'shop_id')
returns void language plpgsql as $$
begin
    execute format('alter table %s enable row level security', t);
    execute format('alter table %s force row level security', t);
    execute format('drop policy if exists shop_isolation on %s', t);
    execute format('create policy shop_isolation on %s to gateway_tenant '
        'using (%I = gateway_current_shop()) with check (%I = gateway_current_shop())',
        t, key, key);
    execute format('drop policy if exists all_shops on %s', t);
    execute format('create policy all_shops on %s to gateway_all_shops '
        'using (true) with check (true)', t);
end $$;

select gateway_protect_tenant_table('shops', 'id');
select gateway_protect_tenant_table(format('%I.%I', c.table_schema, c.table_name)::regclass)
from information_schema.columns c
join information_schema.tables t using (table_schema, table_name)
where c.table_schema = 'public' and c.column_name = 'shop_id' and t.table_type = 'BASE TABLE';

-- Account trust (issue 8).
--
-- 1. Every mailed token of a contact dies when the contact's password or e-mail address
--    changes, whatever its purpose, now and for purposes added later: one trigger decides it,
--    for every code path that changes them (a new password, a reset, a password dropped because
--    it was set before the address was proven, an e-mail change, an erased account).
--    `password_changed_at` moves on every real change of the password (not on a rehash of the
--    same password), so it is what the trigger watches.
create function revoke_tokens_on_credential_change() returns trigger
language plpgsql as $$
begin
    update auth_tokens set used_at = now()
    where contact_id = new.id and used_at is null;
    return null;
end
$$;

create trigger contacts_credentials_changed
    after update of password_hash, password_changed_at, email on contacts
    for each row
    when (old.password_changed_at is distinct from new.password_changed_at
          or old.email is distinct from new.email)
    execute function revoke_tokens_on_credential_change();

-- 2. Stored e-mail addresses take one spelling (Unicode NFC local part, lower-case Unicode
--    domain); the rows written before are rewritten by the data step of this migration
--    (gateway/db/data_migrations.py), which needs Python's IDNA and e-mail rules.

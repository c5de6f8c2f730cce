-- People who sign in to the web UI and the API: staff, volunteers, managers, administrators. Passwords are
-- kept only as ASP.NET Core Identity hashes (PBKDF2); API tokens only as their SHA-256.

CREATE TABLE users (
    id              {id},
    name            TEXT NOT NULL UNIQUE,            -- what they type to sign in, lower case
    display_name    TEXT NOT NULL,                   -- shown on screens and as the counsellor on agreements
    role            TEXT NOT NULL CHECK (role IN ('volunteer', 'counsellor', 'manager', 'admin')),
    password_hash   TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    {timestamp},
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at     {timestamp},
    -- Changes on every password change or disable, so that sessions signed in before it end at their next request.
    security_stamp  TEXT NOT NULL,
    created_at      {timestamp} NOT NULL,
    last_sign_in_at {timestamp}
);

CREATE TABLE api_tokens (
    id           {id},
    user_id      BIGINT NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_at   {timestamp} NOT NULL,
    last_used_at {timestamp},
    revoked_at   {timestamp}
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

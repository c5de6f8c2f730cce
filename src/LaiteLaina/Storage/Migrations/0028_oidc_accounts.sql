-- Sign-in with the organisation's accounts (OpenID Connect): a user row is linked to the provider's account by the
-- issuer and the subject (`sub`), which the provider promises never to reuse or change, unlike a name or an e-mail.
-- Local accounts have neither. The e-mail is the work address the provider gives, kept for the user list.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX ux_users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

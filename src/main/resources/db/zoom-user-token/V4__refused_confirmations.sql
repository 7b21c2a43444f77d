-- A consent whose scopes mint no token is revoked at the callback and kept only so that its caller's confirmation can
-- say why (missing-scope): such a row has the principal and the granted scopes, and no Zoom ids and no tokens.
ALTER TABLE zoom_user_token_confirmation ALTER COLUMN zoom_user_id DROP NOT NULL;
ALTER TABLE zoom_user_token_confirmation ALTER COLUMN zoom_account_id DROP NOT NULL;
ALTER TABLE zoom_user_token_confirmation ALTER COLUMN refresh_token DROP NOT NULL;
ALTER TABLE zoom_user_token_confirmation ALTER COLUMN access_token DROP NOT NULL;

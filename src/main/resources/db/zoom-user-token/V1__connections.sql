-- Connected Zoom users (user-level OAuth). Tokens are never stored in clear: refresh_token and access_token hold
-- AES-256-GCM values that name their key ("v1.<key id>.<sealed>"), bound to the row's principal and column.
CREATE TABLE zoom_user_token_connection (
    principal               VARCHAR(320)  NOT NULL PRIMARY KEY,
    zoom_user_id            VARCHAR(64)   NOT NULL,
    zoom_account_id         VARCHAR(64)   NOT NULL,
    scopes                  VARCHAR(2000) NOT NULL,
    status                  VARCHAR(32)   NOT NULL,
    connected_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    version                 BIGINT        NOT NULL,
    refresh_token           VARCHAR(4000) NOT NULL,
    access_token            VARCHAR(4000),
    access_token_expires_at TIMESTAMP WITH TIME ZONE,
    -- The one replica refreshing the tokens now, and until when its claim holds (Zoom rotates refresh tokens: one
    -- refresh at a time, whatever the number of replicas).
    refresh_owner           VARCHAR(64),
    refresh_until           TIMESTAMP WITH TIME ZONE
);

CREATE INDEX zoom_user_token_connection_zoom_user ON zoom_user_token_connection (zoom_user_id);

-- Authorizations in progress: the SHA-256 of the single-use state (never the state itself), the caller it belongs
-- to, and the sealed PKCE verifier. Rows are taken once, and expired ones are deleted.
CREATE TABLE zoom_user_token_authorization (
    state_hash    VARCHAR(64)   NOT NULL PRIMARY KEY,
    principal     VARCHAR(320)  NOT NULL,
    code_verifier VARCHAR(1000) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX zoom_user_token_authorization_expiry ON zoom_user_token_authorization (expires_at);

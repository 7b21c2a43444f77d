-- Authorizations Zoom completed, waiting for their caller to confirm them from the browser that came back from Zoom
-- (so that a link started by one caller cannot connect another person's Zoom user to it). The confirmation code is kept
-- only as its SHA-256; the tokens are sealed as in the connections table, bound to this row and column. Rows are taken
-- once, and expired ones are deleted.
CREATE TABLE zoom_user_token_confirmation (
    confirmation_hash       VARCHAR(64)   NOT NULL PRIMARY KEY,
    principal               VARCHAR(320)  NOT NULL,
    zoom_user_id            VARCHAR(64)   NOT NULL,
    zoom_account_id         VARCHAR(64)   NOT NULL,
    scopes                  VARCHAR(2000) NOT NULL,
    refresh_token           VARCHAR(4000) NOT NULL,
    access_token            VARCHAR(4000) NOT NULL,
    access_token_expires_at TIMESTAMP WITH TIME ZONE,
    expires_at              TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX zoom_user_token_confirmation_expiry ON zoom_user_token_confirmation (expires_at);

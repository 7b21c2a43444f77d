-- Verified webhook events, by the SHA-256 of their signature, kept while their timestamp still verifies: an event
-- replayed within that window is answered but does nothing.
CREATE TABLE zoom_user_token_webhook_event (
    signature_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX zoom_user_token_webhook_event_expiry ON zoom_user_token_webhook_event (expires_at);

-- A principal's authorizations in progress are bounded (the oldest are dropped): found by principal.
CREATE INDEX zoom_user_token_authorization_principal ON zoom_user_token_authorization (principal, expires_at);

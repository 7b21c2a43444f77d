-- The keep-alive looks for active connections whose tokens were last written long ago, oldest first.
CREATE INDEX zoom_user_token_connection_idle ON zoom_user_token_connection (status, updated_at);

-- Chat messages as a webhook event (message.created). Messages are written by the chat's group-commit writer and
-- never pass through the bus or the outbox, so a message delivery names its message instead of an outbox row:
-- source_key 'message:<conversation_id>:<seq>'. The unique (webhook, source) pair keeps one delivery per webhook
-- and message, whatever the resends and however many nodes record it. Rows of bus events leave it null.
alter table webhook_deliveries add column source_key text;
alter table webhook_deliveries add constraint webhook_deliveries_source unique (webhook_id, source_key);

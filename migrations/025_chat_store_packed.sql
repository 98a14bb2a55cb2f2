-- The chat writer's call, answered as one JSON text, [[ord, seq, inserted, allowed, status, agent_id], …], instead of
-- six values per message. On the embedded database each value is decoded by PGlite's protocol reader and copied
-- between threads one by one: packed, a stored message costs about a tenth less CPU (both threads; medians of six
-- rounds: 101 → 90 µs at 30 a batch, 68 → 58 µs at 80).
-- chat_store_messages is unchanged: a node still running the previous release keeps calling it.
create function chat_store_messages_packed(
  p_conversation bigint[], p_shop bigint[], p_sender_kind text[], p_sender bigint[], p_sender_name text[],
  p_client_msg_id text[], p_kind text[], p_body text[], p_now timestamptz)
returns text language sql as $f$
  select coalesce(json_agg(json_build_array(s.ord, s.seq, s.inserted, s.allowed, s.status, s.agent_id)), '[]')::text
  from chat_store_messages(p_conversation, p_shop, p_sender_kind, p_sender, p_sender_name, p_client_msg_id, p_kind,
    p_body, p_now) s
$f$;

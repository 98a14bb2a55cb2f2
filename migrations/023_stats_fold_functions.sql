-- The folder's statements as functions. On the embedded database, planning a statement costs about as much as running
-- it, and a function keeps its plans between calls. A chunk of conversations is folded in two statements and no
-- transaction around them: the candidates are read, replayed in the app, and saved by one call that first checks
-- nobody folded them meanwhile (another node, say); if somebody did, it writes nothing and the chunk is read again.

-- Candidate conversations with what the folder knows of them, and whether they have something new (`due`): messages
-- or assignments not folded in yet, or an assignment that ended. Named ones (`p_ids`: just written to), or the served
-- ones after `p_after` by id (a full fold: an open assignment, or one that ended since the last fold).
create function stats_fold_candidates(p_ids bigint[], p_after bigint, p_limit int)
returns table (id bigint, shop_id bigint, buyer_id bigint, last_seq bigint, timezone text, window_days int, folded_seq bigint,
  folded_assignment bigint, unanswered_since timestamptz, pending int, dirty bigint, new_marks boolean, mark_agent_id bigint,
  mark_start_seq bigint, mark_end_seq bigint, mark_assigned_at timestamptz, due boolean)
language plpgsql stable
-- The same plan every call, not planned again for each chunk's values: the chunks are alike.
set plan_cache_mode = force_generic_plan as $f$
begin
  return query
  with dd as (
    select x.id as conversation_id, d.marked as dirty
    from unnest(p_ids) as x(id) left join stats_dirty d on d.conversation_id = x.id
    where p_ids is not null
    union all
    select g.conversation_id, max(g.dirty) from (
      (select k.conversation_id, null::bigint as dirty from stats_assignment_marks k
        where p_ids is null and k.end_seq is null and k.conversation_id > p_after order by k.conversation_id limit p_limit)
      union all
      (select s.conversation_id, s.marked from stats_dirty s
        where p_ids is null and s.conversation_id > p_after order by s.conversation_id limit p_limit)
    ) g group by g.conversation_id
  )
  -- Row by row through the primary keys: the candidates are few, the tables large.
  select c.id, c.shop_id, c.buyer_id, c.last_seq, sh.timezone, coalesce(ss.attribution_days, 3),
    coalesce(s.folded_seq, 0), coalesce(s.folded_assignment, 0), s.unanswered_since,
    coalesce(s.pending_msgs, 0), dd.dirty, x.new_marks, s.mark_agent_id, s.mark_start_seq, s.mark_end_seq, s.mark_assigned_at,
    (dd.dirty is not null or c.last_seq > coalesce(s.folded_seq, 0) or x.new_marks)
  from dd
  cross join lateral (select v.id, v.shop_id, v.buyer_id, v.last_seq from conversations v where v.id = dd.conversation_id offset 0) c
  cross join lateral (select y.timezone from shops y where y.id = c.shop_id offset 0) sh
  left join lateral (select z.* from stats_conversations z where z.conversation_id = c.id offset 0) s on true
  left join stats_settings ss on ss.shop_id = c.shop_id
  cross join lateral (select exists (select 1 from stats_assignment_marks k where k.conversation_id = c.id
    and k.assignment_id > coalesce(s.folded_assignment, 0)) as new_marks) x
  order by c.id
  limit p_limit;
end $f$;

-- Saves a folded chunk: the contacts' deltas (询单 decided for those that get their first buyer message) with their
-- conversions, and how far each conversation is folded in now (an end seen is cleared unless another came meanwhile).
-- `p_was_*` is how far each was folded when its candidates were read: false, and nothing written, if that moved.
create function stats_fold_save(
  p_conv bigint[], p_was_seq bigint[], p_was_assignment bigint[], p_shop bigint[], p_folded_seq bigint[],
  p_folded_assignment bigint[], p_unanswered timestamptz[], p_pending int[], p_mark_agent bigint[], p_mark_start bigint[],
  p_mark_end bigint[], p_mark_at timestamptz[], p_dirty bigint[],
  c_shop bigint[], c_day date[], c_agent bigint[], c_buyer bigint[], c_buyer_msgs int[], c_agent_msgs int[],
  c_first_buyer_at timestamptz[], c_first_agent_at timestamptz[], c_last_agent_at timestamptz[], c_responses int[],
  c_response_ms bigint[], c_first_response_ms bigint[], c_window int[])
returns boolean language plpgsql set plan_cache_mode = force_generic_plan as $f$
declare
  n int := coalesce(cardinality(c_shop), 0);
  inquiry boolean[];
  r_shop bigint[];
  r_agent bigint[];
  r_day date[];
  r_buyer bigint[];
begin
  -- Any fixed number: one folder at a time (on any node) saves; the check below sees what the last one committed.
  perform pg_advisory_xact_lock(734218);
  if exists (select 1 from unnest(p_conv, p_was_seq, p_was_assignment) as x(id, seq, asg)
      left join stats_conversations s on s.conversation_id = x.id
      where coalesce(s.folded_seq, 0) <> x.seq or coalesce(s.folded_assignment, 0) <> x.asg) then
    return false;
  end if;

  if n > 0 then
    select array_agg((u.bm > 0 and not exists (select 1 from trades t where t.buyer_id = u.buyer_id and t.shop_id = u.shop_id
        and t.created >= u.fb - stats_days(u.w) and t.created < u.fb)) order by u.i)
      into inquiry
      from unnest(c_shop, c_buyer, c_buyer_msgs, c_first_buyer_at, c_window) with ordinality as u(shop_id, buyer_id, bm, fb, w, i);
    select array_agg(a.r_shop), array_agg(a.r_agent), array_agg(a.r_day), array_agg(a.r_buyer)
      into r_shop, r_agent, r_day, r_buyer
      from stats_apply_contacts(c_shop, c_day, c_agent, c_buyer, c_buyer_msgs, c_agent_msgs, c_first_buyer_at, c_first_agent_at,
        c_last_agent_at, c_responses, c_response_ms, c_first_response_ms, inquiry, array_fill(0, array[n]), array_fill(0, array[n]),
        array_fill(0, array[n]), array_fill(0::bigint, array[n]), array_fill(0, array[n])) a;
    -- A payment made before the chat was folded in may convert a contact that has just become a 询单 reception.
    if r_shop is not null then
      perform stats_convert_contacts(r_shop, r_agent, r_day, r_buyer);
    end if;
  end if;

  insert into stats_conversations as s (conversation_id, shop_id, folded_seq, folded_assignment, unanswered_since, pending_msgs,
    mark_agent_id, mark_start_seq, mark_end_seq, mark_assigned_at)
  select * from unnest(p_conv, p_shop, p_folded_seq, p_folded_assignment, p_unanswered, p_pending, p_mark_agent, p_mark_start,
    p_mark_end, p_mark_at)
  order by 1
  on conflict (conversation_id) do update set folded_seq = excluded.folded_seq, folded_assignment = excluded.folded_assignment,
    unanswered_since = excluded.unanswered_since, pending_msgs = excluded.pending_msgs, mark_agent_id = excluded.mark_agent_id,
    mark_start_seq = excluded.mark_start_seq, mark_end_seq = excluded.mark_end_seq, mark_assigned_at = excluded.mark_assigned_at;

  delete from stats_dirty d using unnest(p_conv, p_dirty) as x(id, marked)
  where x.marked is not null and d.conversation_id = x.id and d.marked = x.marked;
  return true;
end $f$;

import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useState } from 'react';
import { get } from '../../api/client';
import { useShopItems } from '../../api/knowledge';
import type { Item } from '../../api/types';

/** One of the shop's items, by title: the first hundred at once, the rest found by typing part of the title. */
export function ItemSelect(props: Omit<SelectProps<number | null>, 'options' | 'showSearch'>) {
  const [search, setSearch] = useState('');
  const first = useShopItems();
  const found = useQuery({
    queryKey: ['items', 'search', search],
    queryFn: async () => (await get<{ items: Item[] }>('/api/items', { q: search, page_size: 50 })).items,
    enabled: search.trim().length > 0,
    staleTime: 60_000,
  });
  const items = search.trim() && found.data ? found.data : first.data ?? [];
  const options = items.map((i) => ({ value: i.num_iid, label: i.title }));
  // An entry about an item beyond the first hundred still shows which one.
  if (typeof props.value === 'number' && !options.some((o) => o.value === props.value)) {
    const known = first.data?.find((i) => i.num_iid === props.value);
    options.unshift({ value: props.value, label: known?.title ?? String(props.value) });
  }
  return (
    <Select<number | null>
      allowClear
      {...props}
      loading={first.isPending || found.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onBlur={() => setSearch('')}
      options={options}
    />
  );
}

/** The title of an item, or its number while the list loads or when it is gone. */
export function useItemTitles() {
  const items = useShopItems();
  return (numIid: number) => items.data?.find((i) => i.num_iid === numIid)?.title ?? String(numIid);
}

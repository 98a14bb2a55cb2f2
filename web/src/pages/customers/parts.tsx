import { Select, Tag, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import { useLevels, useShopItems, useTags, type CustomerTag } from './api';

/** A customer tag in its colour (an antd preset name or #rrggbb); the name is the seller's text. */
export function TagChip({ tag }: { tag: Pick<CustomerTag, 'name' | 'color'> }) {
  return <Tag color={tag.color} style={{ marginInlineEnd: 4 }}>{tag.name}</Tag>;
}

export function useCan(permission: string) {
  const { data: me } = useMe();
  return hasPermission(me, permission);
}

/** 0.2513 → 25.13%; no buyers, no rate. */
export const formatRate = (rate: number | null | undefined) => (rate == null ? '-' : `${(rate * 100).toFixed(2)}%`);

/** The shop's tags to choose from, each shown in its colour. */
export function TagSelect(props: SelectProps<number[]>) {
  const { t } = useTranslation();
  const tags = useTags();
  const byId = new Map((tags.data ?? []).map((tag) => [tag.id, tag]));
  return (
    <Select<number[]>
      mode="multiple"
      allowClear
      placeholder={t('customers.profile.pickTags')}
      loading={tags.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      options={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
      optionRender={(o) => { const tag = byId.get(o.value as number); return tag ? <TagChip tag={tag} /> : o.label; }}
      tagRender={({ value, closable, onClose }) => {
        const tag = byId.get(value as number);
        return (
          <Tag color={tag?.color} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
            {tag?.name ?? String(value)}
          </Tag>
        );
      }}
      {...props}
    />
  );
}

export function LevelSelect(props: SelectProps<string | string[]>) {
  const levels = useLevels();
  return (
    <Select<string | string[]>
      allowClear
      loading={levels.isPending}
      options={(levels.data ?? []).map((l) => ({ value: l.name, label: l.name }))}
      {...props}
    />
  );
}

export function ItemSelect(props: SelectProps<number | number[]>) {
  const items = useShopItems();
  return (
    <Select<number | number[]>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={items.isPending}
      options={(items.data ?? []).map((i) => ({ value: i.num_iid, label: i.title }))}
      {...props}
    />
  );
}
